"""The pure decision step of a sync: what the network and the parser said, against what is
stored, becomes a plan of writes. No I/O here, so every rule is testable with plain data.

User state (read, starred) is never part of a plan: a feed cannot change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from reader.types import Enclosure, FetchOutcome, ParsedEntry, ParsedFeed, Source, SourceState

DEFAULT_INTERVAL = timedelta(minutes=60)
MAX_AGE_CAP = timedelta(hours=6)
MAX_BACKOFF = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)
DEFAULT_RETRY_AFTER = timedelta(hours=1)
REDIRECT_STEADY_AFTER = 3  # a permanent redirect must be seen this many syncs in a row


@dataclass(frozen=True)
class SourcePatch:
    """Columns to set on the source row (datetimes become Unix seconds when stored)."""

    values: dict[str, Any]


@dataclass(frozen=True)
class WritePlan:
    inserts: tuple[dict[str, Any], ...]
    insert_enclosures: tuple[tuple[Enclosure, ...], ...]
    updates: tuple[tuple[int, dict[str, Any], tuple[Enclosure, ...]], ...]
    source: SourcePatch
    new: int = 0
    updated: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def _ts(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _interval(source: Source) -> timedelta:
    minutes = source.settings.update_interval_minutes
    return timedelta(minutes=minutes) if minutes else DEFAULT_INTERVAL


def _feed_columns(entry: ParsedEntry) -> dict[str, Any]:
    return {
        "guid": entry.guid, "link": entry.link, "title": entry.title, "author": entry.author,
        "published": _ts(entry.published), "updated": _ts(entry.updated),
        "summary_html": entry.summary_html, "content_html": entry.content_html,
        "text": entry.text, "language": entry.language, "content_hash": entry.content_hash,
    }  # fmt: skip


def _redirect_columns(source: Source, fetch: FetchOutcome, url_taken: bool) -> dict[str, Any]:
    target = fetch.permanent_redirect
    if not target or target == source.url:
        return {"redirect_to": None, "redirect_seen": 0}
    seen = source.redirect_seen + 1 if source.redirect_to == target else 1
    if seen >= REDIRECT_STEADY_AFTER and not url_taken:
        return {"url": target, "state": SourceState.MOVED.value, "redirect_to": None,
                "redirect_seen": 0}  # fmt: skip
    return {"redirect_to": target, "redirect_seen": seen}


def success_patch(
    source: Source, fetch: FetchOutcome, now: datetime, url_taken: bool = False,
    body_hash: str | None = None, feed: ParsedFeed | None = None,
) -> SourcePatch:  # fmt: skip
    """A 200 or a 304: the source is healthy again, validators and schedule move on."""
    delay = _interval(source)
    if fetch.max_age:
        delay = max(delay, min(timedelta(seconds=fetch.max_age), MAX_AGE_CAP))
    values: dict[str, Any] = {
        "last_attempt": _ts(now), "last_success": _ts(now), "last_error": None, "failures": 0,
        "next_due": _ts(now + delay), "retry_not_before": None,
        "state": SourceState.MOVED.value if source.state == SourceState.MOVED
        else SourceState.ACTIVE.value,
    }  # fmt: skip
    if fetch.status != 304:
        values.update(etag=fetch.etag, last_modified=fetch.last_modified, body_hash=body_hash)
    if feed is not None:
        values["warning"] = feed.warning
        values["synced_once"] = True
        if feed.title and not source.title:
            values["title"] = feed.title
        if feed.site_url:
            values["site_url"] = feed.site_url
        if feed.language:
            values["language"] = feed.language
    values.update(_redirect_columns(source, fetch, url_taken))
    return SourcePatch(values)


def failure_patch(
    source: Source, error: str, now: datetime, status: int | None = None,
    retry_after: timedelta | None = None,
) -> SourcePatch:  # fmt: skip
    """A failed fetch or parse: only the source's status changes, never its articles."""
    failures = source.failures + 1
    backoff = min(_interval(source) * (2 ** min(failures - 1, 6)), MAX_BACKOFF)
    values: dict[str, Any] = {
        "last_attempt": _ts(now), "last_error": error, "failures": failures,
        "next_due": _ts(now + backoff),
    }  # fmt: skip
    if status == 410:
        values["state"] = SourceState.GONE.value
    if status in (429, 503):
        wait = min(retry_after or DEFAULT_RETRY_AFTER, MAX_RETRY_AFTER)
        values["retry_not_before"] = _ts(now + wait)
        values["next_due"] = _ts(max(now + wait, now + backoff))
    return SourcePatch(values)


def plan_entries(
    source: Source, entries: tuple[ParsedEntry, ...],
    stored: dict[str, tuple[int, str]], now: datetime, patch: SourcePatch,
) -> WritePlan:  # fmt: skip
    """New keys are inserted, changed hashes updated in place, everything else left alone.

    On a source's first sync articles sort by their own date; later arrivals sort by when
    they arrived, so a backdated post still surfaces at the top.
    """
    fresh = [e for e in entries if e.key not in stored]
    changed = [e for e in entries if e.key in stored and stored[e.key][1] != e.content_hash]

    def sort_date(entry: ParsedEntry) -> datetime:
        if source.synced_once or entry.published is None:
            return now
        return min(entry.published, now)

    # Oldest first, so ids grow with time and break ties in newest-first lists.
    fresh.sort(key=lambda e: (sort_date(e), e.published or now))
    inserts = tuple(
        {**_feed_columns(e), "source_id": source.id, "key": e.key, "first_seen": _ts(now),
         "sort_date": _ts(sort_date(e))}
        for e in fresh
    )  # fmt: skip
    updates = tuple((stored[e.key][0], _feed_columns(e), e.enclosures) for e in changed)
    return WritePlan(
        inserts=inserts,
        insert_enclosures=tuple(e.enclosures for e in fresh),
        updates=updates,
        source=patch,
        new=len(inserts),
        updated=len(updates),
    )
