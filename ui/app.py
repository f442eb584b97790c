"""Kabar's main window: sources, headlines and the article side by side.

This is the first, minimal window on top of the core; background sync, the ticker strip
and the full source tree arrive with the window issue.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.paths import database_path
from reader.storage import Storage
from reader.types import ArticleFilter
from ui.article_view import ArticleView
from ui.headlines import HeadlineModel


class MainWindow(QMainWindow):
    def __init__(self, storage: Storage) -> None:
        super().__init__()
        self.storage = storage
        self.setWindowTitle("Kabar")
        self.resize(1200, 760)
        self.status = QLabel()
        self.status.setContentsMargins(8, 4, 8, 4)
        self.sources = QListWidget()
        self.model = HeadlineModel(storage)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 150)
        self.article = ArticleView()
        panes = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.sources, 1), (self.table, 3), (self.article, 3)):
            panes.addWidget(widget)
            panes.setStretchFactor(panes.indexOf(widget), stretch)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(panes, 1)
        self.setCentralWidget(central)
        self.sources.currentItemChanged.connect(self._source_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._article_chosen)
        self._fill_sources()

    def _fill_sources(self) -> None:
        total, unread, starred = self.storage.counts()
        self.status.setText(f"{total} articles · {unread} unread · {starred} starred")
        views = [("All", ArticleFilter(), total), ("Unread", ArticleFilter(unread=True), unread),
                 ("Starred", ArticleFilter(starred=True), starred)]  # fmt: skip
        for source in self.storage.sources():
            views.append((source.display_title, ArticleFilter(source_id=source.id), source.unread))
        for title, flt, count in views:
            item = QListWidgetItem(f"{title}  ({count})" if count else title)
            item.setData(Qt.ItemDataRole.UserRole, flt)
            if count and flt != ArticleFilter(starred=True):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.sources.addItem(item)
        self.sources.setCurrentRow(0)

    def _source_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.model.show(item.data(Qt.ItemDataRole.UserRole))

    def _article_chosen(self, current: QModelIndex) -> None:
        if current.isValid():
            self.model.mark_read(current.row())
            self.article.show_article(self.model.rows[current.row()])


def run(data_dir: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Kabar")
    storage = Storage(database_path(data_dir))
    window = MainWindow(storage)
    window.show()
    try:
        return app.exec()
    finally:
        storage.close()
