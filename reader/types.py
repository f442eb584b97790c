"""Public, immutable data types of the core. Plain data: no I/O, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SourceState(StrEnum):
    ACTIVE = "active"
    MOVED = "moved"  # answered a permanent redirect; the URL was updated once it held steady
    GONE = "gone"  # answered 410 Gone: no longer polled


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True)
class ParsedEntry:
    """One item of a feed as the parser understood it, already sanitized."""

    key: str  # stable identity within the source: guid/id, else link, else hash(title+date)
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary_html: str
    content_html: str
    text: str  # plain text of content (or summary), for search and previews
    language: str | None
    content_hash: str  # changes only when something a reader sees changed
    enclosures: tuple[Enclosure, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    language: str | None
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None  # a recovered (bozo) feed: accepted, but the user is told


@dataclass(frozen=True)
class SourceSettings:
    update_interval_minutes: int | None = None  # None: the global default
    full_text: str = "auto"  # "on" | "off" | "auto" — used by full-article capture


@dataclass(frozen=True)
class Source:
    id: int
    url: str
    title: str | None
    site_url: str | None
    folder: str | None
    state: SourceState
    settings: SourceSettings
    etag: str | None
    last_modified: str | None
    body_hash: str | None  # of the last body parsed: an identical body is not parsed again
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None
    warning: str | None
    failures: int
    next_due: datetime | None  # when a scheduled sync may poll again (interval, max-age, back-off)
    retry_not_before: datetime | None  # the server's Retry-After: no request before this
    synced_once: bool
    redirect_to: str | None
    redirect_seen: int
    unread: int = 0
    total: int = 0

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class Article:
    id: int
    source_id: int
    source_title: str | None
    key: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    first_seen: datetime
    sort_date: datetime
    summary_html: str
    content_html: str
    text: str
    language: str | None
    read: bool
    starred: bool
    enclosures: tuple[Enclosure, ...] = ()
    full_html: str = ""  # the whole article from its page, when captured (reader.capture)
    full_text: str = ""
    full_state: str | None = None  # None: never tried; "done" | "failed" | "pending"
    full_error: str | None = None  # why the page could not be kept, in plain words


@dataclass(frozen=True)
class Headline:
    """What a row of the headline list shows; no article body, so pages stay small."""

    id: int
    source_id: int
    source_title: str | None
    title: str
    published: datetime | None
    first_seen: datetime
    read: bool
    starred: bool
    preview: str


@dataclass(frozen=True)
class ArticleFilter:
    source_id: int | None = None
    folder: str | None = None
    unread: bool = False
    starred: bool = False
    after: datetime | None = None  # published (else first seen) at or after
    before: datetime | None = None  # published (else first seen) before
    language: str | None = None


@dataclass(frozen=True)
class PageCursor:
    """Keyset position in the newest-first article order: (sort_date, id) of the last row seen."""

    sort_date: datetime
    id: int


@dataclass(frozen=True)
class FetchOutcome:
    """What the network said about one source, before any parsing."""

    status: int  # 200 or 304 on success
    final_url: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None  # where a 301/308 chain led, if it did
    max_age: int | None = None  # Cache-Control max-age, seconds


@dataclass(frozen=True)
class SourceOutcome:
    """What one source's sync did: counts, or the plain-words reason it failed."""

    source_id: int
    url: str
    title: str | None
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    error: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class SyncProgress:
    done: int
    total: int
    new: int
    updated: int
    failed: int
    last: SourceOutcome | None = None
    indexed: int = 0  # after the last source: articles made searchable so far, of `to_index`
    to_index: int = 0
    captured: int = 0  # full articles tried so far, of `to_capture` (reader.capture_run)
    to_capture: int = 0


@dataclass(frozen=True)
class SyncReport:
    outcomes: tuple[SourceOutcome, ...] = field(default_factory=tuple)
    cancelled: bool = False
    error: str | None = None  # the whole sync failed (storage trouble), in plain words
    captured: int = 0  # full articles saved for offline reading
    capture_failed: int = 0  # pages that could not be kept (the feed's text stays)
    images: int = 0  # pictures newly kept for offline reading

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    @property
    def failures(self) -> tuple[SourceOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error)
