"""Subscribing: from what a user typed (a feed or a web page) to a feed address to follow."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from reader.discover import find_feeds, guess_feed_urls, looks_like_feed
from reader.errors import FetchError, UsageError
from reader.fetch import Fetcher, FetchLimits
from reader.parse import parse_feed
from reader.types import FetchOutcome
from reader.urls import normalize_user_url

MAX_CANDIDATES = 10  # a page that links to many "feeds" must not turn into a crawl


@dataclass(frozen=True)
class Discovery:
    feed_url: str
    title: str | None
    alternatives: tuple[str, ...] = ()
    checked: bool = True  # False: the address could not be fetched now and was taken as typed
    note: str | None = None


def _content_type(fetched: FetchOutcome) -> str | None:
    return next((v for k, v in fetched.headers if k.lower() == "content-type"), None)


async def _discover(url: str, limits: FetchLimits) -> Discovery:
    async with Fetcher(limits) as fetcher:
        try:
            first = await fetcher.fetch(url)
        except FetchError as error:
            return Discovery(url, None, checked=False, note=str(error))
        body = first.body or b""
        if looks_like_feed(body, _content_type(first)):
            feed = parse_feed(body, first.final_url, dict(first.headers))
            return Discovery(first.final_url, feed.title)
        declared = [f.url for f in find_feeds(body, first.final_url)]
        candidates = list(dict.fromkeys([*declared, *guess_feed_urls(first.final_url)]))
        for candidate in candidates[:MAX_CANDIDATES]:
            try:
                fetched = await fetcher.fetch(candidate)
            except FetchError:
                continue
            if looks_like_feed(fetched.body or b"", _content_type(fetched)):
                feed = parse_feed(fetched.body or b"", fetched.final_url, dict(fetched.headers))
                rest = tuple(u for u in declared if u != candidate)
                return Discovery(fetched.final_url, feed.title, rest)
    raise UsageError(f"No feed was found at {url}: it is a web page that links to no feed.")


def discover(text: str, limits: FetchLimits | None = None) -> Discovery:
    """Resolve what the user typed to a feed; fetch failures keep the address as typed."""
    try:
        url = normalize_user_url(text)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return asyncio.run(_discover(url, limits or FetchLimits(total_timeout=20)))
