"""Search in the main window: the field's queries, the results list, saved searches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QInputDialog

from reader.display import count_phrase
from reader.saved_searches import (
    SavedSearch,
    remove_search,
    save_search,
    saved_searches,
    unread_counts,
)
from ui.background import BackgroundQueue
from ui.search_bar import RESULT_LIMIT, SearchBar, SearchRunner

if TYPE_CHECKING:
    from reader.search import SearchHit
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("WindowSearch", text)


class WindowSearch(QObject):
    """While `active`, the headline list shows the results of `text` instead of a view."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.bar = SearchBar()
        self.runner = SearchRunner(window.storage, self)
        self.counter = BackgroundQueue("search-counts", self)
        self.text = ""
        self._keep: int | None = None  # article to reselect when fresh results arrive
        self._counting = self._recount = False
        self.bar.query_changed.connect(self._query_changed)
        self.bar.order_changed.connect(lambda _by_date: self.rerun())
        self.bar.save_requested.connect(self.save)
        self.bar.field.down.connect(self._into_results)
        self.bar.field.escaped.connect(self.w.table.setFocus)
        self.runner.results.connect(self._show)
        self.runner.failed.connect(lambda _text, message: self.w.status_text.setText(message))
        self.w.sources.search_chosen.connect(self._saved_chosen)
        self.w.sources.set_searches(saved_searches(window.storage))

    @property
    def active(self) -> bool:
        return bool(self.text)

    def focus(self) -> None:
        self.bar.focus()

    def rerun(self, keep_selection: bool = False) -> None:
        """Search again (new articles arrived, or the order changed)."""
        if self.active:
            self._keep = self.w.current_article_id() if keep_selection else None
            self.runner.run(self.text, self.bar.by_date.isChecked())

    def leave(self) -> None:
        """Back to the chosen view, without searching (a view was picked in the tree)."""
        self.text = ""
        self.runner.cancel()
        self.bar.field.blockSignals(True)
        self.bar.clear()
        self.bar.field.blockSignals(False)

    def _query_changed(self, text: str) -> None:
        self.text = text
        if text:
            self.rerun()
            return
        self.runner.cancel()
        self.w.status_text.clear()
        view = self.w.sources.current_filter()
        self.w.model.show(view)
        self.w.article.show_article(None)

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.text:
            return
        self.w.model.show_hits(hits)
        self.w.article.show_article(None)
        if not hits:
            message = tr("Nothing in your archive matches “{0}”.").format(text)
        else:
            found = count_phrase(len(hits), "article", self.w.language)
            more = " " + tr("(the best {0} are shown)").format(RESULT_LIMIT)
            message = tr("Found: {0}").format(found) + (more if len(hits) >= RESULT_LIMIT else "")
        self.w.status_text.setText(message)
        keep, self._keep = self._keep, None
        row = self.w.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.w.table.selectRow(row)

    def _into_results(self) -> None:
        if self.w.model.rowCount() > 0:
            self.w.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.w.table.selectRow(0)

    # -- saved searches ------------------------------------------------------------------------

    def save(self, query: str) -> None:
        if not query:
            return
        name, ok = QInputDialog.getText(self.w, tr("Save search"), tr("Name of the smart folder:"),
                                        text=query)  # fmt: skip
        if not ok:
            return
        saved = save_search(self.w.storage, query, name.strip() or query)
        self.w.sources.set_searches(saved_searches(self.w.storage))
        self.w.refresh(reload_list=False)
        self.w.sources.select_key(f"search:{saved.name}")

    def remove(self, search: SavedSearch) -> None:
        remove_search(self.w.storage, search.name)
        self.w.sources.set_searches(saved_searches(self.w.storage))
        self.w.refresh(reload_list=False)

    def update_counts(self) -> None:
        """Unread counts of the saved searches, counted off the UI thread. Every mark asks for
        them, and a count of a common word takes long at 1M articles: while one is running,
        later asks become a single recount when it is done, instead of a queue of them."""
        if self._counting:
            self._recount = True
            return
        searches = saved_searches(self.w.storage)
        if searches:
            self._counting = True
            self.counter.submit(unread_counts, self.w.storage, searches,
                                then=self._counts_arrived)  # fmt: skip

    def _counts_arrived(self, counts: object) -> None:
        self._counting = False
        if isinstance(counts, dict):
            self.w.sources.set_search_counts(counts)
        if self._recount:
            self._recount = False
            self.update_counts()

    def _saved_chosen(self, search: SavedSearch) -> None:
        self.bar.set_text(search.query)

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.counter.shutdown()
