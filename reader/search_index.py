"""Keeping the offline search index in step with the archive.

Triggers queue every inserted or changed article in `search_pending`; a sync drains the queue
right after its last write, in the same worker processes that parsed the feeds, so the terms
never hold the caller's GIL. The terms are Kabar's own (see reader.textnorm): stems for
Snowball languages, normalized words for Kazakh.

Terms are computed outside the write transaction, so each batch is checked again inside it:
an article whose text changed meanwhile keeps its place in the queue and is done next pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future

from reader.storage import Storage
from reader.textnorm import detect_language, index_terms

BATCH = 1000
CHUNK = 250  # rows per worker task: big enough to amortize pickling, small enough to share
MAX_BODY_CHARS = 60_000  # the rest of a very long article adds little to finding it

Row = tuple[int, str, str, str | None, str, str]  # id, title, author, language, source, body
Terms = tuple[int, str, str, str, str]  # id, title, body, author, source terms

_INPUTS = f"""
    SELECT a.id, a.title, coalesce(a.author, ''), a.language, coalesce(s.title, ''),
           substr(coalesce(nullif(f.text, ''), b.text, ''), 1, {MAX_BODY_CHARS})
    FROM article a
    JOIN source s ON s.id = a.source_id
    LEFT JOIN article_body b ON b.article_id = a.id
    LEFT JOIN article_full f ON f.article_id = a.id AND f.state = 'done'
"""
_NEXT_BATCH = (
    _INPUTS
    + """
    WHERE a.id IN (SELECT article_id FROM search_pending WHERE article_id < ?
                   ORDER BY article_id DESC LIMIT ?)
    ORDER BY a.id DESC
"""
)


def pending_count(storage: Storage) -> int:
    with storage.db.read() as c:
        return int(c.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one())


def article_terms(row: Row) -> Terms:
    article_id, title, author, language, source, body = row
    lang = detect_language(title + " " + body[:2000], language)
    return (article_id, index_terms(title, lang), index_terms(body, lang),
            index_terms(author, lang), index_terms(source, lang))  # fmt: skip


def terms_of(rows: Sequence[Row]) -> list[Terms]:
    """Runs in a worker process: must stay a plain top-level function."""
    return [article_terms(row) for row in rows]


def _read_batch(storage: Storage, below: int) -> list[Row]:
    with storage.db.read() as c:
        return [tuple(r) for r in c.exec_driver_sql(_NEXT_BATCH, (below, BATCH)).all()]


def _compute(rows: list[Row], executor: Executor | None) -> Callable[[], list[Terms]]:
    """Start computing terms; the returned call waits for them."""
    if executor is None:
        return lambda: terms_of(rows)
    futures: list[Future[list[Terms]]] = [
        executor.submit(terms_of, rows[i : i + CHUNK]) for i in range(0, len(rows), CHUNK)
    ]
    return lambda: [terms for future in futures for terms in future.result()]


def _store(storage: Storage, rows: list[Row], terms: list[Terms]) -> int:
    """Write the terms of rows whose inputs are unchanged; dequeue them. Returns how many."""
    ids = [row[0] for row in rows]
    marks = ", ".join("?" * len(ids))
    with storage.db.write() as c:
        now = c.exec_driver_sql(f"{_INPUTS} WHERE a.id IN ({marks})", tuple(ids)).all()
        current = {r[0]: tuple(r) for r in now}
        fresh = [t for row, t in zip(rows, terms, strict=True) if current.get(row[0]) == row]
        # Ascending rowids: FTS5 flushes its pending terms whenever a rowid goes down
        # (measured: a newest-first batch wrote 2.5x slower).
        fresh.sort()
        done = [(t[0],) for t in fresh]
        c.exec_driver_sql("DELETE FROM article_fts WHERE rowid = ?", done)
        c.exec_driver_sql(
            "INSERT INTO article_fts (rowid, title, body, author, source) VALUES (?, ?, ?, ?, ?)",
            fresh,
        )
        c.exec_driver_sql("DELETE FROM search_pending WHERE article_id = ?", done)
        return len(done)


def _one_pass(
    storage: Storage, executor: Executor | None, progress: Callable[[int], None],
    should_stop: Callable[[], bool],
) -> int:  # fmt: skip
    """Newest first, so what just arrived is findable soonest. The workers already compute the
    next batch while this process writes the current one."""
    done = 0
    rows = _read_batch(storage, 2**63 - 1)
    terms = _compute(rows, executor)
    while rows and not should_stop():
        following = _read_batch(storage, rows[-1][0])
        following_terms = _compute(following, executor)
        done += _store(storage, rows, terms())
        progress(done)
        rows, terms = following, following_terms
    return done


def index_pending(
    storage: Storage, executor: Executor | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:  # fmt: skip
    """Drain the queue; `on_progress(done, total)` after each batch. Returns articles indexed.

    `executor`: a process pool for the terms (see reader.workers); None computes them here.
    """
    total = pending_count(storage)
    stop = should_stop or (lambda: False)
    indexed = 0

    def progress(done: int) -> None:
        if on_progress is not None:
            on_progress(indexed + done, max(total, indexed + done))

    while not stop():
        count = _one_pass(storage, executor, progress, stop)
        indexed += count
        if count == 0:  # nothing left, or only articles changing under us: next time
            break
    _forget_orphans(storage)
    return indexed


def _forget_orphans(storage: Storage) -> None:
    """Queue entries whose article is gone (deleted meanwhile) are simply dropped."""
    with storage.db.write() as c:
        c.exec_driver_sql(
            "DELETE FROM search_pending WHERE article_id NOT IN (SELECT id FROM article)"
        )


def rebuild(
    storage: Storage, executor: Executor | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:  # fmt: skip
    """Throw the index away and build it again from the archive."""
    with storage.db.write() as c:
        c.exec_driver_sql("DELETE FROM article_fts")
        c.exec_driver_sql(
            "INSERT OR IGNORE INTO search_pending (article_id) SELECT id FROM article"
        )
    return index_pending(storage, executor, on_progress)
