<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AddSource</name>
    <message>
        <location filename="../../ui/add_source.py" line="38"/>
        <source>Add source</source>
        <translation>Добавить источник</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="42"/>
        <source>Find feeds</source>
        <translation>Найти ленты</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="55"/>
        <source>Site or feed address:</source>
        <translation>Адрес сайта или ленты:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="56"/>
        <source>Feeds found:</source>
        <translation>Найденные ленты:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="58"/>
        <source>Folder:</source>
        <translation>Папка:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="79"/>
        <source>Looking for feeds…</source>
        <translation>Поиск лент…</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../ui/article_view.py" line="65"/>
        <source>Select an article to read it.</source>
        <translation>Выберите статью, чтобы прочитать её.</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="81"/>
        <source>Open in browser</source>
        <translation>Открыть в браузере</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="115"/>
        <source>Kabar does not open links of this kind: {0}</source>
        <translation>Kabar не открывает такие ссылки: {0}</translation>
    </message>
</context>
<context>
    <name>HeadlineModel</name>
    <message>
        <location filename="../../ui/headlines.py" line="83"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="83"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="83"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Add Kabar&apos;s suggested news sources</source>
        <translation>Добавить источники новостей, рекомендованные Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>Sources: %v of %m</source>
        <translation>Источники: %v из %m</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>Syncing…</source>
        <translation>Синхронизация…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>Everything is up to date.</source>
        <translation>Всё уже обновлено.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="282"/>
        <source>(cancelled)</source>
        <translation>(отменено)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>offline — reading from the archive</source>
        <translation>нет сети — чтение из архива</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>online</source>
        <translation>в сети</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="287"/>
        <source>Last sync</source>
        <translation>Последняя синхронизация</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../ui/preferences.py" line="54"/>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="58"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="59"/>
        <source>never (only when I ask)</source>
        <translation>никогда (только по запросу)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="63"/>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="65"/>
        <source>Serif</source>
        <translation>С засечками</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="66"/>
        <source>Sans-serif</source>
        <translation>Без засечек</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="72"/>
        <source>Start minimized to the system tray</source>
        <translation>Запускать свёрнутым в системный трей</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="73"/>
        <source>Sync interval:</source>
        <translation>Интервал синхронизации:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="74"/>
        <source>Mark as read after:</source>
        <translation>Отмечать прочитанным через:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="75"/>
        <source>Article font:</source>
        <translation>Шрифт статей:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="76"/>
        <source>Text size (steps):</source>
        <translation>Размер текста (шаги):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="77"/>
        <source>Language (after restart):</source>
        <translation>Язык (после перезапуска):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="25"/>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
</context>
<context>
    <name>SourceActions</name>
    <message>
        <location filename="../../ui/source_actions.py" line="25"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="26"/>
        <source>Web site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="27"/>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="28"/>
        <source>Update interval</source>
        <translation>Интервал обновления</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="28"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="28"/>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>Articles</source>
        <translation>Статьи</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="32"/>
        <source>Last successful check</source>
        <translation>Последняя успешная проверка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="33"/>
        <source>Last attempt</source>
        <translation>Последняя попытка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="36"/>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="38"/>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="52"/>
        <source>Sync this source</source>
        <translation>Синхронизировать источник</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="53"/>
        <source>Mark all as read</source>
        <translation>Отметить все как прочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="56"/>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="57"/>
        <source>Move to folder…</source>
        <translation>Переместить в папку…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="58"/>
        <source>Properties…</source>
        <translation>Свойства…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="59"/>
        <source>Notify me of new articles</source>
        <translation>Уведомлять о новых статьях</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="64"/>
        <source>Remove…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="69"/>
        <source>Rename source</source>
        <translation>Переименовать источник</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="69"/>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="78"/>
        <source>Move to folder</source>
        <translation>Переместить в папку</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="78"/>
        <source>Folder (empty for none):</source>
        <translation>Папка (пусто — без папки):</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="95"/>
        <source>Stop following “{0}” and delete its {1} articles?</source>
        <translation>Отписаться от «{0}» и удалить его статьи ({1})?</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="99"/>
        <source>{0} of them are starred and will be deleted too.</source>
        <translation>Из них в избранном: {0}. Они тоже будут удалены.</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="102"/>
        <source>Remove source</source>
        <translation>Удалить источник</translation>
    </message>
</context>
<context>
    <name>SourcesTree</name>
    <message>
        <location filename="../../ui/sources_tree.py" line="113"/>
        <source>All articles</source>
        <translation>Все статьи</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="114"/>
        <source>Unread</source>
        <translation>Непрочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="115"/>
        <source>Starred</source>
        <translation>Избранное</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="158"/>
        <source>This feed no longer exists; Kabar stopped checking it.</source>
        <translation>Этой ленты больше нет; Kabar перестал её проверять.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="40"/>
        <source>Open Kabar</source>
        <translation>Открыть Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="41"/>
        <source>Sync now</source>
        <translation>Синхронизировать сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="43"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ui/window_actions.py" line="35"/>
        <source>Add source…</source>
        <translation>Добавить источник…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="36"/>
        <source>Import OPML…</source>
        <translation>Импорт OPML…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="37"/>
        <source>Export OPML…</source>
        <translation>Экспорт OPML…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="38"/>
        <source>Preferences…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="39"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="40"/>
        <source>Sync all</source>
        <translation>Синхронизировать все</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="41"/>
        <source>Mark all as read</source>
        <translation>Отметить все как прочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="42"/>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="43"/>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="44"/>
        <source>Serif / sans-serif text</source>
        <translation>Шрифт с засечками / без засечек</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="46"/>
        <source>Next article</source>
        <translation>Следующая статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="47"/>
        <source>Previous article</source>
        <translation>Предыдущая статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="48"/>
        <source>Next unread</source>
        <translation>Следующая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="49"/>
        <source>Previous unread</source>
        <translation>Предыдущая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="50"/>
        <source>Scroll, then next unread</source>
        <translation>Прокрутить, затем следующая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="51"/>
        <source>Star / unstar</source>
        <translation>В избранное / убрать из избранного</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="52"/>
        <source>Read / unread</source>
        <translation>Прочитано / не прочитано</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="53"/>
        <source>Open in browser</source>
        <translation>Открыть в браузере</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="58"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="58"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="58"/>
        <source>&amp;Article</source>
        <translation>&amp;Статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="69"/>
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="70"/>
        <location filename="../../ui/window_actions.py" line="83"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="71"/>
        <location filename="../../ui/window_actions.py" line="77"/>
        <source>About Kabar</source>
        <translation>О программе Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="75"/>
        <source>Kabar {0}: the offline news reader.</source>
        <translation>Kabar {0}: новости без интернета.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="155"/>
        <source>Added {0}.</source>
        <translation>Добавлено: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="170"/>
        <source>Import OPML</source>
        <translation>Импорт OPML</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="181"/>
        <source>Imported {0}.</source>
        <translation>Импортировано: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="187"/>
        <source>Export OPML</source>
        <translation>Экспорт OPML</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="193"/>
        <source>Exported your sources to {0}.</source>
        <translation>Источники экспортированы в {0}.</translation>
    </message>
</context>
</TS>
