"""Subscribing: from what a user typed (a feed or a web page) to a feed address to follow."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from reader.discover import find_feeds, guess_feed_urls, looks_like_feed
from reader.errors import FetchError, KabarError, UsageError
from reader.fetch import Fetcher, FetchLimits
from reader.parse import parse_feed
from reader.types import FetchOutcome
from reader.urls import normalize_user_url

MAX_CANDIDATES = 10  # a page that links to many "feeds" must not turn into a crawl


@dataclass(frozen=True)
class FoundCandidate:
    url: str
    title: str | None
    entries: int


@dataclass(frozen=True)
class Discovery:
    feed_url: str
    title: str | None
    alternatives: tuple[str, ...] = ()
    checked: bool = True  # False: the address could not be fetched now and was taken as typed
    note: str | None = None


def _content_type(fetched: FetchOutcome) -> str | None:
    return next((v for k, v in fetched.headers if k.lower() == "content-type"), None)


async def _feed_at(fetcher: Fetcher, url: str) -> FoundCandidate | None:
    try:
        fetched = await fetcher.fetch(url)
    except FetchError:
        return None
    if not looks_like_feed(fetched.body or b"", _content_type(fetched)):
        return None
    try:
        feed = parse_feed(fetched.body or b"", fetched.final_url, dict(fetched.headers))
    except KabarError:
        return None
    return FoundCandidate(fetched.final_url, feed.title, len(feed.entries))


async def _candidates(url: str, limits: FetchLimits, wanted: int) -> list[FoundCandidate]:
    """The feeds at `url`: itself if it is one, else those its page declares or guesses."""
    async with Fetcher(limits) as fetcher:
        first = await fetcher.fetch(url)  # FetchError: the caller decides what that means
        body = first.body or b""
        if looks_like_feed(body, _content_type(first)):
            feed = parse_feed(body, first.final_url, dict(first.headers))
            return [FoundCandidate(first.final_url, feed.title, len(feed.entries))]
        declared = [f.url for f in find_feeds(body, first.final_url)]
        guesses = guess_feed_urls(first.final_url)
        found: list[FoundCandidate] = []
        for candidate in list(dict.fromkeys([*declared, *guesses]))[:MAX_CANDIDATES]:
            feed_found = await _feed_at(fetcher, candidate)
            if feed_found and feed_found.url not in {f.url for f in found}:
                found.append(feed_found)
            if len(found) >= wanted or (found and candidate not in declared):
                break  # guessed paths are a last resort: one hit is enough
        return found


def _user_url(text: str) -> str:
    try:
        return normalize_user_url(text)
    except ValueError as error:
        raise UsageError(str(error)) from None


def find_candidates(text: str, limits: FetchLimits | None = None) -> list[FoundCandidate]:
    """Every feed found for what the user typed (for a dialog to choose from)."""
    url = _user_url(text)
    found = asyncio.run(_candidates(url, limits or FetchLimits(total_timeout=20), wanted=8))
    if not found:
        raise UsageError(f"No feed was found at {url}: it is a web page that links to no feed.")
    return found


def discover(text: str, limits: FetchLimits | None = None) -> Discovery:
    """Resolve what the user typed to a feed; fetch failures keep the address as typed."""
    url = _user_url(text)
    try:
        found = asyncio.run(_candidates(url, limits or FetchLimits(total_timeout=20), wanted=4))
    except FetchError as error:
        return Discovery(url, None, checked=False, note=str(error))
    if not found:
        raise UsageError(f"No feed was found at {url}: it is a web page that links to no feed.")
    first, *rest = found
    return Discovery(first.url, first.title, tuple(f.url for f in rest))
