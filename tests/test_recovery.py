"""A damaged archive: said in plain words at start, a weekly backup offered, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader.auto_backup import KEEP, automatic_backups, backup_if_due, made_at
from reader.db import DB_FILENAME
from reader.storage import Storage
from ui.recovery import open_or_recover


def archive(folder: Path) -> Storage:
    storage = Storage(folder / DB_FILENAME)
    storage.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
    return storage


def test_weekly_backups_are_made_when_due_and_the_newest_few_kept(tmp_path: Path) -> None:
    storage = archive(tmp_path)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    assert backup_if_due(storage, tmp_path, now) is not None  # none yet: one now
    assert backup_if_due(storage, tmp_path, now + timedelta(days=1)) is None  # not due
    for week in range(1, KEEP + 3):
        assert backup_if_due(storage, tmp_path, now + timedelta(weeks=week)) is not None
    kept = automatic_backups(tmp_path)
    assert len(kept) == KEEP and made_at(kept[0]) == now + timedelta(weeks=KEEP + 2)
    storage.close()


def test_a_damaged_archive_is_said_and_the_weekly_backup_restores_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    storage = archive(tmp_path)
    backup_if_due(storage, tmp_path)
    storage.close()
    damaged = tmp_path / DB_FILENAME
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 5000)  # a garbage page
    seen: list[str] = []

    def choose_the_backup() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.buttons()[0].click()  # "Restore the backup of …"

    QTimer.singleShot(200, choose_the_backup)
    restored = open_or_recover(tmp_path)
    assert restored is not None and [s.title for s in restored.sources()] == ["Tengrinews"]
    assert "damaged" in seen[0] and str(damaged) in seen[0]
    kept = tmp_path / f"{DB_FILENAME}.before-restore"
    assert kept.read_bytes().startswith(b"SQLite format 3\x00\xde\xad")  # never overwritten
    restored.close()


def test_quit_leaves_the_damaged_file_as_it_was(tmp_path: Path, qtbot: QtBot) -> None:
    garbage = b"not a database at all" * 100
    (tmp_path / DB_FILENAME).write_bytes(garbage)
    QTimer.singleShot(200, lambda: QApplication.activeModalWidget().reject())  # Esc: Quit
    assert open_or_recover(tmp_path) is None
    assert (tmp_path / DB_FILENAME).read_bytes() == garbage


def test_the_cli_says_in_plain_words_that_the_archive_is_damaged(tmp_path: Path) -> None:
    archive(tmp_path).close()
    run = [sys.executable, "-m", "ui.launcher", "--data-dir", str(tmp_path), "--offline"]
    listed = subprocess.run([*run, "sources", "--json"], capture_output=True, text=True)
    assert json.loads(listed.stdout)[0]["title"] == "Tengrinews"
    (tmp_path / DB_FILENAME).write_bytes(b"\x00" * 4096)
    broken = subprocess.run([*run, "sources"], capture_output=True, text=True)
    assert broken.returncode == 3 and "damaged" in broken.stderr
