"""The system tray: unread count at a glance, quick sync, and notices for chosen sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from reader.display import count_phrase
from reader.types import SyncReport

if TYPE_CHECKING:
    from ui.main_window import MainWindow

NOTIFY_KEY = "notify_sources"  # in the database: user state that survives a reinstall


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def notify_sources(window: MainWindow) -> set[int]:
    return {int(i) for i in window.storage.setting(NOTIFY_KEY, [])}


def set_notify(window: MainWindow, source_id: int, on: bool) -> None:
    chosen = notify_sources(window)
    chosen = chosen | {source_id} if on else chosen - {source_id}
    window.writer.submit(window.storage.set_setting, NOTIFY_KEY, sorted(chosen))


class Tray:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.icon: QSystemTrayIcon | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # offscreen, or a desktop without a tray: nothing to show
        self.icon = QSystemTrayIcon(window.windowIcon(), window)
        menu = QMenu(window)
        menu.addAction(tr("Open Kabar"), self.raise_window)
        menu.addAction(tr("Sync now"), window.sync)
        menu.addSeparator()
        menu.addAction(tr("Quit"), window.close)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(lambda _reason: self.raise_window())
        self.icon.show()

    def raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def update(self, unread: int) -> None:
        if self.icon is not None:
            self.icon.setToolTip("Kabar — " + count_phrase(unread, "unread", self.window.language))

    def announce(self, report: SyncReport) -> list[str]:
        """Notices for new articles in sources the user asked to hear about."""
        chosen = notify_sources(self.window)
        lines = [f"{o.title or o.url}: " + count_phrase(o.new, "new_article", self.window.language)
                 for o in report.outcomes if o.new and o.source_id in chosen]  # fmt: skip
        if lines and self.icon is not None:
            self.icon.showMessage("Kabar", "\n".join(lines[:5]))
        return lines
