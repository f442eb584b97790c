"""The window on a real archive filled by a real sync from a local server (offscreen Qt)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS
from tests.uihelp import open_window
from ui.article_view import ArticleView
from ui.headlines import KEY_PAGE
from ui.main_window import MainWindow

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
ATOM = next(p for p in REAL_FEEDS if p.name == "DaringFireball.atom")


@pytest.fixture
def archive(tmp_path: Path, feed_server: FeedServer) -> Iterator[Storage]:
    storage = Storage(tmp_path / DB_FILENAME)
    storage.add_source(feed_server.add_file("/bash.xml", WIN1251), folder="Юмор")
    storage.add_source(feed_server.add_file("/df.atom", ATOM))
    Sync(storage, SyncOptions(parse_workers=0)).run()
    yield storage
    storage.close()


@pytest.fixture
def window(archive: Storage, tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    win = open_window(archive, tmp_path, qtbot)
    yield win
    win.syncer.wait()


def test_three_panes_populate_and_reading_marks_read(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.sources
    assert tree.select_key("source:1")
    assert window.model.rowCount() == 50
    assert window.model.data(window.model.index(0, 1)).startswith("Цитата")
    window.table.selectRow(0)
    article_id = window.current_article_id()
    assert article_id is not None
    assert "Цитата" in window.article.toPlainText()
    qtbot.waitUntil(lambda: window.storage.article(article_id).read, timeout=3000)
    qtbot.waitUntil(lambda: window.storage.source(1).unread == 49, timeout=3000)
    qtbot.waitUntil(lambda: tree.count_text("source:1") == "49", timeout=3000)
    assert tree.count_text("folder:Юмор") == "49"


def test_star_and_read_toggles_persist(window: MainWindow, qtbot: QtBot) -> None:
    window.sources.select_key("source:1")
    window.table.selectRow(2)
    article_id = window.current_article_id()
    assert article_id is not None
    window.shortcut_actions["star"].trigger()
    qtbot.waitUntil(lambda: window.storage.article(article_id).starred, timeout=3000)
    star = window.model.data(window.model.index(2, 0), Qt.ItemDataRole.DecorationRole)
    assert star is not None and not star.isNull()  # the gold star icon is shown
    qtbot.waitUntil(lambda: window.storage.article(article_id).read, timeout=3000)
    window.shortcut_actions["read"].trigger()  # it was marked read on selection: now unread
    qtbot.waitUntil(lambda: not window.storage.article(article_id).read, timeout=3000)
    assert window.storage.articles(ArticleFilter(starred=True))[0].id == article_id


def test_keyboard_navigation(window: MainWindow, qtbot: QtBot) -> None:
    window.sources.select_key("source:1")
    window.storage.mark([window.model.article_id(1) or 0], read=True)
    window.model.reload()

    def press(label: str) -> int:
        window.shortcut_actions[label].trigger()
        qtbot.wait(30)  # let the mark-read timer fire, as it would between key presses
        return window.table.currentIndex().row()

    assert press("next") == 0
    assert press("next") == 1
    assert press("next") == 2
    assert press("previous") == 1
    assert press("previous") == 0
    assert press("next_unread") == 3  # rows 0-2 are read now
    assert press("previous_unread") == 3  # nothing unread above: stays
    assert {s.toString() for s in window.shortcut_actions["next"].shortcuts()} == {"J"}
    assert {s.toString() for s in window.shortcut_actions["sync"].shortcuts()} == {"F5", "R"}


def test_background_sync_keeps_the_selection_and_updates_counts(
    window: MainWindow, qtbot: QtBot, feed_server: FeedServer
) -> None:
    window.sources.select_key("all")
    window.table.selectRow(3)
    chosen = window.current_article_id()
    feed_server.set_body("/bash.xml", WIN1251.read_bytes().replace(
        b"<item>", b"<item><title>New</title><guid>fresh-1</guid></item><item>", 1))  # fmt: skip
    with qtbot.waitSignal(window.syncer.finished, timeout=20_000) as finished:
        window.shortcut_actions["sync"].trigger()
        assert window.progress.isVisible() and window.cancel_button.isVisible()
    assert finished.args[0].new == 1
    assert window.current_article_id() == chosen
    assert not window.progress.isVisible()
    assert "1 новая статья" in window.status_text.text()


def test_article_view_asks_only_for_placeholders_and_reads_no_file(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, feed_server: FeedServer
) -> None:
    secret = tmp_path / "secret.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(secret))  # a real picture: had Qt read it, it would show
    monkeypatch.chdir(tmp_path)
    view = ArticleView()
    qtbot.addWidget(view)
    remote = feed_server.url("/pixel.png")
    view.setHtml(f'<img src="file://{secret}"><img src="secret.png"><img src="{remote}">'
                 '<a href="file:///etc/passwd">x</a>')  # fmt: skip
    view.show()
    qtbot.wait(50)
    assert remote in view.safe_document.asked  # asked, answered with a placeholder …
    assert feed_server.hits("/pixel.png") == 0  # … and never fetched
    for url in (QUrl("secret.png"), QUrl(f"file://{secret}")):
        loaded = view.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert isinstance(loaded, QImage) and loaded.isNull()
    with qtbot.waitSignal(view.link_refused):
        view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert view.opened == [] and "root:" not in view.toPlainText()


def test_deeply_nested_tables_render_quickly(qtbot: QtBot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    nested = "<table><tr><td>" * 25 + "deep" + "</td></tr></table>" * 25
    from datetime import UTC, datetime

    from reader.types import Article

    now = datetime.now(UTC)
    article = Article(1, 1, "S", "k", None, None, "T", None, now, None, now, now, nested, "", "",
                      None, False, False)  # fmt: skip
    started = time.monotonic()
    view.show_article(article)
    view.show()
    qtbot.wait(10)
    assert time.monotonic() - started < 2 and "deep" in view.toPlainText()


def test_ui_thread_stays_responsive_during_a_big_sync(
    window: MainWindow, qtbot: QtBot, feed_server: FeedServer
) -> None:
    for n, path in enumerate(REAL_FEEDS):
        window.storage.add_source(feed_server.add_file(f"/many/{n}/{path.name}", path))
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()

    def tick() -> None:
        gaps.append(clock.restart())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    with qtbot.waitSignal(window.syncer.finished, timeout=60_000):
        window.sync()
    timer.stop()
    assert len(gaps) > 20
    assert max(gaps[1:]) < 200, f"longest UI stall {max(gaps)} ms"
    assert window.storage.counts()[0] > 1000


def test_many_rows_load_lazily_page_by_page(window: MainWindow) -> None:
    from reader.decide import SourcePatch, WritePlan

    rows = tuple({"source_id": 2, "key": f"bulk{n}", "title": f"Bulk {n}", "first_seen": n,
                  "sort_date": n, "content_hash": ""} for n in range(2 * KEY_PAGE + 5))  # fmt: skip
    window.storage.apply(2, WritePlan(rows, tuple(() for _ in rows), (), SourcePatch({})))
    window.sources.select_key("source:2")
    model = window.model
    assert model.rowCount() == KEY_PAGE  # one page of ids, not the archive
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * KEY_PAGE
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * KEY_PAGE + 5 + 48  # and the feed's own 48 articles
    assert not model.canFetchMore(model.index(-1, -1))
