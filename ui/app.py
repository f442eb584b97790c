"""Starting the window: application, language, settings, storage."""

from __future__ import annotations

import gc
import importlib
import sys

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from reader.paths import cache_dir
from reader.paths import data_dir as resolve_data_dir
from ui.i18n import install_translator
from ui.main_window import MainWindow, window_settings
from ui.preferences import setting
from ui.recovery import open_or_recover
from ui.single_instance import InstanceServer, ask_running_window, bring_forward

LANGUAGES = ("ru", "kk", "en")


def ui_language(preference: str | None = None) -> str:
    """The chosen language, else the system's if Kabar speaks it, else English."""
    if preference in LANGUAGES:
        return preference
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def run(data_dir: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Kabar")
    app.setOrganizationName("Kabar")
    folder = resolve_data_dir(data_dir)
    if ask_running_window(folder):  # Kabar is already open on this archive: raised instead
        return 0
    storage = open_or_recover(folder)  # a damaged archive: said, and a backup offered
    if storage is None:
        return 3
    settings = window_settings(folder)
    language = ui_language(str(settings.value("ui/language", "")))
    install_translator(app, language)
    window = MainWindow(storage, settings, language, cache_dir(data_dir))
    instance = InstanceServer(folder, bring_forward(window))  # later starts raise this window
    if not (setting(settings, "ui/start_minimized") and window.tray.icon is not None):
        window.show()  # minimized to the tray only where there is a tray to come back from
    # Start-up objects live as long as the window: keep them out of the collector's full
    # passes, which otherwise stalled scrolling for ~70 ms (measured at 1M articles).
    gc.freeze()
    # The sync machinery (aiohttp, feedparser) loads right after the first frame instead of
    # at the first sync, where importing it on the UI thread stalled it ~200 ms (measured).
    QTimer.singleShot(0, lambda: importlib.import_module("reader.sync"))
    try:
        return app.exec()
    finally:
        instance.close()
        storage.close()
