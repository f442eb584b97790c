"""The window and a `kabar sync` in a terminal on one archive at once: both finish, every mark
the reader makes in the window is kept, and no "database is busy" ever reaches the reader."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import SyncReport
from tests.feedserver import FeedServer
from tests.test_crash import feed, snapshot
from tests.uihelp import open_window
from ui.main_window import MainWindow

FEEDS = 20


@pytest.fixture
def window(tmp_path: Path, feed_server: FeedServer, qtbot: QtBot) -> Iterator[MainWindow]:
    storage = Storage(tmp_path / DB_FILENAME)
    for n in range(FEEDS):
        storage.add_source(feed_server.add(f"/two/{n}.xml", feed(n, 0)))
    Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    win = open_window(storage, tmp_path, qtbot)
    yield win
    win.syncer.wait()
    storage.close()


def read_and_star_while(
    window: MainWindow, qtbot: QtBot, busy: subprocess.Popen[str]
) -> tuple[set[int], set[int]]:
    """Go down the list as a reader does, starring every third article, until `busy` ends:
    the articles read and the ones starred."""
    read: set[int] = set()
    starred: set[int] = set()
    while busy.poll() is None or len(read) < 30:
        window.shortcut_actions["next"].trigger()
        qtbot.wait(15)
        article_id = window.current_article_id()
        if article_id is None or article_id in read:
            continue
        read.add(article_id)
        if len(read) % 3 == 0:
            window.shortcut_actions["star"].trigger()
            starred.add(article_id)
    return read, starred


def test_window_and_terminal_sync_share_an_archive(
    window: MainWindow, qtbot: QtBot, feed_server: FeedServer, tmp_path: Path
) -> None:
    for n in range(FEEDS):  # every feed grows: the terminal's sync has plenty to write and index
        feed_server.set_body(f"/two/{n}.xml", feed(n, 2))
    feed_server.latency(0.05)
    window.sources.select_key("all")
    terminal = subprocess.Popen(
        [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(tmp_path), "sync"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    qtbot.wait(700)  # the terminal's sync is storing new articles now
    for n in range(FEEDS):  # and the feeds grow again: the window's sync has its own to write
        feed_server.set_body(f"/two/{n}.xml", feed(n, 3))
    reports: list[SyncReport] = []
    window.syncer.finished.connect(reports.append)
    window.shortcut_actions["sync"].trigger()
    read, starred = read_and_star_while(window, qtbot, terminal)
    printed = terminal.communicate(timeout=120)[0]
    qtbot.waitUntil(lambda: not window.syncer.running, timeout=60_000)
    window.writer.submit(lambda: None).result(timeout=60)  # every mark has been written

    assert terminal.returncode == 0 and " 0 failed" in printed, printed
    (report,) = reports
    assert report.error is None and not report.failures, report
    said = window.status_text.text().lower() + printed.lower()
    assert "busy" not in said and "locked" not in said and "занят" not in said, said
    stored = snapshot(tmp_path)  # integrity_check ok, unread counters agree
    assert len(stored) == FEEDS * 30 * 4  # each article once, though both synced it
    assert all(stored[i][1] == 1 for i in read), "a read mark made in the window was lost"
    assert all(stored[i][2] == 1 for i in starred), "a star made in the window was lost"
    assert {i for i, (_key, _read, star) in stored.items() if star} == starred


def test_a_mark_that_cannot_be_saved_is_said_and_not_shown_as_saved(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.sources.select_key("all")
    window.table.selectRow(4)
    article_id = window.current_article_id()
    assert article_id is not None
    other = sqlite3.connect(tmp_path / DB_FILENAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock for too long
    try:
        window.shortcut_actions["star"].trigger()
        assert window.model.headline(4).starred  # shown at once...
        qtbot.waitUntil(lambda: "busy" in window.status_text.text(), timeout=15_000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not window.model.headline(4).starred  # ...and taken back when it was not saved
    assert not window.storage.article(article_id).starred
    window.shortcut_actions["star"].trigger()  # the lock is gone: starring works again
    qtbot.waitUntil(lambda: window.storage.article(article_id).starred, timeout=5000)
