"""Downloading articles' images into the offline cache (reader.images), politely and safely.

Apart from reader.images so that showing cached images (the window, at start) never loads
the HTTP stack.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from reader.errors import FetchError, KabarError
from reader.fetch import Fetcher, FetchLimits, HttpStatusError, NetworkError
from reader.image_check import MAX_IMAGE_BYTES, ImageRefused
from reader.images import ImageCache, ImageReport, url_key
from reader.urls import WEB_SCHEMES, host_of, is_private_host


class ImageTooBig(ImageRefused, FetchError):
    """Raised inside Fetcher's size check: a FetchError to it, a lasting refusal to us."""


class _ImageFetcher(Fetcher):
    def _too_big(self, host: str, what: str) -> str:
        raise ImageTooBig(f"The image from {host} is larger than {self.limits.max_bytes >> 20} MB.")


async def fetch_images(
    cache: ImageCache, urls: Iterable[str], limits: FetchLimits | None = None,
    per_host: int = 2, connections: int = 8, should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None, allow_private: bool = False,
    deadline: float | None = None,
) -> ImageReport:  # fmt: skip
    """Download and keep the images not cached yet. Lasting failures (refused files, 4xx) are
    remembered, and retried after days; network trouble is retried at the next call.

    A host that gave no answer at all (its name, connection or time failed) is not asked for
    its other images in this call: a thousand pictures on one dead CDN took an hour each
    sync, one timeout after another. After `deadline` seconds the rest waits as well.

    `allow_private`: only for images of a feed that is itself on a private network; a public
    feed must not make Kabar send requests into the user's own network.
    """
    asked = list(urls)
    wanted = await asyncio.to_thread(cache.missing, asked)
    report = ImageReport(skipped=len({url_key(url) for url in asked}) - len(wanted))
    base = limits or FetchLimits()
    limits = dataclasses.replace(
        base, max_bytes=min(base.max_bytes, MAX_IMAGE_BYTES), per_host=per_host,
        connections=connections,
    )  # fmt: skip
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    overall, done = asyncio.Semaphore(connections), 0
    silent: dict[str, str] = {}  # host:port → why it gave no answer

    async def one(url: str, fetcher: Fetcher) -> None:
        nonlocal done
        server = _netloc(url)
        async with hosts[host_of(url)], overall:
            if should_stop is not None and should_stop():
                report.stopped = True
                return
            if server in silent:
                report.failures[url] = silent[server]  # not remembered: asked again next sync
            elif (why := await _fetch_one(cache, fetcher, url, report, allow_private)) is not None:
                silent[server] = why
        done += 1
        if on_progress is not None:
            on_progress(done, len(wanted))

    async with _ImageFetcher(limits) as fetcher:
        try:
            async with asyncio.timeout(deadline):
                await asyncio.gather(*(one(url, fetcher) for url in wanted))
        except TimeoutError:  # what was stored stays; the rest is asked for next time
            report.stopped = True
    return report


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


async def _fetch_one(
    cache: ImageCache, fetcher: Fetcher, url: str, report: ImageReport, allow_private: bool
) -> str | None:
    """Fetch and keep one image; the reason when its host gave no answer at all."""
    host = host_of(url)
    try:
        if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
            raise ImageRefused("Only http and https images are downloaded.")
        if is_private_host(host) and not allow_private:
            raise ImageRefused(f"{host} is a private network address; Kabar did not ask it.")
        outcome = await fetcher.fetch(url, what="picture")
        report.stored.append(await asyncio.to_thread(cache.store, url, outcome.body or b""))
        return None
    except NetworkError as error:
        report.failures[url] = str(error)
        return str(error)
    except HttpStatusError as error:
        reason = f"{host} answered HTTP {error.status} for the image."
        lasting = 400 <= error.status < 500 and error.status not in (408, 429)
    except ImageRefused as error:
        reason, lasting = str(error), True
    except (KabarError, OSError, sqlite3.Error) as error:
        reason, lasting = str(error), False  # offline, timeouts, 5xx: try again next sync
    report.failures[url] = reason
    if lasting:
        await asyncio.to_thread(cache.record_failure, url, reason)
    return None
