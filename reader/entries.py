"""Turn the raw fields of one feed item (from any format) into a clean ParsedEntry.

Both the XML path (feedparser) and the JSON Feed path fill a RawEntry; everything that
makes an entry safe and stable — sanitizing, identity, dates, hashing — happens here once.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from reader.sanitize import clean_html, clean_text, html_to_text
from reader.types import Enclosure, ParsedEntry
from reader.urls import clean_text_url

MAX_ENTRIES_PER_FEED = 2_000
MAX_KEY_CHARS = 512
MAX_GUID_SCAN_CHARS = 1_000_000
MAX_TEXT_CHARS = 200_000
MAX_ENCLOSURES = 20
EARLIEST_DATE = datetime(1970, 1, 2, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


@dataclass
class RawEntry:
    """Untrusted fields as the format parser found them; html flags say how to read text."""

    guid: str | None = None
    link: str | None = None
    title: str | None = None
    title_is_html: bool = False
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str | None = None
    summary_is_html: bool = True
    content: str | None = None
    content_is_html: bool = True
    base: str | None = None
    language: str | None = None
    enclosures: list[tuple[str | None, str | None, object]] = field(default_factory=list)


def _as_html(value: str | None, is_html: bool) -> str:
    if not value:
        return ""
    if is_html:
        return value
    return "<p>" + html.escape(value).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"


def sane_date(value: datetime | None, now: datetime) -> datetime | None:
    """Dates from feeds lie: none before 1970, none more than a day in the future."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 pushed off the calendar by its UTC offset
        return None if value.year < EARLIEST_DATE.year else now
    if value < EARLIEST_DATE:
        return None
    return min(value, now) if value > now + FUTURE_SLACK else value


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _enclosures(raw: RawEntry) -> tuple[Enclosure, ...]:
    found: dict[str, Enclosure] = {}
    for url, mime, length in raw.enclosures[: MAX_ENCLOSURES * 2]:
        clean = clean_text_url(url, raw.base)
        if not clean or clean in found:
            continue
        size: int | None
        try:
            size = int(str(length)) if length not in (None, "") else None
        except ValueError:
            size = None
        if size is not None and not 0 <= size < 2**62:
            size = None
        found[clean] = Enclosure(clean, clean_text(mime, 200) or None, size)
    return tuple(found.values())[:MAX_ENCLOSURES]


def _digest(*parts: str) -> str:
    hasher = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()


def _key(guid: str, link: str | None, title: str, published: datetime | None) -> str:
    if guid:
        return guid if len(guid) <= MAX_KEY_CHARS else "sha1:" + _digest(guid)
    if link:
        return link if len(link) <= MAX_KEY_CHARS else "sha1:" + _digest(link)
    return "hash:" + _digest(title, published.isoformat() if published else "")


def make_entry(raw: RawEntry, feed_language: str | None, now: datetime) -> ParsedEntry:
    summary_html = clean_html(_as_html(raw.summary, raw.summary_is_html), raw.base)
    content_html = clean_html(_as_html(raw.content, raw.content_is_html), raw.base)
    if content_html == summary_html:
        content_html = ""
    text = html_to_text(content_html or summary_html)[:MAX_TEXT_CHARS]
    link = clean_text_url(raw.link, raw.base)
    # The key hashes the whole id (ids that differ only past the stored part are different
    # stories); only the stored copy is bounded.
    full_guid = clean_text(raw.guid, MAX_GUID_SCAN_CHARS)
    guid = full_guid[: MAX_KEY_CHARS * 20]
    title = clean_text(raw.title, is_html=raw.title_is_html)
    published = sane_date(raw.published, now)
    updated = sane_date(raw.updated, now)
    if not title:
        # Untitled micro-posts: show their opening words, like other readers do.
        first_line = text.split("\n", 1)[0]
        title = first_line[:100] + ("…" if len(first_line) > 100 else "")
    author = clean_text(raw.author, 300) or None
    enclosures = _enclosures(raw)
    content_hash = _digest(
        title, link or "", author or "", summary_html, content_html,
        *(e.url for e in enclosures),
    )  # fmt: skip
    return ParsedEntry(
        key=_key(full_guid, link, title, published or updated),
        guid=guid or None,
        link=link,
        title=title,
        author=author,
        published=published or updated,
        updated=updated,
        summary_html=summary_html,
        content_html=content_html,
        text=text,
        language=_language(raw.language) or _language(feed_language),
        content_hash=content_hash,
        enclosures=enclosures,
    )


def make_entries(
    raws: list[RawEntry], feed_language: str | None, now: datetime
) -> tuple[ParsedEntry, ...]:
    """Clean entries, one per key (the first occurrence wins), at most MAX_ENTRIES_PER_FEED."""
    seen: dict[str, ParsedEntry] = {}
    for raw in raws:
        if len(seen) >= MAX_ENTRIES_PER_FEED:
            break
        entry = make_entry(raw, feed_language, now)
        seen.setdefault(entry.key, entry)
    return tuple(seen.values())
