"""Full-article capture, storage side: which articles to fetch, and keeping what came of it.

The network and the extractor run in reader.capture_run; this module decides and persists.
An article's page is tried at most MAX_ATTEMPTS times, hours apart, and only while it is
recent: a capture that was interrupted simply finds the same articles still missing.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from reader.storage import Storage, to_ts
from reader.urls import host_of, is_private_host

# Median plain-text length of a source's items below which it is a teaser feed. Measured on
# the 63 real feeds in tests/data: news teasers (BBC 72, Spiegel 107, Heise 196, Guardian
# 542 characters) all fall below; feeds carrying whole posts start at ~700.
TEASER_CHARS = 600
SAMPLE = 20  # recent items a source is judged by
CAPTURE_DAYS = 30  # older pages are often gone or moved; the feed text stays
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(hours=6)
MEDIA_TYPES = ("audio/", "video/")


@dataclass(frozen=True)
class CaptureJob:
    article_id: int
    source_id: int
    url: str
    summary_text: str  # the feed's text: a first paragraph repeating it is dropped
    attempts: int


@dataclass(frozen=True)
class FullText:
    state: str  # "done" | "failed" | "pending"
    html: str
    error: str | None
    attempts: int


def wants_full_text(storage: Storage, source_id: int, mode: str) -> bool:
    """ "on", "off", or "auto": on for teaser feeds that are not podcasts (see TEASER_CHARS)."""
    if mode in ("on", "off"):
        return mode == "on"
    with storage.db.read() as c:
        rows = c.exec_driver_sql(
            "SELECT length(b.text), (SELECT count(*) FROM enclosure e WHERE e.article_id = a.id"
            f" AND ({' OR '.join('e.type LIKE ?' for _ in MEDIA_TYPES)}))"
            " FROM article a JOIN article_body b ON b.article_id = a.id"
            " WHERE a.source_id = ? ORDER BY a.sort_date DESC LIMIT ?",
            (*(f"{t}%" for t in MEDIA_TYPES), source_id, SAMPLE),
        ).all()
    if not rows:
        return False
    podcast = sum(1 for row in rows if row[1]) * 2 > len(rows)
    return not podcast and statistics.median(row[0] for row in rows) < TEASER_CHARS


def capturing_sources(storage: Storage, source_ids: list[int] | None = None) -> list[int]:
    chosen = storage.sources(source_ids)
    return [s.id for s in chosen if wants_full_text(storage, s.id, s.settings.full_text)]


def jobs(
    storage: Storage, source_ids: list[int], now: datetime | None = None, limit: int = 2000
) -> list[CaptureJob]:
    """Recent articles of these sources without a full text yet (or due for another try),
    newest first. Links to private addresses from public feeds are never fetched."""
    if not source_ids:
        return []
    now = now or datetime.now(UTC)
    since = to_ts(now - timedelta(days=CAPTURE_DAYS))
    retry = to_ts(now - RETRY_AFTER)
    marks = ", ".join("?" * len(source_ids))
    sql = f"""
        SELECT a.id, a.source_id, a.link, coalesce(b.text, ''), coalesce(f.attempts, 0), s.url
        FROM article a JOIN source s ON s.id = a.source_id
        LEFT JOIN article_body b ON b.article_id = a.id
        LEFT JOIN article_full f ON f.article_id = a.id
        WHERE a.source_id IN ({marks}) AND a.sort_date >= ? AND a.link IS NOT NULL
          AND (f.article_id IS NULL OR f.state = 'pending'
               OR (f.state = 'failed' AND f.attempts < ? AND f.tried_at < ?))
        ORDER BY a.sort_date DESC, a.id DESC LIMIT ?
    """
    with storage.db.read() as c:
        rows = c.exec_driver_sql(sql, (*source_ids, since, MAX_ATTEMPTS, retry, limit)).all()
    return [CaptureJob(r[0], r[1], r[2], r[3], r[4]) for r in rows if _may_fetch(r[2], r[5])]


def jobs_for(storage: Storage, article_ids: list[int]) -> list[CaptureJob]:
    """These articles, whatever their source's setting or age ("Try again", `kabar capture`)."""
    if not article_ids:
        return []
    marks = ", ".join("?" * len(article_ids))
    sql = f"""
        SELECT a.id, a.source_id, a.link, coalesce(b.text, ''), 0, s.url
        FROM article a JOIN source s ON s.id = a.source_id
        LEFT JOIN article_body b ON b.article_id = a.id
        WHERE a.id IN ({marks}) AND a.link IS NOT NULL
    """
    with storage.db.read() as c:
        rows = c.exec_driver_sql(sql, tuple(article_ids)).all()
    return [CaptureJob(r[0], r[1], r[2], r[3], r[4]) for r in rows if _may_fetch(r[2], r[5])]


def _may_fetch(link: str, source_url: str) -> bool:
    if not link.lower().startswith(("http://", "https://")):
        return False
    return not is_private_host(host_of(link)) or is_private_host(host_of(source_url))


def store_success(storage: Storage, job: CaptureJob, extracted: Any, now: datetime) -> None:
    """Keep the extracted article; fill the author and date only where the feed had none."""
    with storage.db.write() as c:
        c.exec_driver_sql(
            "INSERT OR REPLACE INTO article_full (article_id, state, html, text, lead_image,"
            " error, attempts, tried_at) VALUES (?, 'done', ?, ?, ?, NULL, ?, ?)",
            (job.article_id, extracted.html, extracted.text, extracted.lead_image,
             job.attempts + 1, to_ts(now)),
        )  # fmt: skip
        if extracted.author:
            c.exec_driver_sql(
                "UPDATE article SET author = ? WHERE id = ? AND author IS NULL",
                (extracted.author, job.article_id),
            )
        if extracted.published is not None:
            c.exec_driver_sql(
                "UPDATE article SET published = ? WHERE id = ? AND published IS NULL",
                (to_ts(extracted.published), job.article_id),
            )


def store_failure(storage: Storage, job: CaptureJob, reason: str, now: datetime) -> None:
    """The feed's text stays; why the page could not be kept is shown with the article."""
    with storage.db.write() as c:
        c.exec_driver_sql(
            "INSERT OR REPLACE INTO article_full (article_id, state, html, text, lead_image,"
            " error, attempts, tried_at) VALUES (?, 'failed', '', '', NULL, ?, ?, ?)",
            (job.article_id, reason, job.attempts + 1, to_ts(now)),
        )


def retry(storage: Storage, article_id: int) -> None:
    """The reader asked to try again: the next capture fetches it whatever its attempts."""
    with storage.db.write() as c:
        c.exec_driver_sql(
            "INSERT OR REPLACE INTO article_full (article_id, state, attempts)"
            " VALUES (?, 'pending', 0)",
            (article_id,),
        )


def full_text(storage: Storage, article_id: int) -> FullText | None:
    with storage.db.read() as c:
        row = c.exec_driver_sql(
            "SELECT state, html, error, attempts FROM article_full WHERE article_id = ?",
            (article_id,),
        ).first()
    return FullText(row[0], row[1] or "", row[2], row[3]) if row else None
