"""Dialogs and source actions of the window, driven as a user would (offscreen Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtWidgets import QMessageBox, QTextBrowser
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import SourceOutcome, SyncReport
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS
from tests.uihelp import open_window
from ui.add_source import AddSourceDialog
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog, setting
from ui.tray import NOTIFY_KEY

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
JSONFEED = next(p for p in REAL_FEEDS if p.name == "inessential.json")


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot, feed_server: FeedServer) -> Iterator[MainWindow]:
    storage = Storage(tmp_path / DB_FILENAME)
    storage.add_source(feed_server.add_file("/bash.xml", WIN1251), folder="Юмор")
    Sync(storage, SyncOptions(parse_workers=0)).run()
    win = open_window(storage, tmp_path, qtbot, mark_read_delay_ms=None)
    yield win
    win.syncer.wait()
    storage.close()


def test_preferences_are_saved_and_applied(window: MainWindow, qtbot: QtBot) -> None:
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.interval.setValue(15)
    dialog.delay.setValue(2000)
    dialog.font.setCurrentIndex(dialog.font.findData("sans"))
    dialog.zoom.setValue(2)
    dialog.save()
    window.apply_preferences()
    assert setting(window.settings, "sync/interval_minutes") == 15
    assert setting(window.settings, "reading/mark_read_delay_ms") == 2000
    assert window.article.font_family == "sans" and window.article.zoom == 2
    assert window.sync_timer.isActive() and window.sync_timer.interval() == 15 * 60_000
    again = PreferencesDialog(window.settings, window)
    qtbot.addWidget(again)
    assert again.interval.value() == 15 and again.font.currentData() == "sans"


def test_add_source_dialog_finds_feeds_on_a_page(
    window: MainWindow, qtbot: QtBot, feed_server: FeedServer
) -> None:
    feed_server.add_file("/feed.json", JSONFEED)
    page = feed_server.html_page("/site", '<link rel="alternate" type="application/feed+json" '
                                 'href="/feed.json"><link rel="alternate" '
                                 'type="application/rss+xml" href="/bash.xml">')  # fmt: skip
    dialog = AddSourceDialog(window)
    qtbot.addWidget(dialog)
    dialog.address.setText(page)
    dialog.search()
    qtbot.waitUntil(lambda: dialog.found.count() == 2, timeout=10_000)
    labels = [dialog.found.item(i).text() for i in range(2)]
    assert labels[0].startswith("inessential") and "20 статей" in labels[0]
    dialog.folder.setCurrentText("Блоги")
    chosen = dialog.chosen()
    assert chosen is not None and chosen[0].url.endswith("/feed.json") and chosen[1] == "Блоги"


def test_add_source_dialog_says_plainly_when_nothing_is_found(
    window: MainWindow, qtbot: QtBot, feed_server: FeedServer
) -> None:
    dialog = AddSourceDialog(window)
    qtbot.addWidget(dialog)
    dialog.address.setText(feed_server.html_page("/empty", "<p>nothing</p>"))
    dialog.search()
    qtbot.waitUntil(lambda: "No feed was found" in dialog.message.text(), timeout=10_000)
    assert dialog.chosen() is None


def test_remove_asks_and_names_the_starred_articles(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = window.storage
    storage.mark([storage.articles(limit=1)[0].id], starred=True)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.source_actions.remove(1)
    qtbot.waitUntil(lambda: not storage.sources(), timeout=3000)
    assert "50" in asked[0] and "1" in asked[0].split("\n\n")[1]


def test_notices_only_for_sources_the_user_chose(window: MainWindow) -> None:
    window.storage.set_setting(NOTIFY_KEY, [1])
    report = SyncReport(
        (SourceOutcome(1, "u1", "Баш", new=3), SourceOutcome(2, "u2", "Other", new=5))
    )
    assert window.tray.announce(report) == ["Баш: 3 новые статьи"]


def test_offline_is_a_quiet_state_not_an_error_dialog(window: MainWindow, qtbot: QtBot) -> None:
    window.storage.update_source(1, url="http://127.0.0.1:9/unreachable.xml")
    assert "offline" not in window.ticker.text()  # unknown before any sync tried
    with qtbot.waitSignal(window.syncer.finished, timeout=20_000):
        window.sync()
    assert "offline" in window.ticker.text()
    assert "1 источник с ошибкой" in window.status_text.text()
    assert window.sources.count_text("source:1") == "50"  # the archive is still all there


def test_counts_update_in_place_and_renames_rebuild(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.sources
    tree.select_key("source:1")
    item = tree.currentItem()
    window.set_read(window.storage.articles(limit=1)[0].id, True)
    qtbot.waitUntil(lambda: tree.count_text("source:1") == "49", timeout=3000)
    assert tree.currentItem() is item  # same row object: no rebuild, no jump in the tree
    window.source_actions._update(1, title="Баш.орг")
    qtbot.waitUntil(lambda: tree.currentItem().text(0) == "Баш.орг", timeout=3000)
    assert tree.current_source_id() == 1  # rebuilt, still on the same source


def test_about_lists_the_licences_of_what_kabar_bundles(window: MainWindow, qtbot: QtBot) -> None:
    from ui.window_actions import show_licences

    dialog = show_licences(window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(QTextBrowser).toPlainText()
    for component in ("Qt 6", "LGPL-3.0", "feedparser", "trafilatura", "nh3", "aiohttp"):
        assert component in text
