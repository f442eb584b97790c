"""Full-article capture, network side: fetch article pages politely, extract, keep.

At most `per_host` pages per site at once (the same limit as feeds), the feed fetcher's
timeouts and size cap, and extraction in the sync's worker processes (trafilatura is CPU
work). Every page's result is written as it comes, so a cancelled or killed capture keeps
what it finished and the next one takes up the rest (reader.capture.jobs).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from reader.capture import CaptureJob, store_failure, store_success
from reader.errors import FetchError, KabarError
from reader.fetch import Fetcher, HttpStatusError, NetworkError
from reader.urls import host_of

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(frozen=True)
class CaptureReport:
    saved: int = 0
    failed: int = 0
    cancelled: bool = False
    saved_ids: tuple[int, ...] = ()  # their pictures are fetched next


def _charset(headers: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """The page's media type and declared charset, from its Content-Type."""
    value = next((v for k, v in headers if k.lower() == "content-type"), "")
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, found = param.strip().partition("=")
        if name.lower() == "charset" and found:
            charset = found.strip().strip('"')
    return media.strip().lower(), charset


def _extract(body: bytes, url: str, summary: str, charset: str | None) -> Any:
    """Runs in a worker process; imported there so the window never loads trafilatura."""
    from reader.extract import extract_article

    return extract_article(body, url, summary, charset=charset)


class Capture:
    """One capture run over a list of jobs. `should_stop` may turn true from any thread."""

    def __init__(
        self, storage: Any, fetcher: Fetcher, extractor: Executor | None, writer: Executor,
        should_stop: Callable[[], bool], on_progress: Callable[[int, int], None] | None = None,
    ) -> None:  # fmt: skip
        self.storage, self.fetcher = storage, fetcher
        self.extractor, self.writer = extractor, writer
        self.should_stop = should_stop
        self.on_progress = on_progress
        self._done = self._total = 0
        self._saved: list[int] = []
        # Servers that gave no answer at all: their other pages wait for the next run, with
        # no attempt spent (a dead site would otherwise cost every page its timeout).
        self._silent: set[str] = set()

    async def run(self, jobs: list[CaptureJob]) -> CaptureReport:
        per_host: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.fetcher.limits.per_host)
        )
        overall = asyncio.Semaphore(self.fetcher.limits.connections)

        async def one(job: CaptureJob) -> None:
            server = urlsplit(job.url).netloc.lower()
            async with per_host[server], overall:
                if self.should_stop():
                    return
                if server in self._silent:
                    return  # not done: counted as what is left for next time
                await self._capture(job, server)
                self._done += 1
                if self.on_progress is not None:
                    self.on_progress(self._done, len(jobs))

        self._total = len(jobs)
        await asyncio.gather(*(one(job) for job in jobs))
        return self.report()

    def report(self) -> CaptureReport:
        """What was saved so far: also right after a deadline cut the run short."""
        failed = self._done - len(self._saved)
        return CaptureReport(len(self._saved), failed, self._done < self._total,
                             tuple(self._saved))  # fmt: skip

    async def _capture(self, job: CaptureJob, server: str) -> None:
        now = datetime.now(UTC)
        try:
            extracted = await self._page(job)
        except NetworkError as error:
            self._silent.add(server)
            await self._write(store_failure, self.storage, job, str(error), now)
            return
        except KabarError as error:
            await self._write(store_failure, self.storage, job, str(error), now)
            return
        await self._write(store_success, self.storage, job, extracted, now)
        self._saved.append(job.article_id)

    async def _page(self, job: CaptureJob) -> Any:
        try:
            fetched = await self.fetcher.fetch(job.url, accept=PAGE_ACCEPT, what="article page")
        except HttpStatusError as error:
            raise FetchError(f"The article page on {host_of(job.url)} answered HTTP "
                             f"{error.status}; the feed's text is kept.") from None  # fmt: skip
        media, charset = _charset(fetched.headers)
        if media not in HTML_TYPES:
            raise FetchError(f"{host_of(job.url)} sent {media}, not a web page; the feed's text "
                             "is kept.")  # fmt: skip
        loop = asyncio.get_running_loop()
        args = (fetched.body or b"", fetched.final_url, job.summary_text, charset)
        try:
            return await loop.run_in_executor(self.extractor, _extract, *args)
        except BrokenProcessPool:
            self.extractor = None  # a page crashed a worker: blame the page, go on here
            raise KabarError("The page crashed the extractor; the feed's text is kept.") from None

    async def _write(self, fn: Callable[..., None], *args: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(self.writer, fn, *args)
