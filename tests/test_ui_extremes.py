"""The headline list at the extremes a reader can meet: one source with 100 000 articles, and
titles built to hurt (bidi overrides, zero-width and 1000 combining marks, 1000 characters,
markup), checked as the reader sees them: rows, keys, pixels and tooltips (offscreen Qt)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from tests.feedserver import FeedServer
from tests.test_extremes import HEAD, NASTY_TITLES
from tests.uihelp import open_window as show_window
from ui.headlines import KEY_PAGE, HeadlineModel
from ui.main_window import MainWindow

ARTICLES = 100_000
START = 1_700_000_000  # the archive's oldest sort_date (Nov 2023)
BOUND = 1.0  # seconds for one selection, one page or one paint; measured 5-100 ms
OpenWindow = Callable[[], MainWindow]
TITLE = HeadlineModel.TITLE

# The core's own hostile titles (tests/test_extremes.py: NUL, bad UTF-8, an RTL override,
# zero-width characters, 10 000 combining marks), a few more, and plain rows around them.
HOSTILE = {
    "first": "Обычный заголовок".encode(),
    **NASTY_TITLES,
    "unclosed-rtl": "\u202eunclosed override, never ended".encode(),  # no U+202C to end it
    "long": ("Очень длинный заголовок " * 100).encode(),  # 2400 characters; the core keeps 1000
    "markup": b"&amp;lt;img src=x&amp;gt; Why &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;",
    "last": "Последний обычный".encode(),
}
ROW = {name: row for row, name in enumerate(HOSTILE)}  # newest first, in feed order


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


@pytest.fixture
def open_window(storage: Storage, tmp_path: Path, qtbot: QtBot) -> Iterator[OpenWindow]:
    """The real window on `storage`, opened once the test has filled it (as tests/test_ui.py's
    `window` fixture, which needs its synced archive)."""
    opened: list[MainWindow] = []

    def open_() -> MainWindow:
        window = show_window(storage, tmp_path, qtbot)
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.syncer.wait()


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# --- 100 000 articles in one source -----------------------------------------------------------


def fill(storage: Storage, count: int) -> None:
    """`count` articles in one new source, in one transaction through the core's schema (a
    sync keeps at most 2000 of a feed). Dates tie in sevens, so pages end inside ties. No
    bodies: a body queues its article for the search index, and the window would start
    indexing them all a second after it opens."""
    source = storage.add_source("http://127.0.0.1:9/archive.xml", title="Большой архив")
    rows = [(source.id, f"k{n}", f"Статья №{n:06d}", START + n // 7) for n in range(count)]
    with storage.db.write() as c:
        c.exec_driver_sql(
            "INSERT INTO article (source_id, key, title, first_seen, sort_date, content_hash,"
            " read, starred) VALUES (?, ?, ?, ?4, ?4, '', 0, 0)",
            rows,
        )


def press_end_until_the_last_row(window: MainWindow, qtbot: QtBot) -> list[float]:
    """End, as a reader presses it, until the last article is current; the time of each."""
    model, table = window.model, window.table
    table.setFocus()
    presses: list[float] = []
    while table.currentIndex().row() != model.rowCount() - 1 or model.canFetchMore(QModelIndex()):
        presses.append(timed(lambda: (qtbot.keyClick(table, Qt.Key.Key_End), qtbot.wait(0))))
        assert model.rowCount() <= KEY_PAGE * (len(presses) + 1)  # one page a press, at most
        assert len(presses) <= ARTICLES // KEY_PAGE + 2, "End does not reach the last article"
    return presses


def test_100k_articles_load_a_page_at_a_time_down_to_the_oldest(
    storage: Storage, open_window: OpenWindow, qtbot: QtBot
) -> None:
    fill(storage, ARTICLES)
    window = open_window()
    tree, model = window.sources, window.model
    assert tree.count_text("source:1") == "100\u00a0000"  # grouped as Russian writes it
    bold = QFont(tree.font())
    bold.setBold(True)  # an unread count is bold; its column must fit it, not show "100…"
    assert tree.header().sectionSize(1) >= QFontMetrics(bold).horizontalAdvance("100\u00a0000")
    # Choosing the source, until its first rows are painted.
    selecting = timed(lambda: (tree.select_key("source:1"), window.table.viewport().grab()))
    assert model.rowCount() == KEY_PAGE and model.canFetchMore(QModelIndex())  # not 100k rows
    presses = press_end_until_the_last_row(window, qtbot)
    print(f"select {selecting * 1000:.0f} ms; {len(presses)} End presses, slowest "
          f"{max(presses) * 1000:.0f} ms, all {sum(presses):.2f} s")  # fmt: skip
    assert selecting < BOUND and max(presses) < BOUND
    # Every article once, newest first: no page lost or repeated a row at a tie.
    ids = [model.article_id(row) for row in range(model.rowCount())]
    assert ids == list(range(ARTICLES, 0, -1))
    assert model.data(model.index(ARTICLES - 1, TITLE)) == "Статья №000000"
    assert window.article.toPlainText().startswith("Статья №000000")  # the oldest, opened


# --- hostile titles -----------------------------------------------------------------------------


@pytest.fixture
def hostile(storage: Storage, feed_server: FeedServer, open_window: OpenWindow) -> MainWindow:
    """HOSTILE's titles stored by a real sync (as the core cuts and cleans them), shown."""
    items = b"".join(
        b"<item><guid>%s</guid><title>%s</title><description>text %s</description>"
        b"<pubDate>Fri, 01 Mar 2024 %02d:00:00 GMT</pubDate></item>"
        % (name.encode(), title, title, 23 - ROW[name])
        for name, title in HOSTILE.items()
    )
    url = feed_server.add("/hostile.xml", HEAD.encode() + items + b"</channel></rss>")
    storage.add_source(url, title="Источник")
    Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    window = open_window()
    assert window.sources.select_key("source:1")
    assert window.model.rowCount() == len(HOSTILE)
    assert window.model.data(window.model.index(ROW["last"], TITLE)) == "Последний обычный"
    return window


def cells(window: MainWindow) -> dict[tuple[int, int], QImage]:
    """Each cell of the list as painted now."""
    image = window.table.viewport().grab().toImage()
    model = window.model
    return {(row, column): image.copy(window.table.visualRect(model.index(row, column)))
            for row in range(model.rowCount()) for column in range(4)}  # fmt: skip


def test_hostile_titles_paint_only_inside_their_own_cell(hostile: MainWindow) -> None:
    """Whatever a title holds, the row's other columns and the rows around it look exactly as
    they do beside a plain title: an RTL override reorders nothing outside its own title, and
    1000 stacked combining marks draw no stripe over the rows above."""
    model = hostile.model
    before = cells(hostile)
    replaced = [ROW[name] for name in HOSTILE if name not in {"first", "last"}]
    for row in replaced:  # the same rows with plain text
        model.update_row(model.article_id(row) or 0, title="Plain", preview="plain text")
    after = cells(hostile)
    changed = {cell for cell, image in before.items() if after[cell] != image}
    names = {row: name for name, row in ROW.items()}
    assert all(cell[1] == TITLE for cell in changed), [(names[r], c) for r, c in changed]
    assert {row for row, _column in changed} == set(replaced)  # not the plain rows around


def title_ink(window: MainWindow, row: int) -> tuple[QRect, list[tuple[int, int]]]:
    """The row's title line, and each (x, y) in it where the title shows something."""
    table = window.table
    image = table.viewport().grab().toImage()
    cell = table.visualRect(window.model.index(row, TITLE))
    line = QRect(cell.x(), cell.y() + 2, cell.width(), table.fontMetrics().height())
    background = image.pixelColor(cell.right(), line.center().y())
    return line, [(x, y) for x in range(line.left(), line.right() + 1)
                  for y in range(line.top(), line.bottom() + 1)
                  if image.pixelColor(x, y) != background]  # fmt: skip


def test_a_1000_character_title_is_elided_on_its_one_line(hostile: MainWindow) -> None:
    table, model = hostile.table, hostile.model
    title = model.data(model.index(ROW["long"], TITLE))
    assert len(title) == 1000  # the core's cut: still some 80 times the column's width
    assert {table.rowHeight(row) for row in range(model.rowCount())} == {table.rowHeight(0)}
    line, ink = title_ink(hostile, ROW["long"])
    right = max(x for x, _y in ink)
    assert line.right() - 0.1 * line.width() < right <= line.right() - 4  # full, in its margin
    # It ends in "…": only dots low on the line, no letter cut in half.
    bold = QFont(table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    tail = [y for x, y in ink if x > right - metrics.horizontalAdvance("…") + 2]
    baseline = line.top() + (line.height() - metrics.height()) // 2 + metrics.ascent()
    assert tail and min(tail) > baseline - 0.7 * metrics.xHeight(), "no ellipsis at the end"


def test_invisible_characters_stay_invisible(hostile: MainWindow) -> None:
    """Zero-width characters and a directional isolate draw nothing: no boxes, no gaps (the
    pixels themselves may shift a little: a zero-width joiner breaks a kerning pair)."""
    model, row = hostile.model, ROW["zero-width"]
    title = model.data(model.index(row, TITLE))
    assert title == "zero\u200b\u200c\u200d\ufeffwidth \u2066iso\u2069"  # kept by the core
    shown = sorted({x for x, _y in title_ink(hostile, row)[1]})
    model.update_row(model.article_id(row) or 0, title="zerowidth iso")
    plain = sorted({x for x, _y in title_ink(hostile, row)[1]})
    assert (shown[0], shown[-1]) == (plain[0], pytest.approx(plain[-1], abs=2))


def test_painting_hostile_rows_takes_bounded_time(hostile: MainWindow) -> None:
    viewport = hostile.table.viewport()
    first = timed(viewport.grab)  # also reads the rows' text
    again = max(timed(viewport.grab) for _ in range(5))
    print(f"paint {first * 1000:.0f} ms first, {again * 1000:.0f} ms at most after")
    assert first < BOUND and again < BOUND


def hover_title(window: MainWindow, row: int, qtbot: QtBot) -> tuple[str, int]:
    """Hover the row's title: the text its tooltip shows (read as HTML when Qt takes it for
    HTML, as the tooltip's label does) and the tooltip's width."""
    table = window.table
    at = table.visualRect(window.model.index(row, TITLE)).center()
    QApplication.sendEvent(
        table.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, table.viewport().mapToGlobal(at))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    shown = QTextDocument()
    if QtGui.Qt.mightBeRichText(QToolTip.text()):
        shown.setHtml(QToolTip.text())
    else:
        shown.setPlainText(QToolTip.text())
    tips = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label"]
    width = max(tip.width() for tip in tips if tip.isVisible())
    QToolTip.hideText()
    return shown.toPlainText(), width


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen; not our code
def test_a_title_tooltip_shows_the_title_as_written(hostile: MainWindow, qtbot: QtBot) -> None:
    """Qt takes a tooltip that starts like a tag for HTML: "<img src=x> Why <b>bold</b>"
    showed a picture (from a local file, for a file: URL) and bold, not the title's words."""
    model = hostile.model
    assert model.data(model.index(ROW["markup"], TITLE)).startswith("<img src=x>")  # as stored
    screen = QApplication.primaryScreen().geometry()
    for name in ("markup", "long", "rtl-override"):
        text, width = hover_title(hostile, ROW[name], qtbot)
        assert text == model.data(model.index(ROW[name], TITLE)), name
        assert width <= screen.width(), name  # a 1000-character title wraps
