"""Read also: articles related to one, found offline from its most distinctive terms.

The article's indexed terms (title terms count triple) are weighted by rarity: a term few
other articles share says more about the story than one most articles have. The strongest
become an FTS5 OR query over titles and bodies, ranked with bm25 over a bounded window of
matches around the article itself (news on the same story is close in time). The article,
its exact duplicates (same title, link or content) and duplicates among the results are left
out. Each list is cached in `related_cache` for a day.

How often a term occurs is probed with a capped count, not read from an fts5vocab table:
fts5vocab counts a term's whole doclist (measured at 100k articles: 3 ms for a term in 43 %
of them, so ~30 ms each at 1M), a probe stops at the cap whatever the archive's size.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection

from reader.errors import StorageError, UsageError
from reader.search_index import MAX_BODY_CHARS, Row, article_terms
from reader.storage import Storage
from reader.textnorm import fts_string, normalize, words
from reader.types import Headline

TITLE_BOOST = 3  # a title term counts as this many body occurrences
PROBED_TERMS = 40  # the article's most frequent terms whose rarity is probed
QUERY_TERMS = 12  # the most distinctive of those make the query
MIN_TERM_CHARS = 3
COMMON_SHARE, COMMON_FLOOR, COMMON_CAP = 0.05, 20, 3000  # "in too many articles" (see _common)
WINDOW = 1000  # matches ranked on each side of the article (search.py bounds its work alike)
TITLE_RANK_WEIGHT = 4.0
CACHE_SECONDS = 86_400
MAX_LIMIT = 50

_INPUTS = f"""
    SELECT a.id, a.title, coalesce(a.author, ''), a.language, coalesce(s.title, ''),
           substr(coalesce(b.text, ''), 1, {MAX_BODY_CHARS})
    FROM article a JOIN source s ON s.id = a.source_id
    LEFT JOIN article_body b ON b.article_id = a.id
    WHERE a.id = ?
"""


def related(
    storage: Storage, article_id: int, limit: int = 5, *, now: datetime | None = None
) -> tuple[Headline, ...]:
    """Up to `limit` articles related to this one, best first; () when nothing is.

    Cached for a day; computing costs 10-50 ms at 1M articles, so a window runs it off the UI
    thread. Raises UsageError when the article does not exist."""
    limit = max(0, min(limit, MAX_LIMIT))
    clock = int(now.timestamp()) if now is not None else int(time.time())
    cached = _cached(storage, article_id, limit, clock)
    if cached is not None:
        return cached
    ids = _compute(storage, article_id, limit)
    _store(storage, article_id, ids, limit, clock)
    found = storage.headlines(ids)
    return tuple(found[i] for i in ids if i in found)


def _cached(
    storage: Storage, article_id: int, limit: int, clock: int
) -> tuple[Headline, ...] | None:
    with storage.db.read() as c:
        row = c.exec_driver_sql(
            "SELECT related, wanted, computed_at FROM related_cache WHERE article_id = ?",
            (article_id,),
        ).first()
    if row is None or clock - row[2] >= CACHE_SECONDS:
        return None
    ids: list[int] = json.loads(row[0])
    if limit > row[1] and len(ids) == row[1]:  # asked for more than was looked for
        return None
    ids = ids[:limit]
    found = storage.headlines(ids)
    if len(found) < len(ids):  # one of them was deleted since
        return None
    return tuple(found[i] for i in ids)


def _store(storage: Storage, article_id: int, ids: list[int], limit: int, clock: int) -> None:
    """Best effort: a busy or full database costs only a recomputation next time."""
    try:
        with storage.db.write() as c:
            c.exec_driver_sql(
                "INSERT OR REPLACE INTO related_cache (article_id, related, wanted, computed_at)"
                " SELECT id, ?, ?, ? FROM article WHERE id = ?",  # not if deleted meanwhile
                (json.dumps(ids), limit, clock, article_id),
            )
    except StorageError:
        pass


def _compute(storage: Storage, article_id: int, limit: int) -> list[int]:
    with storage.db.read() as c:
        title_terms, body_terms = _own_terms(c, article_id)
        if limit == 0:
            return []
        match = _query(c, article_id, title_terms, body_terms)
        if match is None:
            return []
        ranked = _ranked(c, article_id, match)
        return _distinct(c, article_id, ranked, limit)


def _own_terms(c: Connection, article_id: int) -> tuple[list[str], list[str]]:
    """The article's (title, body) terms: indexed ones, or computed when still queued."""
    pending = c.exec_driver_sql(
        "SELECT 1 FROM search_pending WHERE article_id = ?", (article_id,)
    ).first()
    indexed = c.exec_driver_sql(
        "SELECT title, body FROM article_fts WHERE rowid = ?", (article_id,)
    ).first()
    if pending is None and indexed is not None:
        return str(indexed[0]).split(), str(indexed[1]).split()
    row = c.exec_driver_sql(_INPUTS, (article_id,)).first()
    if row is None:
        raise UsageError(f"There is no article with id {article_id}.")
    inputs: Row = (row[0], row[1], row[2], row[3], row[4], row[5])
    terms = article_terms(inputs)
    return terms[1].split(), terms[2].split()


def _query(
    c: Connection, article_id: int, title_terms: list[str], body_terms: list[str]
) -> str | None:
    """An FTS5 OR query of the article's most distinctive terms, or None if it has none."""
    counts: Counter[str] = Counter(t for t in body_terms if _useful(t))
    for term in title_terms:
        if _useful(term):
            counts[term] += TITLE_BOOST
    total = int(c.exec_driver_sql("SELECT coalesce(sum(total_count), 0) FROM source").scalar_one())
    common = _common(total)
    weights: dict[str, float] = {}
    for term, count in counts.most_common(PROBED_TERMS):
        others = _documents_with(c, article_id, term, common)
        if 0 < others <= common:  # shared with someone, but not with everyone
            weights[term] = count * math.log(1 + total / others)
    chosen = sorted(weights, key=weights.__getitem__, reverse=True)[:QUERY_TERMS]
    if not chosen:
        return None
    return "{title body} : (" + " OR ".join(fts_string(t) for t in chosen) + ")"


def _useful(term: str) -> bool:
    """Numbers and very short terms (particles, initials) say nothing about a story."""
    return len(term) >= MIN_TERM_CHARS and any(ch.isalpha() for ch in term)


def _common(total: int) -> int:
    """Above this many articles a term is too common to tell stories apart. Small archives get
    a floor (in 12 articles, 3 about one story is not "common"); large ones a cap, which is
    also what bounds the cost of a probe and of ranking."""
    return min(COMMON_CAP, max(COMMON_FLOOR, int(COMMON_SHARE * total)))


def _documents_with(c: Connection, article_id: int, term: str, cap: int) -> int:
    """Other articles with `term` in the title or body, counted up to cap + 1 only."""
    return int(c.exec_driver_sql(
        "SELECT count(*) FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH ?"
        " AND rowid != ? LIMIT ?)",
        ("{title body} : " + fts_string(term), article_id, cap + 1),
    ).scalar_one())  # fmt: skip


def _ranked(c: Connection, article_id: int, match: str) -> list[int]:
    """Matches best first, bm25 over at most WINDOW on each side of the article: ranking every
    match of a query at 1M articles is what costs hundreds of ms (see reader/search.py)."""
    rank = f"bm25(article_fts, {TITLE_RANK_WEIGHT}, 1.0, 0.0, 0.0)"
    scored: list[tuple[float, int]] = []
    for side, order in (("<", "DESC"), (">", "ASC")):
        rows = c.exec_driver_sql(
            f"SELECT {rank}, rowid FROM article_fts WHERE article_fts MATCH ?"
            f" AND rowid {side} ? ORDER BY rowid {order} LIMIT ?",
            (match, article_id, WINDOW),
        ).all()
        scored += [(float(r[0]), int(r[1])) for r in rows]
    scored.sort()  # bm25 is negative: lowest is best
    return [aid for _, aid in scored]


def _distinct(c: Connection, article_id: int, ranked: list[int], limit: int) -> list[int]:
    """The first `limit` of `ranked` that are not copies of the article or of each other."""
    seen: set[tuple[str, str]] = set()
    chosen: list[int] = []
    start, step = 0, 4 * limit + 20
    own = _identities(c, [article_id])
    seen.update(own.get(article_id, ()))
    while len(chosen) < limit and start < len(ranked):
        batch = ranked[start : start + step]
        identities = _identities(c, batch)
        for aid in batch:
            keys = identities.get(aid)
            if keys is None or seen.intersection(keys):
                continue
            seen.update(keys)
            chosen.append(aid)
            if len(chosen) == limit:
                break
        start += step
    return chosen


def _identities(c: Connection, ids: Sequence[int]) -> dict[int, set[tuple[str, str]]]:
    """What makes two articles the same one: normalized title, link, content hash."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = c.exec_driver_sql(
        f"SELECT id, title, link, content_hash FROM article WHERE id IN ({marks})", tuple(ids)
    ).all()
    found: dict[int, set[tuple[str, str]]] = {}
    for aid, title, link, content_hash in rows:
        keys = {("title", " ".join(normalize(w) for w in words(title or ""))),
                ("link", link or ""), ("hash", content_hash or "")}  # fmt: skip
        found[aid] = {key for key in keys if key[1]}
    return found
