"""Shared helpers for the parser tests (test_parse_formats.py, test_parse_hostile.py)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.errors import FeedRejected
from reader.parse import parse_feed
from reader.types import ParsedEntry, ParsedFeed
from tests.paths import FEEDS_DIR

FEED_URL = "https://news.example.kz/rss/main.xml"
# UTF-8 read as Latin-1/cp1252 ('Ã©', 'Ð¢', 'â€”'), or bytes that could not be decoded.
MOJIBAKE = re.compile("[ÂÃÐÑ][\x80-\xbf]|â€|\ufffd")
# Three Latin-1 letters in a row: Cyrillic bytes read as Latin-1 ("Öèòàòà"), never Russian.
LATIN1_RUN = re.compile("[\u00c0-\u00ff]{3}")
CONTENT_TYPES = {
    ".json": "application/feed+json",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
}
XXE_SECRET = "xxe-information-disclosed"
XXE_INFO = FEEDS_DIR / "hostile/xml-entities/laminas-feed/xxe-info.txt"


def fixture_id(path: Path) -> str:
    return str(path.relative_to(FEEDS_DIR))


def fixture_bytes(name: str) -> bytes:
    return (FEEDS_DIR / name).read_bytes()


def served_as(path: Path) -> dict[str, str]:
    return {"Content-Type": CONTENT_TYPES.get(path.suffix, "application/rss+xml")}


def all_strings(feed: ParsedFeed) -> Iterator[str]:
    """Every text value a user could see anywhere in the result."""
    for value in (feed.title, feed.site_url, feed.language, feed.warning):
        if value is not None:
            yield value
    for entry in feed.entries:
        for field in dataclasses.fields(entry):
            value = getattr(entry, field.name)
            if isinstance(value, str):
                yield value
        for enclosure in entry.enclosures:
            yield enclosure.url
            if enclosure.type:
                yield enclosure.type


def parse_or_reject(
    body: bytes, headers: dict[str, str] | None = None
) -> ParsedFeed | FeedRejected:
    """parse_feed's result or its FeedRejected; any other exception fails the test."""
    try:
        return parse_feed(body, FEED_URL, headers)
    except FeedRejected as error:
        return error


def rss_doc(items: str, channel: str = "<title>Test</title>", prolog: str = "") -> bytes:
    document = f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
    return (document + channel + items + "</channel></rss>").encode()


def json_feed_doc(items: list[dict[str, Any]], **feed: Any) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", **feed, "items": items}
    return json.dumps(document).encode()


def entries_by_title(feed: ParsedFeed) -> dict[str, ParsedEntry]:
    return {entry.title: entry for entry in feed.entries}


# --- real feeds -----------------------------------------------------------------------------
