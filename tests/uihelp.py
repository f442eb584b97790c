"""The real main window for a test: settings in the test's folder, no timed sync."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.storage import Storage
from ui.main_window import MainWindow, window_settings


def open_window(
    storage: Storage, folder: Path, qtbot: QtBot, cache: Path | None = None,
    mark_read_delay_ms: int | None = 0,
) -> MainWindow:  # fmt: skip
    """Shown, owned by qtbot. `mark_read_delay_ms` 0: selecting marks read at once (None:
    the user's default delay). The caller waits for `window.syncer` before closing storage."""
    settings = window_settings(folder)
    if mark_read_delay_ms is not None:
        settings.setValue("reading/mark_read_delay_ms", mark_read_delay_ms)
    settings.setValue("sync/interval_minutes", 0)  # no automatic sync during a test
    window = MainWindow(storage, settings, "ru", cache)
    qtbot.addWidget(window)
    window.show()
    return window
