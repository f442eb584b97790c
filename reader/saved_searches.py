"""Saved searches: a query kept under a name, shown as a smart folder with its unread count."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import UsageError
from reader.search import count_matches
from reader.storage import Storage

SETTING_KEY = "saved_searches"
MAX_NAME = 80


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str


def saved_searches(storage: Storage) -> list[SavedSearch]:
    stored = storage.setting(SETTING_KEY, [])
    found = []
    for item in stored if isinstance(stored, list) else []:
        if isinstance(item, dict) and str(item.get("query", "")).strip():
            found.append(SavedSearch(str(item.get("name") or item["query"]), str(item["query"])))
    return found


def save_search(storage: Storage, query: str, name: str | None = None) -> SavedSearch:
    """Keep `query` (replacing a saved search of the same name); the name defaults to it."""
    query = query.strip()
    if not query:
        raise UsageError("There is nothing to save: the search is empty.")
    chosen = SavedSearch(" ".join((name or query).split())[:MAX_NAME], query)
    kept = [s for s in saved_searches(storage) if s.name != chosen.name] + [chosen]
    _store(storage, kept)
    return chosen


def remove_search(storage: Storage, name: str) -> bool:
    searches = saved_searches(storage)
    kept = [s for s in searches if s.name != name]
    _store(storage, kept)
    return len(kept) != len(searches)


def unread_counts(storage: Storage, searches: list[SavedSearch]) -> dict[str, int]:
    """Each saved search's unread articles (run off the UI thread: a common word at 1M
    articles counts hundreds of thousands of index entries)."""
    return {s.name: count_matches(storage, s.query, unread_only=True) for s in searches}


def _store(storage: Storage, searches: list[SavedSearch]) -> None:
    storage.set_setting(SETTING_KEY, [{"name": s.name, "query": s.query} for s in searches])
