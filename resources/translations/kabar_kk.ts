<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk" sourcelanguage="en">
<context>
    <name>AddSource</name>
    <message>
        <location filename="../../ui/add_source.py" line="38"/>
        <source>Add source</source>
        <translation>Дереккөз қосу</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="42"/>
        <source>Find feeds</source>
        <translation>Арналарды іздеу</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="55"/>
        <source>Site or feed address:</source>
        <translation>Сайттың немесе арнаның мекенжайы:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="56"/>
        <source>Feeds found:</source>
        <translation>Табылған арналар:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="58"/>
        <source>Folder:</source>
        <translation>Қалта:</translation>
    </message>
    <message>
        <location filename="../../ui/add_source.py" line="79"/>
        <source>Looking for feeds…</source>
        <translation>Арналар ізделуде…</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../ui/article_view.py" line="92"/>
        <source>Select an article to read it.</source>
        <translation>Оқу үшін мақаланы таңдаңыз.</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="117"/>
        <source>Open in browser</source>
        <translation>Браузерде ашу</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="156"/>
        <source>Read also</source>
        <translation>Тағы оқыңыз</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="193"/>
        <source>Kabar does not open links of this kind: {0}</source>
        <translation>Kabar мұндай сілтемелерді ашпайды: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="209"/>
        <source>full text saved for offline reading</source>
        <translation>толық мәтін желісіз оқу үшін сақталды</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="211"/>
        <source>only the feed&apos;s text is saved: {0}</source>
        <translation>тек арнадағы мәтін сақталды: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/article_view.py" line="212"/>
        <source>Try again</source>
        <translation>Қайта көру</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../ui/backup_actions.py" line="25"/>
        <location filename="../../ui/backup_actions.py" line="33"/>
        <source>Back up Kabar</source>
        <translation>Kabar сақтық көшірмесі</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="26"/>
        <location filename="../../ui/backup_actions.py" line="46"/>
        <source>Kabar backups (*{0})</source>
        <translation>Kabar сақтық көшірмелері (*{0})</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="35"/>
        <source>Backed up to {0}.</source>
        <translation>Сақтық көшірме сақталды: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="45"/>
        <location filename="../../ui/backup_actions.py" line="53"/>
        <location filename="../../ui/backup_actions.py" line="65"/>
        <location filename="../../ui/backup_actions.py" line="68"/>
        <source>Restore Kabar</source>
        <translation>Kabar қалпына келтіру</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="49"/>
        <source>Replace your articles, stars and settings with this backup? Your current archive is kept beside it, and Kabar closes when it is done.</source>
        <translation>Мақалаларды, жұлдызшаларды және баптауларды осы көшірмемен алмастыру керек пе? Қазіргі мұрағат қасында сақталады, ал Kabar аяқталған соң жабылады.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_actions.py" line="67"/>
        <source>Restored. Start Kabar again to read the restored archive.</source>
        <translation>Қалпына келтірілді. Қалпына келтірілген мұрағатты оқу үшін Kabar-ды қайта іске қосыңыз.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="39"/>
        <source>Export articles</source>
        <translation>Мақалаларды экспорттау</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="44"/>
        <source>The selected article</source>
        <translation>Таңдалған мақаланы</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="46"/>
        <source>The search results</source>
        <translation>Іздеу нәтижелерін</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="49"/>
        <source>Everything in this source or folder</source>
        <translation>Осы дереккөздегі немесе қалтадағы барлығын</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="50"/>
        <source>All starred articles</source>
        <translation>Барлық жұлдызшалы мақалаларды</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="54"/>
        <source>One Markdown file for all articles</source>
        <translation>Барлық мақалаға бір Markdown файлы</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="56"/>
        <source>Export:</source>
        <translation>Экспорттау:</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="57"/>
        <source>Format:</source>
        <translation>Пішім:</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="84"/>
        <source>Export to folder</source>
        <translation>Қалтаға экспорттау</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="86"/>
        <source>Export to</source>
        <translation>Экспорттау орны</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="116"/>
        <source>Exporting…</source>
        <translation>Экспортталуда…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="116"/>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="134"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="136"/>
        <source>Exported {0} articles to {1}.</source>
        <translation>{0} мақала экспортталды: {1}.</translation>
    </message>
</context>
<context>
    <name>HeadlineModel</name>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Title</source>
        <translation>Тақырып</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Source</source>
        <translation>Дереккөз</translation>
    </message>
    <message>
        <location filename="../../ui/headlines.py" line="94"/>
        <source>Date</source>
        <translation>Күні</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <location filename="../../ui/self_test.py" line="147"/>
        <source>Add Kabar&apos;s suggested news sources</source>
        <translation>Kabar ұсынатын жаңалық дереккөздерін қосу</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <location filename="../../ui/window_sync.py" line="65"/>
        <source>Sources: %v of %m</source>
        <translation>Дереккөздер: %v / %m</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="323"/>
        <source>Could not save the mark: {0}</source>
        <translation>Белгіні сақтау мүмкін болмады: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="354"/>
        <source>offline mode</source>
        <translation>желісіз режим</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="53"/>
        <source>Syncing…</source>
        <translation>Синхрондау…</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="56"/>
        <source>Indexing for search: %v of %m</source>
        <translation>Іздеу үшін индекстеу: %v / %m</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="58"/>
        <source>Full articles: %v of %m</source>
        <translation>Толық мақалалар: %v / %m</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="109"/>
        <source>Storage: removed {0} old articles, freed {1:.1f} MB.</source>
        <translation>Сақтау орны: {0} ескі мақала жойылды, {1:.1f} МБ босатылды.</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="125"/>
        <source>Everything is up to date.</source>
        <translation>Бәрі жаңартылған.</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="130"/>
        <source>{0} saved in full</source>
        <translation>толық сақталды: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="132"/>
        <source>(cancelled)</source>
        <translation>(тоқтатылды)</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="141"/>
        <source>Downloading the full article…</source>
        <translation>Толық мақала жүктелуде…</translation>
    </message>
    <message>
        <location filename="../../ui/window_sync.py" line="147"/>
        <source>Offline mode is on: Kabar makes no network request (File → Work offline).</source>
        <translation>Желісіз режим қосулы: Kabar желіге жүгінбейді (Файл → Желісіз жұмыс).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>offline — reading from the archive</source>
        <translation>желі жоқ — мұрағаттан оқу</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>online</source>
        <translation>желіде</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Last sync</source>
        <translation>Соңғы синхрондау</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../ui/preferences.py" line="61"/>
        <source>Preferences</source>
        <translation>Баптаулар</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="65"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="66"/>
        <source>never (only when I ask)</source>
        <translation>ешқашан (тек өзім сұрағанда)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="70"/>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="72"/>
        <source>Serif</source>
        <translation>Засечкалы</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="73"/>
        <source>Sans-serif</source>
        <translation>Засечкасыз</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="79"/>
        <source>Start minimized to the system tray</source>
        <translation>Жүйелік науаға жиылған күйде іске қосу</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="80"/>
        <source>Sync interval:</source>
        <translation>Синхрондау аралығы:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="81"/>
        <source>Mark as read after:</source>
        <translation>Оқылды деп белгілеу кідірісі:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="82"/>
        <source>Article font:</source>
        <translation>Мақала қаріпі:</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="83"/>
        <source>Text size (steps):</source>
        <translation>Мәтін өлшемі (қадам):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="84"/>
        <source>Language (after restart):</source>
        <translation>Тіл (қайта іске қосқаннан кейін):</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="27"/>
        <source>System</source>
        <translation>Жүйедегідей</translation>
    </message>
</context>
<context>
    <name>RateChart</name>
    <message>
        <location filename="../../ui/rate_chart.py" line="47"/>
        <source>Not enough history yet: Kabar keeps one rate a day.</source>
        <translation>Тарих әзірге аз: Kabar күніне бір бағамды сақтайды.</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="89"/>
        <source>{0}: rate history</source>
        <translation>{0}: бағам тарихы</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="96"/>
        <source>{0} days</source>
        <translation>{0} күн</translation>
    </message>
    <message>
        <location filename="../../ui/rate_chart.py" line="114"/>
        <source>{0} days with a stored rate</source>
        <translation>бағамы сақталған күндер: {0}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../../ui/recovery.py" line="38"/>
        <location filename="../../ui/recovery.py" line="60"/>
        <source>Restore Kabar</source>
        <translation>Kabar қалпына келтіру</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="45"/>
        <source>Kabar cannot open your archive</source>
        <translation>Kabar мұрағатыңызды аша алмайды</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="46"/>
        <source>{0}

Kabar has not changed the file ({1}).</source>
        <translation>{0}

Kabar бұл файлды өзгертпеді ({1}).</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="51"/>
        <source>Restore the backup of {0}</source>
        <translation>{0} көшірмесін қалпына келтіру</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="53"/>
        <source>The damaged file is kept beside the restored one.</source>
        <translation>Бүлінген файл қалпына келтірілгеннің қасында сақталады.</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="54"/>
        <source>Restore from a file…</source>
        <translation>Файлдан қалпына келтіру…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="55"/>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="61"/>
        <source>Kabar backups (*.kabar-backup)</source>
        <translation>Kabar сақтық көшірмелері (*.kabar-backup)</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <location filename="../../ui/search_bar.py" line="40"/>
        <source>Search your archive offline</source>
        <translation>Мұрағаттан желісіз іздеу</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="40"/>
        <source>all words, in any form</source>
        <translation>барлық сөз, кез келген формада</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="41"/>
        <source>the words in this order</source>
        <translation>сөздер дәл осы ретпен</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="121"/>
        <source>Search articles  ( / )</source>
        <translation>Мақалалардан іздеу  ( / )</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="128"/>
        <source>Newest first</source>
        <translation>Алдымен жаңалары</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="129"/>
        <source>Sort results by date instead of relevance</source>
        <translation>Нәтижелерді сәйкестік бойынша емес, күні бойынша сұрыптау</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="133"/>
        <source>Save search</source>
        <translation>Іздеуді сақтау</translation>
    </message>
    <message>
        <location filename="../../ui/search_bar.py" line="134"/>
        <source>Keep this search as a smart folder with its unread count</source>
        <translation>Бұл іздеуді оқылмағандар саны бар ақылды қалта ретінде сақтау</translation>
    </message>
</context>
<context>
    <name>SourceActions</name>
    <message>
        <location filename="../../ui/source_actions.py" line="26"/>
        <source>Address</source>
        <translation>Мекенжай</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="27"/>
        <source>Web site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="28"/>
        <source>Folder</source>
        <translation>Қалта</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>Update interval</source>
        <translation>Жаңарту аралығы</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="29"/>
        <source>default</source>
        <translation>әдепкі</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="30"/>
        <location filename="../../ui/source_actions.py" line="82"/>
        <source>Download full articles</source>
        <translation>Толық мақалаларды жүктеу</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="31"/>
        <location filename="../../ui/source_actions.py" line="85"/>
        <source>Always</source>
        <translation>Әрқашан</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="31"/>
        <location filename="../../ui/source_actions.py" line="85"/>
        <source>Never</source>
        <translation>Ешқашан</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="32"/>
        <location filename="../../ui/source_actions.py" line="84"/>
        <source>Automatically (for short teasers)</source>
        <translation>Автоматты түрде (қысқа анонстар үшін)</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="34"/>
        <source>Articles</source>
        <translation>Мақалалар</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="37"/>
        <source>Last successful check</source>
        <translation>Соңғы сәтті тексеру</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="38"/>
        <source>Last attempt</source>
        <translation>Соңғы әрекет</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="41"/>
        <source>Last error</source>
        <translation>Соңғы қате</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="43"/>
        <source>Warning</source>
        <translation>Ескерту</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="58"/>
        <source>Remove saved search</source>
        <translation>Сақталған іздеуді жою</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="62"/>
        <source>Sync this source</source>
        <translation>Осы дереккөзді синхрондау</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="63"/>
        <source>Mark all as read</source>
        <translation>Барлығын оқылды деп белгілеу</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="66"/>
        <source>Rename…</source>
        <translation>Атын өзгерту…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="67"/>
        <source>Move to folder…</source>
        <translation>Қалтаға жылжыту…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="68"/>
        <source>Properties…</source>
        <translation>Қасиеттері…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="71"/>
        <source>Notify me of new articles</source>
        <translation>Жаңа мақалалар туралы хабарлау</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="76"/>
        <source>Remove…</source>
        <translation>Жою…</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="96"/>
        <source>Breaking news in the strip</source>
        <translation>Шұғыл жаңалықтар жоғарғы жолда</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="104"/>
        <source>Rename source</source>
        <translation>Дереккөздің атын өзгерту</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="104"/>
        <source>Name:</source>
        <translation>Атауы:</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="113"/>
        <source>Move to folder</source>
        <translation>Қалтаға жылжыту</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="113"/>
        <source>Folder (empty for none):</source>
        <translation>Қалта (қалтасыз болса, бос қалдырыңыз):</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="130"/>
        <source>Stop following “{0}” and delete its {1} articles?</source>
        <translation>«{0}» дереккөзін бақылауды тоқтатып, оның {1} мақаласын жою керек пе?</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="134"/>
        <source>{0} of them are starred and will be deleted too.</source>
        <translation>Олардың {0} мақаласы жұлдызшамен белгіленген, олар да жойылады.</translation>
    </message>
    <message>
        <location filename="../../ui/source_actions.py" line="137"/>
        <source>Remove source</source>
        <translation>Дереккөзді жою</translation>
    </message>
</context>
<context>
    <name>SourcesTree</name>
    <message>
        <location filename="../../ui/sources_tree.py" line="156"/>
        <source>All articles</source>
        <translation>Барлық мақалалар</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="157"/>
        <source>Unread</source>
        <translation>Оқылмаған</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="158"/>
        <source>Starred</source>
        <translation>Жұлдызшалы</translation>
    </message>
    <message>
        <location filename="../../ui/sources_tree.py" line="207"/>
        <source>This feed no longer exists; Kabar stopped checking it.</source>
        <translation>Бұл арна енді жоқ; Kabar оны тексеруді тоқтатты.</translation>
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
        <translation>Сақтау орны</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="27"/>
        <source>days</source>
        <translation>күн</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="28"/>
        <source>forever</source>
        <translation>мерзімсіз</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="31"/>
        <source>no limit</source>
        <translation>шектеусіз</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="32"/>
        <source>Keep unread articles however old</source>
        <translation>Оқылмаған мақалаларды мерзіміне қарамай сақтау</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="38"/>
        <source>Keep articles:</source>
        <translation>Мақалаларды сақтау:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="39"/>
        <source>At most per source:</source>
        <translation>Бір дереккөзге ең көбі:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="41"/>
        <source>Image cache up to:</source>
        <translation>Суреттер кэші ең көбі:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="42"/>
        <source>Starred articles and their pictures are always kept.</source>
        <translation>Жұлдызшалы мақалалар мен олардың суреттері әрқашан сақталады.</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="43"/>
        <source>In use:</source>
        <translation>Пайдаланылуда:</translation>
    </message>
    <message>
        <location filename="../../ui/storage_box.py" line="54"/>
        <source>database {0} ({1} articles), full texts {2}, images {3}</source>
        <translation>дерекқор {0} ({1} мақала), толық мәтіндер {2}, суреттер {3}</translation>
    </message>
</context>
<context>
    <name>TickerBox</name>
    <message>
        <location filename="../../ui/ticker_box.py" line="20"/>
        <source>Ticker strip</source>
        <translation>Жоғарғы жол</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="35"/>
        <source>Exchange rates</source>
        <translation>Валюта бағамдары</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="35"/>
        <source>Weather</source>
        <translation>Ауа райы</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="36"/>
        <source>Breaking headline</source>
        <translation>Шұғыл жаңалық</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="37"/>
        <source>Rates from:</source>
        <translation>Бағамдар көзі:</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="38"/>
        <source>Currencies:</source>
        <translation>Валюталар:</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_box.py" line="39"/>
        <source>Weather in:</source>
        <translation>Ауа райы қаласы:</translation>
    </message>
</context>
<context>
    <name>TickerStrip</name>
    <message>
        <location filename="../../ui/ticker_strip.py" line="120"/>
        <source>{0} {1} for 1 {2}</source>
        <translation>1 {2} үшін {0} {1}</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="83"/>
        <location filename="../../ui/ticker_strip.py" line="121"/>
        <source>as of {0}</source>
        <translation>{0} күнгі</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="124"/>
        <source>Click for the chart</source>
        <translation>Графикті көру үшін басыңыз</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="141"/>
        <source>today {0}° … {1}°, wind {2} m/s</source>
        <translation>бүгін {0}° … {1}°, жел {2} м/с</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="146"/>
        <source>Click for the next days</source>
        <translation>Алдағы күндердің болжамын көру үшін басыңыз</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="168"/>
        <source>fetched at {0}</source>
        <translation>{0} алынды</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="169"/>
        <source>({0} min ago, not refreshed since)</source>
        <translation>({0} мин бұрын, содан бері жаңартылмады)</translation>
    </message>
    <message>
        <location filename="../../ui/ticker_strip.py" line="172"/>
        <source>Last attempt failed: {0}</source>
        <translation>Соңғы әрекет сәтсіз: {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="40"/>
        <source>Open Kabar</source>
        <translation>Kabar қолданбасын ашу</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="41"/>
        <source>Sync now</source>
        <translation>Қазір синхрондау</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="43"/>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ui/window_actions.py" line="40"/>
        <source>Add source…</source>
        <translation>Дереккөз қосу…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="41"/>
        <source>Import OPML…</source>
        <translation>OPML импорттау…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="42"/>
        <source>Export OPML…</source>
        <translation>OPML экспорттау…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="43"/>
        <source>Export articles…</source>
        <translation>Мақалаларды экспорттау…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="45"/>
        <source>Back up…</source>
        <translation>Сақтық көшірме…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="46"/>
        <source>Restore from a backup…</source>
        <translation>Көшірмеден қалпына келтіру…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="47"/>
        <source>Preferences…</source>
        <translation>Баптаулар…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="48"/>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="49"/>
        <source>Search</source>
        <translation>Іздеу</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="50"/>
        <source>Sync all</source>
        <translation>Барлығын синхрондау</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="51"/>
        <source>Mark all as read</source>
        <translation>Барлығын оқылды деп белгілеу</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="52"/>
        <source>Zoom in</source>
        <translation>Үлкейту</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="53"/>
        <source>Zoom out</source>
        <translation>Кішірейту</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="54"/>
        <source>Serif / sans-serif text</source>
        <translation>Засечкалы / засечкасыз қаріп</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="56"/>
        <source>Next article</source>
        <translation>Келесі мақала</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="57"/>
        <source>Previous article</source>
        <translation>Алдыңғы мақала</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="58"/>
        <source>Next unread</source>
        <translation>Келесі оқылмаған</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="59"/>
        <source>Previous unread</source>
        <translation>Алдыңғы оқылмаған</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="60"/>
        <source>Scroll, then next unread</source>
        <translation>Айналдыру, сосын келесі оқылмаған</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="61"/>
        <source>Star / unstar</source>
        <translation>Жұлдызша қою / алып тастау</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="62"/>
        <source>Read / unread</source>
        <translation>Оқылды / оқылмады</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="63"/>
        <source>Open in browser</source>
        <translation>Браузерде ашу</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;View</source>
        <translation>&amp;Көрініс</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="68"/>
        <source>&amp;Article</source>
        <translation>&amp;Мақала</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="79"/>
        <source>Cards with pictures</source>
        <translation>Суретті карточкалар</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="85"/>
        <source>Work offline</source>
        <translation>Желісіз жұмыс</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="88"/>
        <source>Make no network request at all: no syncs, no downloads</source>
        <translation>Желіге мүлде жүгінбеу: синхрондау да, жүктеу де жоқ</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="92"/>
        <source>&amp;Help</source>
        <translation>&amp;Анықтама</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="93"/>
        <location filename="../../ui/window_actions.py" line="129"/>
        <source>Keyboard shortcuts</source>
        <translation>Пернетақта тіркесімдері</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="94"/>
        <location filename="../../ui/window_actions.py" line="133"/>
        <source>Searching</source>
        <translation>Қалай іздеу керек</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="95"/>
        <location filename="../../ui/window_actions.py" line="101"/>
        <source>About Kabar</source>
        <translation>Kabar туралы</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="99"/>
        <source>Kabar {0}: the offline news reader.</source>
        <translation>Kabar {0}: жаңалықтарды интернетсіз оқу.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="103"/>
        <location filename="../../ui/window_actions.py" line="117"/>
        <source>Licences</source>
        <translation>Лицензиялар</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="207"/>
        <source>Added {0}.</source>
        <translation>Қосылды: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="231"/>
        <source>Import OPML</source>
        <translation>OPML импорттау</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="237"/>
        <source>Imported {0}.</source>
        <translation>Импортталды: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="243"/>
        <source>Export OPML</source>
        <translation>OPML экспорттау</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="251"/>
        <source>Exported your sources to {0}.</source>
        <translation>Дереккөздер {0} файлына экспортталды.</translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <location filename="../../ui/window_search.py" line="89"/>
        <source>Nothing in your archive matches “{0}”.</source>
        <translation>Мұрағатта «{0}» сұрауы бойынша ештеңе табылмады.</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="92"/>
        <source>(the best {0} are shown)</source>
        <translation>(ең үздік {0} көрсетілді)</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="93"/>
        <source>Found: {0}</source>
        <translation>Табылды: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="110"/>
        <source>Save search</source>
        <translation>Іздеуді сақтау</translation>
    </message>
    <message>
        <location filename="../../ui/window_search.py" line="110"/>
        <source>Name of the smart folder:</source>
        <translation>Ақылды қалтаның атауы:</translation>
    </message>
</context>
<context>
    <name>WindowTicker</name>
    <message>
        <location filename="../../ui/window_ticker.py" line="95"/>
        <source>Weather: {0}</source>
        <translation>Ауа райы: {0}</translation>
    </message>
</context>
</TS>
