"""Searching from the window: as you type, off the UI thread, with marks and smart folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.related import related
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS
from tests.uihelp import open_window
from ui.headlines import PREVIEW_MARKS_ROLE, PREVIEW_ROLE
from ui.main_window import MainWindow

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
ATOM = next(p for p in REAL_FEEDS if p.name == "DaringFireball.atom")
# In the bash.org.ru feed «программист», «программистов» and «Программисту» occur in three
# quotes; «програмисты» (misspelt) and «программер» in others.
PROGRAMMERS = {"Цитата #17714", "Цитата #17363", "Цитата #17316"}


@pytest.fixture
def window(tmp_path: Path, feed_server: FeedServer, qtbot: QtBot) -> Iterator[MainWindow]:
    storage = Storage(tmp_path / DB_FILENAME)
    storage.add_source(feed_server.add_file("/bash.xml", WIN1251), folder="Юмор")
    storage.add_source(feed_server.add_file("/df.atom", ATOM))
    Sync(storage, SyncOptions(parse_workers=0)).run()  # the sync indexes what it brought
    win = open_window(storage, tmp_path, qtbot)
    yield win
    win.syncer.wait()
    storage.close()


def shown_titles(window: MainWindow) -> set[str]:
    model = window.model
    return {model.data(model.index(row, 1)) for row in range(model.rowCount())}


def type_query(window: MainWindow, qtbot: QtBot, text: str) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_Slash)  # "/" as a reader would press it
    assert window.search.bar.field.hasFocus()
    for char in text:  # QTest's keyClicks knows ASCII only: Cyrillic keys as a keyboard sends
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(window.search.bar.field, event)
        qtbot.wait(20)  # a fast typist: well inside the pause that starts a search


def test_results_appear_as_you_type_with_marked_snippets(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "программисты")
    qtbot.waitUntil(lambda: shown_titles(window) == PROGRAMMERS, timeout=5000)
    assert window.status_text.text().endswith(": 3 статьи")  # the count agrees in Russian
    for row in range(3):
        snippet = window.model.data(window.model.index(row, 1), PREVIEW_ROLE)
        marks = window.model.data(window.model.index(row, 1), PREVIEW_MARKS_ROLE)
        assert [snippet[a:b].lower()[:11] for a, b in marks][:1] == ["программист"]
    window.table.selectRow(0)
    marked = window.article.marked_words()
    assert marked and all(word.lower().startswith("программист") for word in marked)


def test_only_the_last_of_quick_queries_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.search.bar
    delivered: list[str] = []
    window.search.runner.results.connect(lambda text, _hits: delivered.append(text))
    for text in ("процессор", "админ", "программисты"):
        bar.field.setText(text)
        bar.commit()  # as if each had waited out the pause: three queries in flight
    qtbot.waitUntil(lambda: shown_titles(window) == PROGRAMMERS, timeout=5000)
    qtbot.wait(300)  # an earlier query's late result must not replace it
    assert shown_titles(window) == PROGRAMMERS
    assert delivered == ["программисты"]  # the superseded two were cancelled or dropped


def test_nothing_found_is_said_and_escape_returns_to_the_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.sources.select_key("source:1")
    type_query(window, qtbot, '"несуществующее" (( OR')
    qtbot.waitUntil(lambda: "несуществующее" in window.status_text.text(), timeout=5000)
    assert window.model.rowCount() == 0
    qtbot.keyClick(window.search.bar.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 50, timeout=3000)  # the source again
    assert window.search.bar.field.text() == "" and not window.search.active


def test_down_arrow_moves_from_the_field_into_the_results(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "процессор")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    qtbot.keyClick(window.search.bar.field, Qt.Key.Key_Down)
    assert window.table.hasFocus() and window.current_article_id() is not None
    assert "роцессор" in window.article.toPlainText()


def test_newest_first_orders_results_by_date(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "Apple")
    qtbot.waitUntil(lambda: window.model.rowCount() > 2, timeout=5000)
    window.search.bar.by_date.click()
    qtbot.wait(100)
    qtbot.waitUntil(lambda: window.model.rowCount() > 2, timeout=5000)
    ids = [window.model.article_id(row) for row in range(window.model.rowCount())]
    dates = [window.storage.article(i).sort_date for i in ids if i is not None]
    assert dates == sorted(dates, reverse=True)


def test_a_saved_search_is_a_smart_folder_with_a_live_unread_count(
    window: MainWindow, qtbot: QtBot
) -> None:
    type_query(window, qtbot, "программисты")
    qtbot.waitUntil(lambda: shown_titles(window) == PROGRAMMERS, timeout=5000)

    def name_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Программисты")
        dialog.accept()

    QTimer.singleShot(200, name_it)
    window.search.bar.save.click()
    tree = window.sources
    qtbot.waitUntil(lambda: tree.count_text("search:Программисты") == "3", timeout=5000)
    window.table.selectRow(0)  # reading one result marks it read...
    qtbot.waitUntil(lambda: tree.count_text("search:Программисты") == "2", timeout=5000)
    window.sources.select_key("all")  # ...and the folder runs its query when chosen again
    assert not window.search.active and window.model.rowCount() > 50
    window.sources.select_key("search:Программисты")
    qtbot.waitUntil(lambda: shown_titles(window) == PROGRAMMERS, timeout=5000)
    assert window.search.bar.field.text() == "программисты"


def test_articles_left_unindexed_become_searchable_after_start(
    window: MainWindow, qtbot: QtBot
) -> None:
    storage = window.storage
    with storage.db.write() as c:  # as an interrupted sync or an upgrade leaves the index
        c.exec_driver_sql("DELETE FROM article_fts")
        c.exec_driver_sql("INSERT INTO search_pending SELECT id FROM article")
    window.catch_up_index()
    qtbot.waitUntil(lambda: not window.syncer.running, timeout=20_000)
    type_query(window, qtbot, "программисты")
    qtbot.waitUntil(lambda: shown_titles(window) == PROGRAMMERS, timeout=5000)
    assert window.last_report is None and not window.settings.value("sync/last")  # no sync


def test_read_also_lists_related_articles_and_opens_them_in_kabar(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.sources.select_key("source:1")
    row = next(r for r in range(window.model.rowCount())
               if window.model.data(window.model.index(r, 1)) == "Цитата #17316")  # fmt: skip
    window.table.selectRow(row)
    qtbot.waitUntil(lambda: bool(window.article.related_ids), timeout=5000)
    text = window.article.toPlainText()
    assert "Read also" in text or "Читайте также" in text
    shown = window.article.related_ids
    # Which articles are related is reader.related's business (tests/test_related.py); the
    # window shows that list, up to five, never the article itself.
    shown_id = window.current_article_id() or 0
    assert shown == [h.id for h in related(window.storage, shown_id)]
    assert 1 <= len(shown) <= 5 and shown_id not in shown
    first = window.storage.article(shown[0])
    assert first.title in text
    window.article.anchorClicked.emit(QUrl(f"kabar-article:{first.id}"))  # the reader clicks
    assert window.article.article is not None and window.article.article.id == first.id
    assert window.current_article_id() == first.id  # selected in the list: it is there
    assert window.article.opened == []  # nothing went to the browser
