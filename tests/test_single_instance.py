"""Starting Kabar again on the same archive raises the running window instead."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.single_instance import InstanceServer, ask_running_window


def test_a_second_start_reaches_the_running_window(tmp_path: Path, qtbot: QtBot) -> None:
    raised: list[int] = []
    running = InstanceServer(tmp_path, lambda: raised.append(1))
    assert ask_running_window(tmp_path)  # the second start finds it...
    qtbot.waitUntil(lambda: raised == [1], timeout=3000)  # ...and the window comes forward
    assert not ask_running_window(tmp_path / "another")  # another archive: its own window
    running.close()
    assert not ask_running_window(tmp_path)  # closed: the next start opens a window


def test_the_kabar_command_exits_at_once_when_a_window_is_open(
    tmp_path: Path, qtbot: QtBot
) -> None:
    raised: list[int] = []
    running = InstanceServer(tmp_path.resolve(), lambda: raised.append(1))
    widget = QWidget()
    qtbot.addWidget(widget)
    started = time.monotonic()
    second = subprocess.Popen(
        [sys.executable, "-m", "ui.launcher", "--data-dir", str(tmp_path)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert second.returncode == 0 and time.monotonic() - started < 20
    qtbot.waitUntil(lambda: raised == [1], timeout=3000)
    assert not (tmp_path / "kabar.sqlite3").exists()  # it never opened the archive itself
    running.close()
