"""JSON Feed 1.0 / 1.1 (jsonfeed.org), which feedparser does not read."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from reader.entries import RawEntry
from reader.errors import FeedRejected

VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


def looks_like_json_feed(body: bytes) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org/version" in body[:4096].replace(b"\\/", b"/")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        pass
    try:  # RFC 3339 is required, but some publishers write RSS-style RFC 822 dates
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    authors = item.get("authors") or feed.get("authors")
    if isinstance(authors, list):
        names = [a.get("name") for a in authors if isinstance(a, dict)]
        joined = ", ".join(n for n in names if isinstance(n, str) and n)
        if joined:
            return joined
    author = item.get("author") or feed.get("author")
    return _text(author.get("name")) if isinstance(author, dict) else None


def _raw_entry(item: dict[str, Any], feed: dict[str, Any], base: str) -> RawEntry:
    attachments = item.get("attachments")
    enclosures: list[tuple[str | None, str | None, object]] = []
    if isinstance(attachments, list):
        for attachment in attachments:
            if isinstance(attachment, dict):
                enclosures.append(
                    (
                        _text(attachment.get("url")),
                        _text(attachment.get("mime_type")),
                        attachment.get("size_in_bytes"),
                    )
                )
    content_html = _text(item.get("content_html"))
    content_text = _text(item.get("content_text"))
    image = _text(item.get("image")) or _text(item.get("banner_image"))
    if image and content_html is not None and image not in content_html:
        content_html = f'<p><img src="{image}" alt=""></p>' + content_html
    return RawEntry(
        guid=_text(item.get("id")),
        link=_text(item.get("url")) or _text(item.get("external_url")),
        title=_text(item.get("title")),
        author=_author(item, feed),
        published=_date(item.get("date_published")),
        updated=_date(item.get("date_modified")),
        summary=_text(item.get("summary")),
        summary_is_html=False,
        content=content_html if content_html is not None else content_text,
        content_is_html=content_html is not None,
        base=base,
        language=_text(item.get("language")),
        enclosures=enclosures,
    )


def parse_json_feed(body: bytes, url: str) -> tuple[dict[str, str | None], list[RawEntry]]:
    """Feed metadata and raw items; FeedRejected when the JSON is broken or not a JSON Feed."""
    try:
        document = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        raise FeedRejected(f"The JSON Feed is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        VERSION_PREFIXES
    ):
        raise FeedRejected("The document is JSON, but not a JSON Feed.")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedRejected("The JSON Feed has no list of items.")
    meta = {
        "title": _text(document.get("title")),
        "site_url": _text(document.get("home_page_url")),
        "language": _text(document.get("language")),
    }
    raws = [_raw_entry(item, document, url) for item in items if isinstance(item, dict)]
    return meta, raws
