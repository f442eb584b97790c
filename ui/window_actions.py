"""Menus, keyboard shortcuts and list navigation of the main window."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QTextBrowser, QVBoxLayout

from reader import __version__, sources
from reader.display import count_phrase
from reader.errors import KabarError
from reader.retention import set_policy
from ui.backup_actions import back_up, restore_from
from ui.export_dialog import export_articles
from ui.preferences import PreferencesDialog
from ui.search_bar import syntax_help
from ui.storage_box import StorageBox

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("WindowActions", text)


# (menu, id, label, shortcuts, what it does) — the Help → Shortcuts window lists these too.
# The id, not the (translated) label, is how code and tests find an action.
Row = tuple[str, str, str, list[str], Callable[[], object]]
QUIT_KEYS = "Ctrl+Q"


def shortcut_table(w: MainWindow) -> list[Row]:
    nav = Navigator(w)
    return [
        ("file", "add", tr("Add source…"), ["Ctrl+N"], lambda: add_source(w)),
        ("file", "import", tr("Import OPML…"), [], lambda: import_opml(w)),
        ("file", "export", tr("Export OPML…"), [], lambda: export_opml(w)),
        ("file", "export_articles", tr("Export articles…"), ["Ctrl+E"],
         lambda: export_articles(w)),
        ("file", "backup", tr("Back up…"), [], lambda: back_up(w)),
        ("file", "restore", tr("Restore from a backup…"), [], lambda: restore_from(w)),
        ("file", "preferences", tr("Preferences…"), ["Ctrl+,"], lambda: open_preferences(w)),
        ("file", "quit", tr("Quit"), [QUIT_KEYS], w.close),
        ("view", "find", tr("Search"), ["/", "Ctrl+F"], w.search.focus),
        ("view", "sync", tr("Sync all"), ["F5", "R"], w.sync),
        ("view", "mark_all_read", tr("Mark all as read"), ["Shift+A"], w.mark_all_read),
        ("view", "zoom_in", tr("Zoom in"), ["Ctrl++", "Ctrl+="], lambda: w.article.change_zoom(1)),
        ("view", "zoom_out", tr("Zoom out"), ["Ctrl+-"], lambda: w.article.change_zoom(-1)),
        ("view", "font", tr("Serif / sans-serif text"), [], lambda: w.article.set_font_family(
            "sans" if w.article.font_family == "serif" else "serif")),
        ("article", "next", tr("Next article"), ["J"], lambda: nav.step(1)),
        ("article", "previous", tr("Previous article"), ["K"], lambda: nav.step(-1)),
        ("article", "next_unread", tr("Next unread"), ["N"], lambda: nav.unread(1)),
        ("article", "previous_unread", tr("Previous unread"), ["P"], lambda: nav.unread(-1)),
        ("article", "space", tr("Scroll, then next unread"), ["Space"], nav.space),
        ("article", "star", tr("Star / unstar"), ["S"], nav.toggle_star),
        ("article", "read", tr("Read / unread"), ["M"], nav.toggle_read),
        ("article", "open", tr("Open in browser"), ["O", "Return"], w.open_in_browser),
    ]  # fmt: skip


def build_menus(w: MainWindow) -> None:
    titles = {"file": tr("&File"), "view": tr("&View"), "article": tr("&Article")}
    menus = {key: w.menuBar().addMenu(title) for key, title in titles.items()}
    w.shortcut_actions = {}
    for menu, action_id, label, keys, run in shortcut_table(w):
        action = QAction(label, w)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, run=run: run())
        menus[menu].addAction(action)
        w.addAction(action)
        w.shortcut_actions[action_id] = action
    cards = QAction(tr("Cards with pictures"), w)
    cards.setCheckable(True)
    cards.setChecked(str(w.settings.value("view/cards", "false")).lower() == "true")
    cards.toggled.connect(w.set_cards)
    menus["view"].addAction(cards)
    w.shortcut_actions["cards"] = cards
    offline = QAction(tr("Work offline"), w)
    offline.setCheckable(True)
    offline.setChecked(w.offline)
    offline.setToolTip(tr("Make no network request at all: no syncs, no downloads"))
    offline.toggled.connect(w.set_offline)
    menus["file"].insertAction(w.shortcut_actions["quit"], offline)
    w.shortcut_actions["offline"] = offline
    help_menu = w.menuBar().addMenu(tr("&Help"))
    help_menu.addAction(tr("Keyboard shortcuts"), lambda: show_shortcuts(w))
    help_menu.addAction(tr("Searching"), lambda: show_search_help(w))
    help_menu.addAction(tr("About Kabar"), lambda: show_about(w))


def show_about(w: MainWindow) -> None:
    text = tr("Kabar {0}: the offline news reader.").format(__version__)
    details = f"Qt {qVersion()} · PySide6 {PySide6.__version__}"
    box = QMessageBox(QMessageBox.Icon.Information, tr("About Kabar"),
                      f"<p><b>{text}</b></p><p>{details}</p>", parent=w)  # fmt: skip
    licences = box.addButton(tr("Licences"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is licences:
        show_licences(w)


def licences_text() -> str:
    """resources/LICENSES.md: the components Kabar bundles (packaging/licences.py)."""
    return (files("reader.resources") / "LICENSES.md").read_text(encoding="utf-8")


def show_licences(w: MainWindow) -> QDialog:
    dialog = QDialog(w)
    dialog.setWindowTitle(tr("Licences"))
    dialog.resize(640, 560)
    view = QTextBrowser(dialog)
    view.setMarkdown(licences_text())
    QVBoxLayout(dialog).addWidget(view)
    dialog.show()
    return dialog


def show_shortcuts(w: MainWindow) -> None:
    rows = "".join(f"<tr><td><b>{', '.join(keys)}</b></td><td>{label}</td></tr>"
                   for _menu, _id, label, keys, _run in shortcut_table(w) if keys)  # fmt: skip
    QMessageBox.information(w, tr("Keyboard shortcuts"), f"<table>{rows}</table>")


def show_search_help(w: MainWindow) -> None:
    QMessageBox.information(w, tr("Searching"), syntax_help())


class Navigator:
    """j/k, n/p and Space over the headline list (and on to the next source with unread)."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w

    def _row(self) -> int:
        index = self.w.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int) -> None:
        self.w.table.selectRow(row)
        self.w.table.scrollTo(self.w.model.index(row, 0))

    def step(self, delta: int) -> None:
        model, row = self.w.model, self._row() + delta
        while row >= model.rowCount() and model.canFetchMore(model.index(-1, -1)):
            model.fetchMore(model.index(-1, -1))
        if 0 <= row < model.rowCount():
            self._select(row)

    def unread(self, delta: int) -> bool:
        model, row = self.w.model, self._row() + delta
        while True:
            if row >= model.rowCount() and model.canFetchMore(model.index(-1, -1)):
                model.fetchMore(model.index(-1, -1))
            if not 0 <= row < model.rowCount():
                return delta > 0 and self._next_source_with_unread()
            headline = model.headline(row)
            if headline is not None and not headline.read:
                self._select(row)
                return True
            row += delta

    def _next_source_with_unread(self) -> bool:
        current = self.w.sources.current_source_id()
        sources = [s for s in self.w.storage.sources() if s.unread]
        later = [s for s in sources if current is None or s.id > current] or sources
        for source in later:
            if source.id != current and self.w.sources.select_key(f"source:{source.id}"):
                return self.unread(1)
        return False

    def space(self) -> None:
        if not self.w.article.scroll_page():
            self.unread(1)

    def toggle_star(self) -> None:
        headline = self.w.model.headline(self._row())
        if headline is not None:
            self.w.set_starred(headline.id, not headline.starred)

    def toggle_read(self) -> None:
        headline = self.w.model.headline(self._row())
        if headline is not None:
            self.w.read_timer.stop()
            self.w.set_read(headline.id, not headline.read)


def add_source(w: MainWindow) -> None:
    from ui.add_source import AddSourceDialog  # the network stack loads only when needed

    dialog = AddSourceDialog(w)
    if dialog.exec() != AddSourceDialog.DialogCode.Accepted or (chosen := dialog.chosen()) is None:
        return
    candidate, folder = chosen

    def done(result: object) -> None:
        if isinstance(result, Exception):
            w.status_text.setText(str(result))
            return
        w.status_text.setText(tr("Added {0}.").format(getattr(result, "display_title", "")))
        w.refresh()
        w.sync([getattr(result, "id", 0)])

    w.writer.submit(w.storage.add_source, candidate.url, candidate.title, folder, then=done)


def open_preferences(w: MainWindow) -> None:
    from reader.ticker import load_settings, save_settings  # the HTTP stack, off the start path
    from ui.ticker_box import TickerBox

    ticker = TickerBox(load_settings(w.storage))
    dialog = PreferencesDialog(w.settings, w, StorageBox(w.storage, w.cache_dir), ticker)
    if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
        dialog.save()
        if dialog.storage_box is not None:
            w.writer.submit(set_policy, w.storage, dialog.storage_box.chosen())
        strip = w.ticker_strip  # a new provider or city is due at once (its address changed)
        w.writer.submit(save_settings, w.storage, ticker.chosen(),
                        then=lambda _: (strip.reload(), strip.refresh()))  # fmt: skip
        w.apply_preferences()


def import_opml(w: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(w, tr("Import OPML"), "", "OPML (*.opml *.xml)")
    if not path:
        return

    def run() -> str:
        result = sources.import_opml(w.storage, sources.read_opml_file(path))
        return tr("Imported {0}.").format(count_phrase(result.added, "source", w.language))

    w.writer.submit(run, then=lambda text: (w.status_text.setText(str(text)), w.refresh()))


def export_opml(w: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(w, tr("Export OPML"), "kabar.opml", "OPML (*.opml)")
    if not path:
        return
    try:
        sources.save_opml(w.storage, path)
    except KabarError as error:  # a full disk or a read-only folder: said, nothing half-written
        w.status_text.setText(str(error))
        return
    w.status_text.setText(tr("Exported your sources to {0}.").format(path))
