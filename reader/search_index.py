"""Keeping the offline search index in step with the archive.

Triggers queue every inserted or changed article in `search_pending`; this module drains the
queue in batches right after a sync (and whenever the window is idle), so indexing never
sits inside a sync's critical path. The terms are Kabar's own (see reader.textnorm): stems
for Snowball languages, normalized words for Kazakh.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.storage import Storage
from reader.textnorm import detect_language, index_terms

BATCH = 300
MAX_BODY_CHARS = 60_000  # the rest of a very long article adds little to finding it

_PENDING = """
    SELECT a.id, a.title, coalesce(a.author, ''), a.language, coalesce(s.title, ''),
           coalesce(b.text, '')
    FROM search_pending p
    JOIN article a ON a.id = p.article_id
    JOIN source s ON s.id = a.source_id
    LEFT JOIN article_body b ON b.article_id = a.id
    LIMIT ?
"""


def pending_count(storage: Storage) -> int:
    with storage.db.read() as c:
        return int(c.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one())


def _terms(row: tuple[int, str, str, str | None, str, str]) -> tuple[int, str, str, str, str]:
    article_id, title, author, language, source, body = row
    body = body[:MAX_BODY_CHARS]
    lang = detect_language(title + " " + body[:2000], language)
    return (article_id, index_terms(title, lang), index_terms(body, lang),
            index_terms(author, lang), index_terms(source, lang))  # fmt: skip


def index_batch(storage: Storage, batch: int = BATCH) -> int:
    """Index up to `batch` queued articles in one transaction; returns how many."""
    with storage.db.write() as c:
        rows = [tuple(r) for r in c.exec_driver_sql(_PENDING, (batch,)).all()]
        if not rows:
            # Queue entries whose article is gone (deleted meanwhile) are simply dropped.
            c.exec_driver_sql("DELETE FROM search_pending")
            return 0
        # Computed inside the write transaction: an article changed by a sync meanwhile
        # cannot be dequeued with stale terms.
        terms = [_terms(row) for row in rows]
        ids = [(t[0],) for t in terms]
        c.exec_driver_sql("DELETE FROM article_fts WHERE rowid = ?", ids)
        c.exec_driver_sql(
            "INSERT INTO article_fts (rowid, title, body, author, source) VALUES (?, ?, ?, ?, ?)",
            terms,
        )
        c.exec_driver_sql("DELETE FROM search_pending WHERE article_id = ?", ids)
        return len(rows)


def index_pending(
    storage: Storage, on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:  # fmt: skip
    """Drain the queue; `on_progress(done, total)` after each batch. Returns articles indexed."""
    total = pending_count(storage)
    done = 0
    while not (should_stop and should_stop()):
        count = index_batch(storage)
        if count == 0:
            break
        done += count
        if on_progress is not None:
            on_progress(done, max(total, done))
    return done


def rebuild(storage: Storage, on_progress: Callable[[int, int], None] | None = None) -> int:
    """Throw the index away and build it again from the archive."""
    with storage.db.write() as c:
        c.exec_driver_sql("DELETE FROM article_fts")
        c.exec_driver_sql(
            "INSERT OR IGNORE INTO search_pending (article_id) SELECT id FROM article"
        )
    return index_pending(storage, on_progress)
