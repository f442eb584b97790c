"""Bytes of a fetched document → ParsedFeed. Pure: no network, no files, no database.

Runs in worker processes during a sync, so everything here must be picklable and
must not depend on state set up in the parent.
"""

from __future__ import annotations

import calendar
import io
import re
import time
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser
import feedparser.api

from reader.charsets import decide_encoding
from reader.discover import looks_like_feed
from reader.entries import RawEntry, make_entries
from reader.errors import FeedRejected
from reader.jsonfeed import looks_like_json_feed, parse_json_feed
from reader.sanitize import clean_text
from reader.types import ParsedFeed
from reader.urls import clean_text_url
from reader.xmlguard import screen_feed

# Only the stdlib expat parser: libxml2's SAX driver resolves external entities.
feedparser.api.PREFERRED_XML_PARSERS[:] = []

MAX_DOCUMENT_BYTES = 20 * 2**20
_HTML_HEAD = (b"<!doctype html", b"<html", b"<head", b"<body")

_COPIED_TO_SUMMARY = ("text/plain", "text/html", "application/xhtml+xml")


def _datetime(parsed: Any) -> datetime | None:
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _detail_is_html(detail: Any) -> bool:
    return str((detail or {}).get("type", "text/html")) in {"text/html", "application/xhtml+xml"}


def _content(entry: Any) -> tuple[str | None, bool]:
    contents = entry.get("content") or []
    for item in contents:
        if _detail_is_html(item):
            return str(item.get("value") or ""), True
    if contents:
        return str(contents[0].get("value") or ""), False
    return None, True


def _base(entry: Any, fallback: str) -> str:
    for detail in (entry.get("content") or [None])[0], entry.get("summary_detail"):
        base = (detail or {}).get("base")
        if isinstance(base, str) and base.startswith(("http://", "https://")):
            return base
    return fallback


def _link(entry: Any) -> Any:
    """The entry's page. feedparser's `link` is the last <link> written as element text, of any
    rel, so an Atom entry could get its enclosure's address: then its alternate link wins."""
    link = entry.get("link")
    links = [item for item in entry.get("links") or [] if isinstance(item, dict)]
    rels = {item.get("rel") for item in links if item.get("href") == link}
    if not link or not rels or "alternate" in rels:
        return link
    alternates = (item.get("href") for item in links if item.get("rel") == "alternate")
    return next((href for href in alternates if href), link)


def _author(entry: Any) -> Any:
    """Every author's name (dc:creator may repeat), as the JSON Feed path joins them."""
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict)]
    unique = list(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))
    return ", ".join(unique) if len(unique) > 1 else entry.get("author")


def _raw_entry(entry: Any, url: str) -> RawEntry:
    content, content_is_html = _content(entry)
    title_detail = entry.get("title_detail")
    # feedparser fills a missing summary from the first text or HTML content, with no detail of
    # its own: it has that content's type (a text/plain "<blink>" must stay text).
    summary_detail = entry.get("summary_detail") or next(
        (c for c in entry.get("content") or [] if c.get("type") in _COPIED_TO_SUMMARY), None
    )
    language = (summary_detail or {}).get("language") or (title_detail or {}).get("language")
    return RawEntry(
        guid=entry.get("id"),
        link=_link(entry),
        title=entry.get("title"),
        title_is_html=bool(title_detail) and _detail_is_html(title_detail),
        author=_author(entry),
        published=_datetime(entry.get("published_parsed")),
        updated=_datetime(dict.get(entry, "updated_parsed")),  # no feedparser fallback
        summary=entry.get("summary"),
        summary_is_html=_detail_is_html(summary_detail),
        content=content,
        content_is_html=content_is_html,
        base=_base(entry, url),
        language=language,
        enclosures=[
            (e.get("href"), e.get("type"), e.get("length")) for e in entry.get("enclosures", [])
        ],
    )


def _not_a_feed(body: bytes, content_type: str | None) -> FeedRejected:
    head = body[:1024].lstrip().lower()
    if any(marker in head for marker in _HTML_HEAD) or "html" in (content_type or ""):
        return FeedRejected(
            "The address returned a web page, not a feed (a login page, an error page or the "
            "site's home page). Check the feed address."
        )
    if not body.strip():
        return FeedRejected("The server returned an empty document instead of a feed.")
    return FeedRejected(
        "The address did not return a feed Kabar can read (RSS, Atom or JSON Feed)."
    )


def _gunzip(body: bytes) -> bytes:
    """A gzip file served without Content-Encoding (some servers do): unpack it, bounded."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    unpacker = zlib.decompressobj(wbits=31)
    try:
        unpacked = unpacker.decompress(body, MAX_DOCUMENT_BYTES + 1)
    except zlib.error:
        raise FeedRejected("The server sent a damaged compressed file instead of a feed.") from None
    if len(unpacked) > MAX_DOCUMENT_BYTES:
        raise FeedRejected(
            f"The feed is larger than {MAX_DOCUMENT_BYTES // 2**20} MB; Kabar refuses it."
        )
    return unpacked


# A character reference to a lone surrogate (&#xD800;) is no character at all; feedparser's
# fallback parser then fails on the whole feed (UnicodeEncodeError). It becomes U+FFFD.
_SURROGATE_REFERENCES = re.compile(
    rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5529[6-9]|55[3-9][0-9]{2}|56[0-9]{3}"
    rb"|57[0-2][0-9]{2}|573[0-3][0-9]|5734[0-3]));"
)


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x; FeedRejected when it is none."""
    if len(body) > MAX_DOCUMENT_BYTES:
        raise FeedRejected(
            f"The feed is larger than {MAX_DOCUMENT_BYTES // 2**20} MB; Kabar refuses it."
        )
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    content_type = lowered.get("content-type")
    now = datetime.now(UTC)
    body = _gunzip(body)
    json_type = (content_type or "").split(";")[0].strip().endswith("json")
    if looks_like_json_feed(body) or (json_type and body.lstrip()[:1] == b"{"):
        meta, raws = parse_json_feed(body, url)
        return ParsedFeed(
            title=clean_text(meta["title"]) or None,
            site_url=clean_text_url(meta["site_url"], url),
            language=meta["language"],
            entries=make_entries(raws, meta["language"], now),
        )
    body = _SURROGATE_REFERENCES.sub(b"&#xFFFD;", screen_feed(body))
    stripped = body.lstrip(b" \t\r\n")
    if stripped.startswith(b"<?xml"):
        body = stripped  # whitespace before the XML declaration makes expat give up early
    # The final URL is the base for relative links; a server's own Content-Location may lie.
    lowered["content-location"] = url
    # The charset is decided here; the media type was judged above and is judged again below.
    body, charset = decide_encoding(body, content_type)
    lowered["content-type"] = f"application/xml; charset={charset}"
    # A file object, never bytes or str: given those, feedparser may open a local file.
    result = feedparser.parse(
        io.BytesIO(body), response_headers=lowered, sanitize_html=False, resolve_relative_uris=False
    )
    feed = result.get("feed", {})
    entries = result.get("entries", [])
    if not result.get("version") and not entries:
        raise _not_a_feed(body, content_type)
    if result.get("bozo") and not entries and not looks_like_feed(body, content_type):
        raise _not_a_feed(body, content_type)
    warning = None
    if result.get("bozo"):
        reason = str(result.get("bozo_exception") or "malformed XML")
        warning = f"The feed is not well-formed ({reason[:200]}); Kabar read what it could."
    language = feed.get("language")
    return ParsedFeed(
        title=clean_text(feed.get("title"), is_html=_detail_is_html(feed.get("title_detail")))
        or None,
        site_url=clean_text_url(feed.get("link"), url),
        language=language,
        entries=make_entries([_raw_entry(e, url) for e in entries], language, now),
        warning=warning,
    )
