"""Kabar's main window: ticker strip, sources, headlines and the article, with background sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.images import ImageCache
from reader.sources import default_sources, import_opml
from reader.storage import Storage
from reader.types import ArticleFilter, SyncReport
from ui.article_view import ArticleView
from ui.background import BackgroundQueue, SyncController
from ui.headline_delegate import HeadlineDelegate
from ui.headlines import HeadlineModel, HeadlineTable
from ui.icons import app_icon, icon
from ui.preferences import setting
from ui.source_actions import SourceActions
from ui.sources_tree import SourcesTree, view_key
from ui.tray import Tray
from ui.window_actions import build_menus
from ui.window_search import WindowSearch
from ui.window_sync import WindowSync
from ui.window_ticker import WindowTicker


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(WindowSync, QMainWindow):
    def __init__(
        self, storage: Storage, settings: QSettings, language: str = "en",
        cache_dir: Path | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.storage, self.settings, self.language = storage, settings, language
        self.cache_dir = cache_dir
        self.images = ImageCache(cache_dir) if cache_dir is not None else None
        self.setWindowTitle("Kabar")
        self.setWindowIcon(app_icon())
        self.writer = BackgroundQueue("ui-writer", self)
        self.network = BackgroundQueue("network", self)
        self.related = BackgroundQueue("related", self)  # "Read also": 10-50 ms at 1M
        # Long jobs (exports, backups, the daily cleanup) get their own thread, so a mark
        # never waits minutes behind a backup of a large archive on the writer's queue.
        self.maintenance = BackgroundQueue("maintenance", self)
        self.syncer = SyncController(storage, cache_dir, self)
        self.last_report: SyncReport | None = None
        self._index_only = False
        self.restored = False  # set by File → Restore: nothing may be written on the way out
        self._build()
        self.search = WindowSearch(self)
        self.middle_layout.insertWidget(0, self.search.bar)
        self.source_actions = SourceActions(self)
        self.sources.customContextMenuRequested.connect(self.source_actions.menu)
        build_menus(self)
        self._connect()
        self._restore()
        self.tray = Tray(self)
        self.apply_preferences(start=False)
        self.refresh(reload_list=False)
        if self.shortcut_actions["cards"].isChecked():
            self.set_cards(True)
        self.model.show(self.sources.current_filter())
        self._start_timers()
        QTimer.singleShot(1000, self.catch_up_index)  # after the first frame, if no sync began
        QTimer.singleShot(0, self.ticker_strip.start)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.ticker = QLabel()
        self.ticker.setObjectName("ticker")
        self.ticker.setContentsMargins(10, 3, 10, 3)
        self.sources = SourcesTree(self.language)
        self._build_table()
        self.article = ArticleView(images=self.images)
        self.empty_hint = QPushButton(tr("Add Kabar's suggested news sources"))
        self.empty_hint.hide()
        middle = QWidget()
        self.middle_layout = QVBoxLayout(middle)
        self.middle_layout.setContentsMargins(0, 0, 0, 0)
        self.middle_layout.setSpacing(0)
        self.middle_layout.addWidget(self.empty_hint)
        self.middle_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.sources, 1), (middle, 3), (self.article, 3)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.ticker_strip = WindowTicker(self)
        layout.addWidget(self.ticker_strip.strip)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_status()

    def _build_table(self) -> None:
        self.model = HeadlineModel(self.storage, self.language)
        self.table = HeadlineTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        # Two lines a row: the title, and under it a preview of the text.
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().height() + 10)
        self.delegate = HeadlineDelegate(self.table, self.images)
        self.table.setItemDelegateForColumn(HeadlineModel.TITLE, self.delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HeadlineModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HeadlineModel.STAR, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(HeadlineModel.STAR, 28)
        header.resizeSection(HeadlineModel.SOURCE, 150)
        header.resizeSection(HeadlineModel.DATE, 110)
        header.setSectionsClickable(True)

    def _build_status(self) -> None:
        self.status_text = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(tr("Sources: %v of %m"))
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.setIcon(icon("cancel", self.palette()))
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cancel_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.status_text, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _connect(self) -> None:
        self.sources.view_chosen.connect(self._view_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.doubleClicked.connect(lambda _index: self.open_in_browser())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._headline_menu)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.syncer.progress.connect(self._sync_progress)
        self.syncer.finished.connect(self._sync_finished)
        self.cancel_button.clicked.connect(self.syncer.cancel)
        self.empty_hint.clicked.connect(self.import_defaults)
        self.article.link_refused.connect(self.status_text.setText)
        self.article.article_requested.connect(self.open_article)
        self.article.capture_requested.connect(self.capture_again)
        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.timeout.connect(self._mark_current_read)

    def apply_preferences(self, start: bool = True) -> None:
        """Preferences take effect at once (the language after a restart)."""
        self.article.font_family = str(setting(self.settings, "reading/font_family"))
        self.article.change_zoom(
            int(str(setting(self.settings, "reading/zoom"))) - self.article.zoom
        )
        if start:
            self.article.show_article(self.article.article)
            self._start_timers()

    def _start_timers(self) -> None:
        if not hasattr(self, "sync_timer"):
            self.sync_timer = QTimer(self)
            self.sync_timer.timeout.connect(lambda: self.sync(due_only=True))
        self.sync_timer.stop()
        minutes = int(str(setting(self.settings, "sync/interval_minutes")))
        if minutes > 0:
            self.sync_timer.start(minutes * 60_000)
            last = self.settings.value("sync/last", "")
            stale = not last or datetime.fromisoformat(str(last)) < datetime.now(UTC) - timedelta(
                minutes=minutes
            )
            if stale and self.storage.sources():
                QTimer.singleShot(0, lambda: self.sync(due_only=True))

    # -- views and reading -------------------------------------------------------------------

    def refresh(self, reload_list: bool = True) -> None:
        """Counts and the source list from the database; the headline list keeps its place."""
        counts = self.storage.counts()
        self.sources.populate(self.storage.sources(), counts)
        self.tray.update(counts[1])
        self.search.update_counts()
        if reload_list and self.search.active:
            self.search.rerun(keep_selection=True)
        elif reload_list:
            self._reload_keeping_selection()
        self._update_ticker()
        self._update_empty_state()

    def _reload_keeping_selection(self) -> None:
        current = self.current_article_id()
        top_row = self.table.rowAt(0)
        top = self.model.article_id(top_row)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        needed = max(self.table.currentIndex().row(), bottom, top_row) + 1
        self.table.selectionModel().blockSignals(True)
        self.model.reload(needed + 200)
        for wanted in (current, top):
            row = self.model.row_of(wanted) if wanted is not None else None
            if row is not None and wanted == current:
                self.table.selectRow(row)
            if row is not None and wanted == top:
                self.table.scrollTo(self.model.index(row, 0),
                                    QAbstractItemView.ScrollHint.PositionAtTop)  # fmt: skip
        self.table.selectionModel().blockSignals(False)

    def set_cards(self, on: bool) -> None:
        """Headlines as cards with the article's picture (from the offline cache)."""
        self.settings.setValue("view/cards", on)
        lines = 3 if on else 2
        self.table.verticalHeader().setDefaultSectionSize(lines * self.fontMetrics().height() + 10)
        self.model.set_cards(on)

    def _view_chosen(self, flt: ArticleFilter) -> None:
        self.search.leave()
        self.model.show(flt)
        self.article.show_article(None)
        self.settings.setValue("view/selected", view_key(flt))

    def _headline_menu(self, position: QPoint) -> None:
        menu = QMenu(self.table)
        for action_id in ("star", "read", "open", "export_articles"):
            menu.addAction(self.shortcut_actions[action_id])
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _header_clicked(self, section: int) -> None:
        if section == HeadlineModel.DATE:
            self.model.toggle_order()

    def current_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        if article_id is None:
            return
        self.article.show_article(self.storage.article(article_id), self.search.text)
        self._find_related(article_id)
        delay = int(str(setting(self.settings, "reading/mark_read_delay_ms")))
        self.read_timer.start(max(0, delay))

    def _find_related(self, article_id: int) -> None:
        from reader.related import related

        def arrived(found: object) -> None:
            if isinstance(found, tuple):  # an error only costs the "Read also" list
                self.article.show_related(article_id, found)

        self.related.submit(related, self.storage, article_id, then=arrived)

    def _reshow_article(self) -> None:
        """The open article again, as stored now (its full text may have just arrived)."""
        shown = self.article.article
        if shown is not None:
            self.article.show_article(self.storage.article(shown.id), self.search.text)
            self._find_related(shown.id)

    def open_article(self, article_id: int) -> None:
        """A "Read also" link: select the article in the list if it is there, else show it."""
        row = self.model.row_of(article_id)
        if row is not None:
            self.table.selectRow(row)
            return
        self.table.clearSelection()
        self.article.show_article(self.storage.article(article_id))
        self._find_related(article_id)
        self.set_read(article_id, True)

    def _mark_current_read(self) -> None:
        article_id = self.current_article_id()
        headline = self.model.headline(self.table.currentIndex().row())
        if article_id is not None and headline is not None and not headline.read:
            self.set_read(article_id, True)

    def set_read(self, article_id: int, read: bool) -> None:
        self.model.update_row(article_id, read=read)
        undo = {"read": not read}
        self.writer.submit(self.storage.mark, [article_id], read,
                           then=lambda result: self._marked(result, article_id, undo))  # fmt: skip

    def set_starred(self, article_id: int, starred: bool) -> None:
        self.model.update_row(article_id, starred=starred)
        undo = {"starred": not starred}
        self.writer.submit(lambda: self.storage.mark([article_id], starred=starred),
                           then=lambda result: self._marked(result, article_id, undo))  # fmt: skip

    def _marked(self, result: object, article_id: int, undo: dict[str, bool]) -> None:
        if isinstance(result, Exception):  # not saved (a disk full, a lock held too long):
            self.model.update_row(article_id, **undo)  # the list must not pretend it was
            self.status_text.setText(tr("Could not save the mark: {0}").format(result))
        self._counts_changed()

    def _counts_changed(self) -> None:
        self.sources.populate(self.storage.sources(), self.storage.counts())
        self.search.update_counts()

    def mark_all_read(self, flt: ArticleFilter | None = None) -> None:
        if flt is None and self.search.active:  # what the reader sees: the search results
            shown = [self.model.article_id(row) or 0 for row in range(self.model.rowCount())]
            self.writer.submit(self.storage.mark, shown, True, then=lambda _: self.refresh())
            return
        flt = flt or self.sources.current_filter()
        if flt.source_id is None and flt.folder is None:
            job: Any = self.storage.mark_all_read
        else:
            job = lambda: self.storage.mark_all_read(flt.source_id, flt.folder)  # noqa: E731
        self.writer.submit(job, then=lambda _: self.refresh())

    def open_in_browser(self) -> None:
        article = self.article.article
        if article is not None and article.link:
            self.article.opened.append(article.link)
            QDesktopServices.openUrl(QUrl(article.link))

    def _update_ticker(self) -> None:
        last = self.settings.value("sync/last", "")
        when = datetime.fromisoformat(str(last)).astimezone().strftime("%H:%M") if last else "—"
        text = f"{tr('Last sync')}: {when}"
        report = self.last_report
        if self.offline:
            text += "  ·  " + tr("offline mode")
        elif report is not None and report.outcomes:  # unknown until a sync has tried
            offline = all(o.error for o in report.outcomes)
            state = tr("offline — reading from the archive") if offline else tr("online")
            text += f"  ·  {state}"
        self.ticker.setText(text)

    def _update_empty_state(self) -> None:
        self.empty_hint.setVisible(not self.storage.sources())

    def import_defaults(self) -> None:
        self.writer.submit(import_opml, self.storage, default_sources(),
                           then=lambda _: (self.refresh(), self.sync()))  # fmt: skip

    # -- state across restarts -----------------------------------------------------------------

    def _restore(self) -> None:
        header = self.table.horizontalHeader()
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/splitter", self.splitter.restoreState),
                             ("window/headlines", header.restoreState)):  # fmt: skip
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        if not self.settings.value("window/geometry"):
            self.resize(1280, 800)
            self.splitter.setSizes([240, 520, 520])
        self.sources.populate(self.storage.sources(), self.storage.counts())
        self.sources.select_key(str(self.settings.value("view/selected", "all")))

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.restored:  # a restore replaced the archive and its window.ini: keep them
            super().closeEvent(event)
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/headlines", self.table.horizontalHeader().saveState())
        self.settings.sync()
        self.syncer.wait()
        self.search.shutdown()
        self.ticker_strip.shutdown()
        self.related.shutdown()
        self.maintenance.shutdown()
        self.writer.shutdown()
        self.network.shutdown()
        super().closeEvent(event)


def window_settings(data_dir: Path) -> QSettings:
    """Window state lives beside the database, so a --data-dir (and every test) is isolated."""
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
