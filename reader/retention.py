"""The storage budget: which old articles and pictures go, so the archive does not grow forever.

Starred articles and their pictures are never removed; unread ones can be kept too. Deletes
run in batches of their own transactions, so the window's marks never wait long behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reader.storage import Storage, to_ts

SETTING_KEY = "retention"
BATCH = 2000


@dataclass(frozen=True)
class Policy:
    keep_days: int = 180  # days since an article arrived; 0: keep articles forever
    max_per_source: int = 0  # 0: no limit
    keep_unread: bool = False
    image_budget_mb: int = 1024


@dataclass(frozen=True)
class CleanupReport:
    articles: int  # removed (or, on a dry run, that would be)
    image_bytes: int  # freed from the image cache
    database_bytes: int  # pages the database no longer uses (reused by new articles)
    dry_run: bool = False


def policy(storage: Storage) -> Policy:
    stored = storage.setting(SETTING_KEY, {})
    known = {k: v for k, v in (stored if isinstance(stored, dict) else {}).items()
             if k in Policy.__dataclass_fields__}  # fmt: skip
    try:
        return Policy(**known)
    except TypeError:
        return Policy()


def set_policy(storage: Storage, chosen: Policy) -> None:
    storage.set_setting(SETTING_KEY, chosen.__dict__)


def doomed(storage: Storage, chosen: Policy, now: datetime | None = None) -> list[int]:
    """Ids of the articles the policy removes: kept longer than the policy's days (counted
    from when Kabar got them, so following a feed with years of history keeps it), or beyond
    a source's newest N."""
    spare = "NOT starred" + (" AND read" if chosen.keep_unread else "")
    ids: set[int] = set()
    with storage.db.read() as c:
        if chosen.keep_days > 0:
            cutoff = to_ts((now or datetime.now(UTC)) - timedelta(days=chosen.keep_days))
            ids.update(r[0] for r in c.exec_driver_sql(
                f"SELECT id FROM article WHERE first_seen < ? AND {spare}", (cutoff,)))  # fmt: skip
        if chosen.max_per_source > 0:
            ids.update(r[0] for r in c.exec_driver_sql(
                f"SELECT id FROM (SELECT id, starred, read, row_number() OVER (PARTITION BY"
                " source_id ORDER BY sort_date DESC, id DESC) AS rank FROM article)"
                f" WHERE rank > ? AND {spare}", (chosen.max_per_source,)))  # fmt: skip
    return sorted(ids)


def cleanup(
    storage: Storage, chosen: Policy | None = None, cache_dir: Path | None = None,
    dry_run: bool = False, now: datetime | None = None,
) -> CleanupReport:  # fmt: skip
    chosen = chosen or policy(storage)
    ids = doomed(storage, chosen, now)
    if dry_run:
        return CleanupReport(len(ids), 0, 0, dry_run=True)
    before = _free_bytes(storage)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        marks = ", ".join("?" * len(batch))
        with storage.db.write() as c:  # starred re-checked: it may have been starred since
            c.exec_driver_sql(f"DELETE FROM article WHERE id IN ({marks}) AND NOT starred",
                              tuple(batch))  # fmt: skip
    freed_images = _evict_images(storage, cache_dir, chosen) if cache_dir is not None else 0
    return CleanupReport(len(ids), freed_images, max(0, _free_bytes(storage) - before))


def _evict_images(storage: Storage, cache_dir: Path, chosen: Policy) -> int:
    from reader.images import ImageCache, url_key
    from reader.offline_images import starred_images

    keep = {url_key(url) for url in starred_images(storage)}
    cache = ImageCache(cache_dir)
    return cache.evict(chosen.image_budget_mb * 2**20, lambda url: url_key(url) in keep)


def _free_bytes(storage: Storage) -> int:
    with storage.db.read() as c:
        pages = c.exec_driver_sql("PRAGMA freelist_count").scalar_one()
        size = c.exec_driver_sql("PRAGMA page_size").scalar_one()
    return int(pages) * int(size)


def sizes(storage: Storage, cache_dir: Path | None) -> dict[str, Any]:
    """What the archive takes on disk: the database, its full texts, the image cache."""
    with storage.db.read() as c:
        full = c.exec_driver_sql(
            "SELECT coalesce(sum(length(html) + length(text)), 0), count(*) FROM article_full"
            " WHERE state = 'done'"
        ).one()
        articles = c.exec_driver_sql("SELECT count(*) FROM article").scalar_one()
    path = storage.db.path
    database = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    images = 0
    if cache_dir is not None and (cache_dir / "images").exists():
        from reader.images import ImageCache

        images = ImageCache(cache_dir).size()
    return {"database_bytes": database, "full_text_bytes": int(full[0]), "full_texts": full[1],
            "articles": articles, "image_bytes": images}  # fmt: skip
