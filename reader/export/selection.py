"""Which articles an export takes: ids, starred, a search, a source or folder, a date range.

The criteria narrow each other (starred AND in this folder AND since this date); the result
is always newest first, the order of the headline list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reader.errors import UsageError
from reader.storage import Storage
from reader.types import ArticleFilter

SEARCH_LIMIT = 100_000  # a search export takes every match, not one page of them
_CHUNK = 500  # ids per query: well under SQLite's variable limit


@dataclass(frozen=True)
class Selection:
    ids: tuple[int, ...] = ()
    starred: bool = False
    search: str | None = None  # the search syntax of `kabar search`
    source: str | None = None  # id, feed URL or title, as `kabar` commands take it
    folder: str | None = None
    since: date | None = None  # published (else first seen) on or after this local day
    until: date | None = None  # … on or before this local day

    @property
    def empty(self) -> bool:
        return not (self.ids or self.starred or self.search or self.source or self.folder
                    or self.since or self.until)  # fmt: skip


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone()


def _filter(storage: Storage, selection: Selection) -> ArticleFilter | None:
    """The storage filter of the criteria, or None when only ids or a search were given."""
    if not (selection.starred or selection.source or selection.folder or selection.since
            or selection.until):  # fmt: skip
        return None
    return ArticleFilter(
        source_id=storage.find_source(selection.source).id if selection.source else None,
        folder=selection.folder,
        starred=selection.starred,
        after=_local_midnight(selection.since) if selection.since else None,
        before=_local_midnight(selection.until + timedelta(days=1)) if selection.until else None,
    )


def _filtered_ids(storage: Storage, flt: ArticleFilter) -> list[int]:
    """Every id the filter matches, newest first, a keyset page at a time."""
    found: list[int] = []
    after = None
    while True:
        page = storage.article_keys(flt, 10_000, after)
        found += [key.id for key in page]
        if len(page) < 10_000:
            return found
        after = page[-1]


def _newest_first(storage: Storage, ids: Iterable[int]) -> list[int]:
    """The ids that exist, in the archive's newest-first order."""
    wanted = list(dict.fromkeys(ids))
    rows: list[tuple[int, int]] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = tuple(wanted[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        with storage.db.read() as c:
            rows += c.exec_driver_sql(
                f"SELECT sort_date, id FROM article WHERE id IN ({marks})", chunk
            ).all()
    return [aid for _, aid in sorted(rows, reverse=True)]


def _search_ids(storage: Storage, text: str, limit: int | None) -> list[int]:
    from reader.search import search
    from reader.search_index import index_pending, pending_count

    if pending_count(storage):  # what arrived since the last search must be found too
        index_pending(storage, None)
    hits = search(storage, text, limit or SEARCH_LIMIT, by_date=True)
    return [hit.article_id for hit in hits]


def select(storage: Storage, selection: Selection, limit: int | None = None) -> list[int]:
    """Ids of the selected articles, newest first; a UsageError when nothing is chosen."""
    if selection.empty:
        raise UsageError("Say what to export: --ids, --starred, --search, --source, --folder, "
                         "--since or --until (they can be combined).")  # fmt: skip
    chosen: list[int] | None = None
    if selection.ids:
        chosen = _newest_first(storage, selection.ids)
        missing = len(set(selection.ids)) - len(chosen)
        if missing:
            raise UsageError(f"{missing} of the article ids do not exist (see `kabar articles`).")
    if selection.search:
        found = _search_ids(storage, selection.search, None)
        chosen = found if chosen is None else list(set(chosen) & set(found))
    flt = _filter(storage, selection)
    if flt is not None:
        matching = _filtered_ids(storage, flt)
        chosen = matching if chosen is None else list(set(chosen) & set(matching))
    chosen = _newest_first(storage, chosen or [])
    if not chosen:
        raise UsageError("Nothing to export: no article matches what you asked for.")
    return chosen[:limit] if limit else chosen
