"""The headline list: a lazy table model that holds only ids and fetches rows on demand.

Keys (sort_date, id) arrive in pages as the view scrolls; the visible rows' text comes from
a small cache filled a block at a time. Nothing ever loads the whole archive.
"""

from __future__ import annotations

import dataclasses
import html
from array import array
from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView

from reader.display import preview_line, relative_time
from reader.storage import Storage
from reader.types import ArticleFilter, Headline, PageCursor
from ui.icons import icon

if TYPE_CHECKING:  # the search machinery loads with the first search, not at start
    from reader.search import SearchHit

KEY_PAGE = 1000
ROW_BLOCK = 100
CACHE_ROWS = 2000
Index = QModelIndex | QPersistentModelIndex
STAR_COLOR = "#E0A000"  # the gold of a star reads on light and dark rows alike
PREVIEW_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
PREVIEW_MARKS_ROLE = Qt.ItemDataRole.UserRole + 12  # [(start, end)] in the preview to mark
TITLE_MARKS_ROLE = Qt.ItemDataRole.UserRole + 13
THUMBNAIL_ROLE = Qt.ItemDataRole.UserRole + 14  # the card's picture URL, in cards mode


def tr(text: str) -> str:
    return QCoreApplication.translate("HeadlineModel", text)


class HeadlineModel(QAbstractTableModel):
    STAR, TITLE, SOURCE, DATE = range(4)

    def __init__(self, storage: Storage, language: str = "en") -> None:
        super().__init__()
        self.storage = storage
        self.language = language
        self.filter = ArticleFilter()
        self.newest_first = True
        self._stamps = array("q")  # sort_date of each row, in list order
        self._ids = array("q")
        self._cache: OrderedDict[int, Headline] = OrderedDict()
        self.exhausted = False
        self.hits: dict[int, SearchHit] | None = None  # set while showing search results
        self.cards = False  # rows as cards with a picture (reader.offline_images.thumbnails)
        self._thumbnails: dict[int, str] = {}

    # -- what the view asks --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self.exhausted:
            return
        after = PageCursor(_dt(self._stamps[-1]), self._ids[-1]) if self._ids else None
        keys = self.storage.article_keys(self.filter, KEY_PAGE, after, self.newest_first)
        self.exhausted = len(keys) < KEY_PAGE
        if keys:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(keys) - 1)
            self._stamps.extend(int(k.sort_date.timestamp()) for k in keys)
            self._ids.extend(k.id for k in keys)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        arrow = " ▾" if self.newest_first else " ▴"
        return ("", tr("Title"), tr("Source"), tr("Date") + arrow)[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.headline(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.FontRole and not row.read:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == self.STAR and row.starred:
            return icon("star-filled", color=STAR_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            # Escaped HTML, never a bare title: Qt takes a tooltip that starts like a tag for
            # HTML, so "<img src=…> …" showed a picture (read from a file: URL), not the words.
            return f"<p>{html.escape(row.title)}</p>"
        hit = self.hits.get(row.id) if self.hits is not None else None
        if role == PREVIEW_ROLE:
            return hit.snippet.text if hit is not None else preview_line(row.preview)
        if role == PREVIEW_MARKS_ROLE:
            return hit.snippet.highlights if hit is not None else ()
        if role == TITLE_MARKS_ROLE:
            return hit.title_highlights if hit is not None else ()
        if role == ID_ROLE:
            return row.id
        if role == THUMBNAIL_ROLE:
            return self._thumbnails.get(row.id) if self.cards else None
        return None

    def _display(self, row: Headline, column: int) -> str:
        if column == self.STAR:
            return ""  # drawn as an icon
        if column == self.TITLE:
            return row.title
        if column == self.SOURCE:
            return row.source_title or ""
        when = row.published or row.first_seen
        return relative_time(when, datetime.now(UTC), self.language)

    # -- rows --------------------------------------------------------------------------------

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def headline(self, row: int) -> Headline | None:
        article_id = self.article_id(row)
        if article_id is None:
            return None
        if article_id not in self._cache:
            start = row - row % ROW_BLOCK  # one query for the whole block the view will paint
            block = list(self._ids[start : start + ROW_BLOCK])
            self._cache.update(self.storage.headlines(block))
            if self.cards:
                from reader.offline_images import thumbnails

                self._thumbnails.update(thumbnails(self.storage, block))
            while len(self._cache) > CACHE_ROWS:
                gone, _row = self._cache.popitem(last=False)
                self._thumbnails.pop(gone, None)
        return self._cache.get(article_id)

    def update_row(self, article_id: int, **changes: Any) -> None:
        """Show a change at once (the write happens in the background)."""
        row = self.row_of(article_id)
        cached = self._cache.get(article_id)
        if row is None or cached is None:
            return
        self._cache[article_id] = dataclasses.replace(cached, **changes)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- whole list ------------------------------------------------------------------------

    def show_hits(self, hits: list[SearchHit]) -> None:
        """Search results, in their order (best first, or newest first)."""
        self.beginResetModel()
        self.hits = {hit.article_id: hit for hit in hits}
        self._ids = array("q", (hit.article_id for hit in hits))
        self._stamps = array("q", (0 for _ in hits))
        self._cache.clear()
        self.exhausted = True
        self.endResetModel()

    def show(self, flt: ArticleFilter, newest_first: bool | None = None) -> None:
        self.beginResetModel()
        self.hits = None
        self.filter = flt
        if newest_first is not None:
            self.newest_first = newest_first
        self._stamps, self._ids = array("q"), array("q")
        self._cache.clear()
        self.exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def reload(self, keep_rows: int = 0) -> None:
        """New articles arrived: reload the first `keep_rows` rows (what the reader sees and
        has selected), with fresh text; the rest loads again lazily. Reloading every key
        ever scrolled past took 2.5 s at 1M articles (measured)."""
        wanted = max(keep_rows, KEY_PAGE)
        self.show(self.filter)
        while len(self._ids) < wanted and not self.exhausted:
            self.fetchMore(QModelIndex())

    def set_cards(self, on: bool) -> None:
        self.cards = on
        self._cache.clear()  # refetched, with pictures, as the view paints
        self._thumbnails.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 3))

    def toggle_order(self) -> None:
        self.show(self.filter, not self.newest_first)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.DATE, self.DATE)


def _dt(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, UTC)


class HeadlineTable(QTableView):
    """Home and End go to the first and the last headline (loaded so far; End at the bottom
    loads the next page): a table's own Home and End only move between a row's columns,
    which a reader never sees, so End did nothing."""

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:  # Qt override
        if action in (QAbstractItemView.CursorAction.MoveHome,
                      QAbstractItemView.CursorAction.MoveEnd):  # fmt: skip
            modifiers |= Qt.KeyboardModifier.ControlModifier  # the table's Ctrl+Home/End
        return super().moveCursor(action, modifiers)
