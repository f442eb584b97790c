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
        <location filename="../../ui/article_view.py" line="92"/>
        <source>Select an article to read it.</source>
        <translation>Выберите статью, чтобы прочитать её.</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="117"/>
        <source>Open in browser</source>
        <translation>Открыть в браузере</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="156"/>
        <source>Read also</source>
        <translation>Читайте также</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="193"/>
        <source>Kabar does not open links of this kind: {0}</source>
        <translation>Kabar не открывает такие ссылки: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="209"/>
        <source>full text saved for offline reading</source>
        <translation>полный текст сохранён для чтения без сети</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="211"/>
        <source>only the feed&apos;s text is saved: {0}</source>
        <translation>сохранён только текст из ленты: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="212"/>
        <source>Try again</source>
        <translation>Попробовать снова</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../ui/backup_actions.py" line="25"/>
        <location filename="../../ui/backup_actions.py" line="33"/>
        <source>Back up Kabar</source>
        <translation>Резервная копия Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="26"/>
        <location filename="../../ui/backup_actions.py" line="46"/>
        <source>Kabar backups (*{0})</source>
        <translation>Резервные копии Kabar (*{0})</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="35"/>
        <source>Backed up to {0}.</source>
        <translation>Резервная копия сохранена: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="45"/>
        <location filename="../../ui/backup_actions.py" line="53"/>
        <location filename="../../ui/backup_actions.py" line="65"/>
        <location filename="../../ui/backup_actions.py" line="68"/>
        <source>Restore Kabar</source>
        <translation>Восстановление Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="49"/>
        <source>Replace your articles, stars and settings with this backup? Your current archive is kept beside it, and Kabar closes when it is done.</source>
        <translation>Заменить статьи, избранное и настройки этой резервной копией? Текущий архив сохранится рядом, а Kabar закроется по окончании.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="67"/>
        <source>Restored. Start Kabar again to read the restored archive.</source>
        <translation>Восстановлено. Запустите Kabar снова, чтобы читать восстановленный архив.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="39"/>
        <source>Export articles</source>
        <translation>Экспорт статей</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="44"/>
        <source>The selected article</source>
        <translation>Выбранную статью</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="46"/>
        <source>The search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="49"/>
        <source>Everything in this source or folder</source>
        <translation>Всё из этого источника или папки</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="50"/>
        <source>All starred articles</source>
        <translation>Все избранные статьи</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="54"/>
        <source>One Markdown file for all articles</source>
        <translation>Один файл Markdown для всех статей</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="56"/>
        <source>Export:</source>
        <translation>Экспортировать:</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="57"/>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="84"/>
        <source>Export to folder</source>
        <translation>Экспорт в папку</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="86"/>
        <source>Export to</source>
        <translation>Экспорт в</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="116"/>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="116"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="134"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="136"/>
        <source>Exported {0} articles to {1}.</source>
        <translation>Экспортировано статей: {0}, файл: {1}.</translation>
    </message>
</context>
<context>
    <name>HeadlineModel</name>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <location filename="../../ui/self_test.py" line="147"/>
        <source>Add Kabar&apos;s suggested news sources</source>
        <translation>Добавить источники новостей, рекомендованные Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <location filename="../../ui/window_sync.py" line="65"/>
        <source>Sources: %v of %m</source>
        <translation>Источники: %v из %m</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="323"/>
        <source>Could not save the mark: {0}</source>
        <translation>Не удалось сохранить отметку: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="354"/>
        <source>offline mode</source>
        <translation>автономный режим</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="53"/>
        <source>Syncing…</source>
        <translation>Синхронизация…</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="56"/>
        <source>Indexing for search: %v of %m</source>
        <translation>Индексация для поиска: %v из %m</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="58"/>
        <source>Full articles: %v of %m</source>
        <translation>Полные статьи: %v из %m</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="109"/>
        <source>Storage: removed {0} old articles, freed {1:.1f} MB.</source>
        <translation>Хранилище: удалено старых статей: {0}, освобождено {1:.1f} МБ.</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="125"/>
        <source>Everything is up to date.</source>
        <translation>Всё уже обновлено.</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="130"/>
        <source>{0} saved in full</source>
        <translation>полностью сохранено: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="132"/>
        <source>(cancelled)</source>
        <translation>(отменено)</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="141"/>
        <source>Downloading the full article…</source>
        <translation>Загрузка полной статьи…</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="147"/>
        <source>Offline mode is on: Kabar makes no network request (File → Work offline).</source>
        <translation>Включён автономный режим: Kabar не обращается к сети (Файл → Работать без сети).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>offline — reading from the archive</source>
        <translation>нет сети — чтение из архива</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>online</source>
        <translation>в сети</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Last sync</source>
        <translation>Последняя синхронизация</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../ui/preferences.py" line="61"/>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="65"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="66"/>
        <source>never (only when I ask)</source>
        <translation>никогда (только по запросу)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="70"/>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="72"/>
        <source>Serif</source>
        <translation>С засечками</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="73"/>
        <source>Sans-serif</source>
        <translation>Без засечек</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="79"/>
        <source>Start minimized to the system tray</source>
        <translation>Запускать свёрнутым в системный трей</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="80"/>
        <source>Sync interval:</source>
        <translation>Интервал синхронизации:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="81"/>
        <source>Mark as read after:</source>
        <translation>Отмечать прочитанным через:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="82"/>
        <source>Article font:</source>
        <translation>Шрифт статей:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="83"/>
        <source>Text size (steps):</source>
        <translation>Размер текста (шаги):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="84"/>
        <source>Language (after restart):</source>
        <translation>Язык (после перезапуска):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="27"/>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
</context>
<context>
    <name>RateChart</name>
    <message>
        <location filename="../../ui/rate_chart.py" line="47"/>
        <source>Not enough history yet: Kabar keeps one rate a day.</source>
        <translation>Истории пока мало: Kabar сохраняет один курс в день.</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="89"/>
        <source>{0}: rate history</source>
        <translation>{0}: история курса</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="96"/>
        <source>{0} days</source>
        <translation>{0} дн.</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="114"/>
        <source>{0} days with a stored rate</source>
        <translation>дней с сохранённым курсом: {0}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../../ui/recovery.py" line="38"/>
        <location filename="../../ui/recovery.py" line="60"/>
        <source>Restore Kabar</source>
        <translation>Восстановление Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="45"/>
        <source>Kabar cannot open your archive</source>
        <translation>Kabar не может открыть ваш архив</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="46"/>
        <source>{0}

Kabar has not changed the file ({1}).</source>
        <translation>{0}

Kabar не изменял этот файл ({1}).</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="51"/>
        <source>Restore the backup of {0}</source>
        <translation>Восстановить копию от {0}</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="53"/>
        <source>The damaged file is kept beside the restored one.</source>
        <translation>Повреждённый файл сохранится рядом с восстановленным.</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="54"/>
        <source>Restore from a file…</source>
        <translation>Восстановить из файла…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="55"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="61"/>
        <source>Kabar backups (*.kabar-backup)</source>
        <translation>Резервные копии Kabar (*.kabar-backup)</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <location filename="../../ui/search_bar.py" line="40"/>
        <source>Search your archive offline</source>
        <translation>Поиск по архиву без сети</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="40"/>
        <source>all words, in any form</source>
        <translation>все слова, в любой форме</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="41"/>
        <source>the words in this order</source>
        <translation>слова именно в этом порядке</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="121"/>
        <source>Search articles  ( / )</source>
        <translation>Поиск по статьям  ( / )</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="128"/>
        <source>Newest first</source>
        <translation>Сначала новые</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="129"/>
        <source>Sort results by date instead of relevance</source>
        <translation>Сортировать результаты по дате, а не по релевантности</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="133"/>
        <source>Save search</source>
        <translation>Сохранить поиск</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="134"/>
        <source>Keep this search as a smart folder with its unread count</source>
        <translation>Сохранить этот поиск как умную папку со счётчиком непрочитанных</translation>
    </message>
</context>
<context>
    <name>SourceActions</name>
    <message>
        <location filename="../../ui/source_actions.py" line="26"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="27"/>
        <source>Web site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="28"/>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>Update interval</source>
        <translation>Интервал обновления</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="30"/>
        <location filename="../../ui/source_actions.py" line="82"/>
        <source>Download full articles</source>
        <translation>Загружать полные статьи</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="31"/>
        <location filename="../../ui/source_actions.py" line="85"/>
        <source>Always</source>
        <translation>Всегда</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="31"/>
        <location filename="../../ui/source_actions.py" line="85"/>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="32"/>
        <location filename="../../ui/source_actions.py" line="84"/>
        <source>Automatically (for short teasers)</source>
        <translation>Автоматически (для коротких анонсов)</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="34"/>
        <source>Articles</source>
        <translation>Статьи</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="37"/>
        <source>Last successful check</source>
        <translation>Последняя успешная проверка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="38"/>
        <source>Last attempt</source>
        <translation>Последняя попытка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="41"/>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="43"/>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="58"/>
        <source>Remove saved search</source>
        <translation>Удалить сохранённый поиск</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="62"/>
        <source>Sync this source</source>
        <translation>Синхронизировать источник</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="63"/>
        <source>Mark all as read</source>
        <translation>Отметить все как прочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="66"/>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="67"/>
        <source>Move to folder…</source>
        <translation>Переместить в папку…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="68"/>
        <source>Properties…</source>
        <translation>Свойства…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="71"/>
        <source>Notify me of new articles</source>
        <translation>Уведомлять о новых статьях</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="76"/>
        <source>Remove…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="96"/>
        <source>Breaking news in the strip</source>
        <translation>Срочные новости в верхней строке</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="104"/>
        <source>Rename source</source>
        <translation>Переименовать источник</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="104"/>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="113"/>
        <source>Move to folder</source>
        <translation>Переместить в папку</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="113"/>
        <source>Folder (empty for none):</source>
        <translation>Папка (пусто — без папки):</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="130"/>
        <source>Stop following “{0}” and delete its {1} articles?</source>
        <translation>Отписаться от «{0}» и удалить его статьи ({1})?</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="134"/>
        <source>{0} of them are starred and will be deleted too.</source>
        <translation>Из них в избранном: {0}. Они тоже будут удалены.</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="137"/>
        <source>Remove source</source>
        <translation>Удалить источник</translation>
    </message>
</context>
<context>
    <name>SourcesTree</name>
    <message>
        <location filename="../../ui/sources_tree.py" line="156"/>
        <source>All articles</source>
        <translation>Все статьи</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="157"/>
        <source>Unread</source>
        <translation>Непрочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="158"/>
        <source>Starred</source>
        <translation>Избранное</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="207"/>
        <source>This feed no longer exists; Kabar stopped checking it.</source>
        <translation>Этой ленты больше нет; Kabar перестал её проверять.</translation>
    </message>
</context>
<context>
    <name>StorageBox</name>
    <message>
        <location filename="../../ui/storage_box.py" line="18"/>
        <location filename="../../ui/storage_box.py" line="35"/>
        <source>MB</source>
        <translation>МБ</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="23"/>
        <source>Storage</source>
        <translation>Хранилище</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="27"/>
        <source>days</source>
        <translation>дн.</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="28"/>
        <source>forever</source>
        <translation>всегда</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="31"/>
        <source>no limit</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="32"/>
        <source>Keep unread articles however old</source>
        <translation>Хранить непрочитанные статьи любого возраста</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="38"/>
        <source>Keep articles:</source>
        <translation>Хранить статьи:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="39"/>
        <source>At most per source:</source>
        <translation>Не больше на источник:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="41"/>
        <source>Image cache up to:</source>
        <translation>Кэш изображений до:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="42"/>
        <source>Starred articles and their pictures are always kept.</source>
        <translation>Избранные статьи и их изображения хранятся всегда.</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="43"/>
        <source>In use:</source>
        <translation>Занято:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="54"/>
        <source>database {0} ({1} articles), full texts {2}, images {3}</source>
        <translation>база данных {0} (статей: {1}), полные тексты {2}, изображения {3}</translation>
    </message>
</context>
<context>
    <name>TickerBox</name>
    <message>
        <location filename="../../ui/ticker_box.py" line="20"/>
        <source>Ticker strip</source>
        <translation>Верхняя строка</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="35"/>
        <source>Exchange rates</source>
        <translation>Курсы валют</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="35"/>
        <source>Weather</source>
        <translation>Погода</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="36"/>
        <source>Breaking headline</source>
        <translation>Срочная новость</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="37"/>
        <source>Rates from:</source>
        <translation>Курсы от:</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="38"/>
        <source>Currencies:</source>
        <translation>Валюты:</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="39"/>
        <source>Weather in:</source>
        <translation>Погода в городе:</translation>
    </message>
</context>
<context>
    <name>TickerStrip</name>
    <message>
        <location filename="../../ui/ticker_strip.py" line="120"/>
        <source>{0} {1} for 1 {2}</source>
        <translation>{0} {1} за 1 {2}</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="83"/>
        <location filename="../../ui/ticker_strip.py" line="121"/>
        <source>as of {0}</source>
        <translation>на {0}</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="124"/>
        <source>Click for the chart</source>
        <translation>Нажмите, чтобы увидеть график</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="141"/>
        <source>today {0}° … {1}°, wind {2} m/s</source>
        <translation>сегодня {0}° … {1}°, ветер {2} м/с</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="146"/>
        <source>Click for the next days</source>
        <translation>Нажмите, чтобы увидеть прогноз на несколько дней</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="168"/>
        <source>fetched at {0}</source>
        <translation>получено в {0}</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="169"/>
        <source>({0} min ago, not refreshed since)</source>
        <translation>({0} мин назад, с тех пор не обновлялось)</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="172"/>
        <source>Last attempt failed: {0}</source>
        <translation>Последняя попытка не удалась: {0}</translation>
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
        <location filename="../../ui/window_actions.py" line="40"/>
        <source>Add source…</source>
        <translation>Добавить источник…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="41"/>
        <source>Import OPML…</source>
        <translation>Импорт OPML…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="42"/>
        <source>Export OPML…</source>
        <translation>Экспорт OPML…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="43"/>
        <source>Export articles…</source>
        <translation>Экспорт статей…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="45"/>
        <source>Back up…</source>
        <translation>Резервная копия…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="46"/>
        <source>Restore from a backup…</source>
        <translation>Восстановить из копии…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="47"/>
        <source>Preferences…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="48"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="49"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="50"/>
        <source>Sync all</source>
        <translation>Синхронизировать все</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="51"/>
        <source>Mark all as read</source>
        <translation>Отметить все как прочитанные</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="52"/>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="53"/>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="54"/>
        <source>Serif / sans-serif text</source>
        <translation>Шрифт с засечками / без засечек</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="56"/>
        <source>Next article</source>
        <translation>Следующая статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="57"/>
        <source>Previous article</source>
        <translation>Предыдущая статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="58"/>
        <source>Next unread</source>
        <translation>Следующая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="59"/>
        <source>Previous unread</source>
        <translation>Предыдущая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="60"/>
        <source>Scroll, then next unread</source>
        <translation>Прокрутить, затем следующая непрочитанная</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="61"/>
        <source>Star / unstar</source>
        <translation>В избранное / убрать из избранного</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="62"/>
        <source>Read / unread</source>
        <translation>Прочитано / не прочитано</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="63"/>
        <source>Open in browser</source>
        <translation>Открыть в браузере</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;Article</source>
        <translation>&amp;Статья</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="79"/>
        <source>Cards with pictures</source>
        <translation>Карточки с картинками</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="85"/>
        <source>Work offline</source>
        <translation>Работать без сети</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="88"/>
        <source>Make no network request at all: no syncs, no downloads</source>
        <translation>Не обращаться к сети: без синхронизации и загрузок</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="92"/>
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="93"/>
        <location filename="../../ui/window_actions.py" line="129"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="94"/>
        <location filename="../../ui/window_actions.py" line="133"/>
        <source>Searching</source>
        <translation>Как искать</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="95"/>
        <location filename="../../ui/window_actions.py" line="101"/>
        <source>About Kabar</source>
        <translation>О программе Kabar</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="99"/>
        <source>Kabar {0}: the offline news reader.</source>
        <translation>Kabar {0}: новости без интернета.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="103"/>
        <location filename="../../ui/window_actions.py" line="117"/>
        <source>Licences</source>
        <translation>Лицензии</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="207"/>
        <source>Added {0}.</source>
        <translation>Добавлено: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="231"/>
        <source>Import OPML</source>
        <translation>Импорт OPML</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="237"/>
        <source>Imported {0}.</source>
        <translation>Импортировано: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="243"/>
        <source>Export OPML</source>
        <translation>Экспорт OPML</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="251"/>
        <source>Exported your sources to {0}.</source>
        <translation>Источники экспортированы в {0}.</translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <location filename="../../ui/window_search.py" line="89"/>
        <source>Nothing in your archive matches “{0}”.</source>
        <translation>В архиве ничего не найдено по запросу «{0}».</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="92"/>
        <source>(the best {0} are shown)</source>
        <translation>(показаны лучшие {0})</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="93"/>
        <source>Found: {0}</source>
        <translation>Найдено: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="110"/>
        <source>Save search</source>
        <translation>Сохранить поиск</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="110"/>
        <source>Name of the smart folder:</source>
        <translation>Название умной папки:</translation>
    </message>
</context>
<context>
    <name>WindowTicker</name>
    <message>
        <location filename="../../ui/window_ticker.py" line="95"/>
        <source>Weather: {0}</source>
        <translation>Погода: {0}</translation>
    </message>
</context>
</TS>
