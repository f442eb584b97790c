"""The search field above the headlines, and the thread that runs its queries.

Results come as you type: each keystroke restarts a short timer; when it fires, the query goes
to one search thread. A query that is still running when the next arrives is cancelled inside
SQLite (reader.search's `should_stop`) and its results, if any, are dropped.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from reader.search import SearchCancelled, search
from reader.storage import Storage
from ui.icons import icon

DEBOUNCE_MS = 250
RESULT_LIMIT = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchBar", text)


SYNTAX_HELP = (
    "<b>{}</b><br>"
    "<code>Карабах Эрдоган</code> — {}<br>"
    '<code>"exact phrase"</code> — {}<br>'
    "<code>Шуша OR Шуши</code>, <code>-word</code>, <code>prefix*</code>, <code>( )</code><br>"
    "<code>source:tengrinews folder:News is:unread is:starred lang:ru</code><br>"
    "<code>after:2021-06-01 before:2021-07-01</code>"
)


def syntax_help() -> str:
    return SYNTAX_HELP.format(
        tr("Search your archive offline"), tr("all words, in any form"),
        tr("the words in this order"),
    )  # fmt: skip


class SearchRunner(QObject):
    """Runs one query at a time on its own thread; only the newest query's results arrive."""

    results = Signal(str, object)  # query text, list[SearchHit]
    failed = Signal(str, str)  # query text, message in plain words
    _deliver = Signal(int, str, object)  # ticket, text, hits or an error message (any thread)

    def __init__(self, storage: Storage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.storage = storage
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kabar-search")
        self._ticket = itertools.count(1)
        self._latest = 0
        self._closed = False
        self._deliver.connect(self._arrived)

    def run(self, text: str, by_date: bool = False) -> None:
        if self._closed:
            return
        ticket = self._latest = next(self._ticket)
        self._pool.submit(self._work, ticket, text, by_date)

    def cancel(self) -> None:
        self._latest = next(self._ticket)

    def shutdown(self) -> None:
        self._closed = True
        self.cancel()
        self._pool.shutdown(wait=True)

    def _work(self, ticket: int, text: str, by_date: bool) -> None:
        if ticket != self._latest:
            return  # superseded while waiting: never run
        try:
            hits: object = search(self.storage, text, RESULT_LIMIT, by_date,
                                  should_stop=lambda: ticket != self._latest)  # fmt: skip
        except SearchCancelled:
            return
        except Exception as error:  # a locked or damaged database: said, never a crash
            hits = str(error)
        self._deliver.emit(ticket, text, hits)

    def _arrived(self, ticket: int, text: str, hits: object) -> None:
        if ticket != self._latest:
            return
        if isinstance(hits, str):
            self.failed.emit(text, hits)
        else:
            self.results.emit(text, hits)


class SearchField(QLineEdit):
    """Escape leaves the search; Down moves into the results."""

    escaped = Signal()
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        elif event.key() == Qt.Key.Key_Down:
            self.down.emit()
        else:
            super().keyPressEvent(event)


class SearchBar(QWidget):
    """The field, "newest first" and "save search". Emits the query once typing pauses."""

    query_changed = Signal(str)  # "" when the search was cleared
    save_requested = Signal(str)
    order_changed = Signal(bool)  # by date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = SearchField()
        self.field.setPlaceholderText(tr("Search articles  ( / )"))
        self.field.setClearButtonEnabled(True)
        self.field.addAction(
            icon("search", self.palette()), QLineEdit.ActionPosition.LeadingPosition
        )
        self.field.setToolTip(syntax_help())
        self.by_date = QToolButton()
        self.by_date.setText(tr("Newest first"))
        self.by_date.setToolTip(tr("Sort results by date instead of relevance"))
        self.by_date.setCheckable(True)
        self.save = QToolButton()
        self.save.setIcon(icon("saved-search", self.palette()))
        self.save.setText(tr("Save search"))
        self.save.setToolTip(tr("Keep this search as a smart folder with its unread count"))
        self.save.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.by_date)
        layout.addWidget(self.save)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.commit)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.field.returnPressed.connect(self.commit)
        self.field.escaped.connect(self.clear)
        self.by_date.toggled.connect(self.order_changed)
        self.save.clicked.connect(lambda: self.save_requested.emit(self.text()))
        self._committed = ""
        self._update_buttons()

    def text(self) -> str:
        return self.field.text().strip()

    def set_text(self, text: str) -> None:
        """Show `text` and search for it at once (a saved search was chosen)."""
        self.field.setText(text)
        self.commit()

    def commit(self) -> None:
        self.timer.stop()
        self._update_buttons()
        if self.text() != self._committed:
            self._committed = self.text()
            self.query_changed.emit(self._committed)

    def clear(self) -> None:
        self.field.clear()
        self.commit()

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _update_buttons(self) -> None:
        self.save.setEnabled(bool(self.text()))
