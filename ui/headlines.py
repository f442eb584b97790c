"""A lazy headline list: holds one page at a time and fetches the next on scroll."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from reader.storage import Storage
from reader.types import Article, ArticleFilter, PageCursor

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class HeadlineModel(QAbstractTableModel):
    COLUMNS = ("★", "Title", "Source", "Date")

    def __init__(self, storage: Storage) -> None:
        super().__init__()
        self.storage = storage
        self.filter = ArticleFilter()
        self.rows: list[Article] = []
        self.exhausted = False

    def show(self, flt: ArticleFilter) -> None:
        self.beginResetModel()
        self.filter, self.rows, self.exhausted = flt, [], False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: Index) -> None:
        last = self.rows[-1] if self.rows else None
        cursor = PageCursor(last.sort_date, last.id) if last else None
        page = self.storage.articles(self.filter, PAGE, after=cursor)
        self.exhausted = len(page) < PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        article = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = article.published or article.first_seen
            return (("★" if article.starred else ""), article.title, article.source_title or "",
                    when.astimezone().strftime("%d.%m.%Y %H:%M"))[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.FontRole and not article.read:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def mark_read(self, row: int) -> None:
        article = self.rows[row]
        if not article.read:
            self.storage.mark([article.id], read=True)
            self.rows[row] = self.storage.article(article.id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
