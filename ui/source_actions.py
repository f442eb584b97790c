"""What a user can do to a source from the left pane: sync, rename, move, inspect, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from reader.cli_format import local
from reader.display import count_phrase
from reader.types import ArticleFilter, Source
from ui.tray import notify_sources, set_notify

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("SourceActions", text)


def properties_text(source: Source, language: str = "en") -> str:
    interval = source.settings.update_interval_minutes
    lines = [
        f"{tr('Address')}: {source.url}",
        f"{tr('Web site')}: {source.site_url or '—'}",
        f"{tr('Folder')}: {source.folder or '—'}",
        f"{tr('Update interval')}: " + (f"{interval} {tr('min')}" if interval else tr("default")),
        f"{tr('Download full articles')}: "
        + {"on": tr("Always"), "off": tr("Never")}.get(
            source.settings.full_text, tr("Automatically (for short teasers)")
        ),
        f"{tr('Articles')}: {source.total} ("
        + count_phrase(source.unread, "unread", language)
        + ")",
        f"{tr('Last successful check')}: {local(source.last_success)}",
        f"{tr('Last attempt')}: {local(source.last_attempt)}",
    ]
    if source.last_error:
        lines.append(f"{tr('Last error')}: {source.last_error}")
    if source.warning:
        lines.append(f"{tr('Warning')}: {source.warning}")
    return "\n".join(lines)


class SourceActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def menu(self, position: QPoint) -> None:
        tree = self.window.sources
        source_id = tree.current_source_id()
        menu = QMenu(tree)
        flt = tree.current_filter()
        search = tree.current_search()
        if search is not None:
            menu.addAction(tr("Remove saved search"), lambda: self.window.search.remove(search))
            menu.popup(tree.viewport().mapToGlobal(position))
            return
        if source_id is not None:
            menu.addAction(tr("Sync this source"), lambda: self.window.sync([source_id]))
        menu.addAction(tr("Mark all as read"), lambda: self.window.mark_all_read(flt))
        if source_id is not None:
            menu.addSeparator()
            menu.addAction(tr("Rename…"), lambda: self.rename(source_id))
            menu.addAction(tr("Move to folder…"), lambda: self.move(source_id))
            menu.addAction(tr("Properties…"), lambda: self.properties(source_id))
            self._full_text_menu(menu, source_id)
            self._breaking_action(menu, source_id)
            notify = menu.addAction(tr("Notify me of new articles"))
            notify.setCheckable(True)
            notify.setChecked(source_id in notify_sources(self.window))
            notify.toggled.connect(lambda on: set_notify(self.window, source_id, on))
            menu.addSeparator()
            menu.addAction(tr("Remove…"), lambda: self.remove(source_id))
        menu.popup(tree.viewport().mapToGlobal(position))

    def _full_text_menu(self, menu: QMenu, source_id: int) -> None:
        """Whether the source's whole articles are downloaded for offline reading."""
        current = self.window.storage.source(source_id).settings.full_text
        sub = menu.addMenu(tr("Download full articles"))
        group = QActionGroup(sub)
        for mode, label in (("auto", tr("Automatically (for short teasers)")),
                            ("on", tr("Always")), ("off", tr("Never"))):  # fmt: skip
            action = sub.addAction(label)
            action.setCheckable(True)
            action.setChecked(mode == current)
            group.addAction(action)
            action.triggered.connect(lambda _c=False, m=mode: self._update(source_id, full_text=m))

    def _breaking_action(self, menu: QMenu, source_id: int) -> None:
        """Its newest headline in the strip above the panes."""
        from reader.ticker import breaking_sources, set_breaking

        action = menu.addAction(tr("Breaking news in the strip"))
        action.setCheckable(True)
        action.setChecked(source_id in breaking_sources(self.window.storage))
        action.toggled.connect(lambda on: (set_breaking(self.window.storage, source_id, on),
                                           self.window.ticker_strip.reload()))  # fmt: skip

    def rename(self, source_id: int) -> None:
        source = self.window.storage.source(source_id)
        title, ok = QInputDialog.getText(self.window, tr("Rename source"), tr("Name:"),
                                         text=source.display_title)  # fmt: skip
        if ok and title.strip():
            self._update(source_id, title=title.strip())

    def move(self, source_id: int) -> None:
        source = self.window.storage.source(source_id)
        folders = sorted({s.folder for s in self.window.storage.sources() if s.folder})
        folder, ok = QInputDialog.getItem(
            self.window, tr("Move to folder"), tr("Folder (empty for none):"),
            ["", *folders], folders.index(source.folder) + 1 if source.folder in folders else 0,
            True,
        )  # fmt: skip
        if ok:
            self._update(source_id, folder=folder.strip() or None)

    def properties(self, source_id: int) -> None:
        source = self.window.storage.source(source_id)
        QMessageBox.information(
            self.window, source.display_title, properties_text(source, self.window.language)
        )

    def remove(self, source_id: int) -> None:
        storage = self.window.storage
        source = storage.source(source_id)
        starred = len(storage.article_keys(ArticleFilter(source_id=source_id, starred=True)))
        question = tr("Stop following “{0}” and delete its {1} articles?").format(
            source.display_title, source.total
        )
        if starred:
            question += "\n\n" + tr("{0} of them are starred and will be deleted too.").format(
                starred
            )
        answer = QMessageBox.question(self.window, tr("Remove source"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.window.writer.submit(storage.remove_source, source_id,
                                      then=lambda _: self.window.refresh())  # fmt: skip

    def _update(self, source_id: int, **values: object) -> None:
        self.window.writer.submit(
            lambda: self.window.storage.update_source(source_id, **values),
            then=lambda _: self.window.refresh(),
        )
