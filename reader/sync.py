"""A sync: fetch many sources at once, parse off the event loop, write each result atomically.

Threads and processes: the asyncio loop does the network (at most `per_host` connections
per host, `connections` in all); parsing runs in a small process pool when there are many
sources (two cores: the parser is the bottleneck); one writer thread owns every database
write, so a slow write never stalls a download and writes never contend.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from reader.capture_run import CaptureReport
from reader.decide import WritePlan, failure_patch, plan_entries, success_patch
from reader.errors import FeedRejected, FetchError, KabarError
from reader.fetch import Fetcher, FetchLimits, HttpStatusError
from reader.parse import parse_feed
from reader.storage import Storage
from reader.types import (
    FetchOutcome,
    ParsedFeed,
    Source,
    SourceOutcome,
    SourceState,
    SyncProgress,
    SyncReport,
)
from reader.urls import host_of
from reader.workers import default_workers, start_pool

T = TypeVar("T")
ProgressCallback = Callable[[SyncProgress], None]
PROCESS_POOL_THRESHOLD = 8  # below this many sources, forking workers costs more than it saves
RECENT_IMAGES = 200  # newest articles whose missing images each sync tries again
IN_PROCESS_INDEX_LIMIT = 2000  # ~0.3 s of terms; more would hold a window's GIL too long


@dataclass(frozen=True)
class SyncOptions:
    limits: FetchLimits = field(default_factory=FetchLimits)
    deadline: float = 600.0  # seconds for the whole sync
    parse_workers: int | None = None  # None: decide by source count and cores; 0: in-process
    due_only: bool = False  # scheduled syncs skip sources whose interval has not passed
    # "fork" is cheapest from a single-threaded CLI; a GUI with threads wants "forkserver".
    start_method: str = "fork"
    capture: bool = True  # then fetch full articles of sources that want them (reader.capture)
    capture_only: bool = False  # no feeds: only what is missing ("kabar capture", "Try again")
    capture_articles: tuple[int, ...] = ()  # capture exactly these, whatever their source wants
    capture_deadline: float = 600.0
    images_deadline: float = 300.0  # the pictures phase; the rest waits for the next sync
    cache_dir: Path | None = None  # keep the articles' images there (None: no images)


class Sync:
    """One sync run over some sources. `cancel()` may be called from any thread."""

    def __init__(
        self, storage: Storage, options: SyncOptions | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:  # fmt: skip
        self.storage = storage
        self.options = options or SyncOptions()
        self.on_progress = on_progress
        self._cancelled = threading.Event()
        self._outcomes: list[SourceOutcome] = []
        self._parser: Executor | None = None
        self._totals = (0, 0, 0)  # new, updated, failed so far
        self.captured = CaptureReport()
        self.images = 0
        self._first_new_id = 0
        self._capture_sources: list[Source] = []

    def cancel(self) -> None:
        self._cancelled.set()

    def select(self, source_ids: Iterable[int] | None, now: datetime) -> list[Source]:
        explicit = source_ids is not None
        chosen = []
        for source in self.storage.sources(source_ids):
            if source.state == SourceState.GONE and not explicit:
                continue
            if self.options.due_only and source.next_due and source.next_due > now:
                continue
            chosen.append(source)
        return chosen

    def run(self, source_ids: Iterable[int] | None = None) -> SyncReport:
        sources = self.select(source_ids, datetime.now(UTC))
        self._capture_sources = sources
        self._first_new_id = self.storage.next_article_id()
        workers = self.options.parse_workers
        if workers is None:
            many = len(sources) >= PROCESS_POOL_THRESHOLD
            workers = default_workers() if many else 0
        # Fork the parsers before any thread exists (the loop's resolver, the writer).
        self._parser = start_pool(workers, self.options.start_method)
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="kabar-writer") as writer:
                cancelled = asyncio.run(self._run(sources, writer))
            if not cancelled:
                self._index(len(sources))
        finally:
            if self._parser is not None:
                self._parser.shutdown(cancel_futures=True)
        captured = self.captured
        return SyncReport(tuple(self._outcomes), cancelled, captured=captured.saved,
                          capture_failed=captured.failed, images=self.images)  # fmt: skip

    def _index(self, total: int) -> None:
        """Make what arrived searchable, in the parser processes (see reader.search_index).

        A failure here loses nothing: the queue stays, and the next sync or search drains it.
        """
        from reader.search_index import index_pending, pending_count

        waiting = pending_count(self.storage)
        if waiting > IN_PROCESS_INDEX_LIMIT and self._parser is None:
            self._parser = start_pool(default_workers(), self.options.start_method)

        def progress(done: int, of: int) -> None:
            if self.on_progress is not None:
                new, updated, failed = self._totals
                self.on_progress(SyncProgress(total, total, new, updated, failed,
                                              indexed=done, to_index=of))  # fmt: skip

        try:
            index_pending(self.storage, self._parser, progress, self._cancelled.is_set)
        except BrokenProcessPool:
            self._parser = None
            index_pending(self.storage, None, progress, self._cancelled.is_set)
        except KabarError:
            pass

    async def _run(self, sources: list[Source], writer: Executor) -> bool:
        per_host: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.options.limits.per_host)
        )
        overall = asyncio.Semaphore(self.options.limits.connections)
        known_urls = {s.url for s in self.storage.sources()}
        pending = {s.id: s for s in sources}
        if self.options.capture_only:
            sources, pending = [], {}
        self._report_progress(len(sources))
        async with Fetcher(self.options.limits) as fetcher:

            async def one(source: Source) -> None:
                async with per_host[_host_key(source.url)], overall:
                    if self._cancelled.is_set():
                        return
                    try:
                        outcome = await self._sync_one(fetcher, source, writer, known_urls)
                    except KabarError as error:  # storage trouble: say so, keep going
                        outcome = SourceOutcome(source.id, source.url, source.title,
                                                error=str(error))  # fmt: skip
                    except Exception as error:  # a bug must cost one source, not the sync
                        outcome = SourceOutcome(source.id, source.url, source.title, error=(
                            f"Kabar could not save this source ({type(error).__name__}); "
                            "it will try again next time."))  # fmt: skip
                pending.pop(source.id, None)
                self._outcomes.append(outcome)
                self._report_progress(len(sources))

            tasks = [asyncio.create_task(one(s)) for s in sources]
            watcher = asyncio.create_task(self._watch_cancel())
            try:
                async with asyncio.timeout(self.options.deadline):
                    everything: asyncio.Future[Any] = asyncio.gather(*tasks)
                    await asyncio.wait([everything, watcher], return_when=asyncio.FIRST_COMPLETED)
            except TimeoutError:
                pass
            finally:
                watcher.cancel()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            if self.options.capture and not self._cancelled.is_set():
                await self._capture(fetcher, writer, [s.id for s in self._capture_sources])
        if self.options.cache_dir is not None and not self._cancelled.is_set():
            await self._images(writer)
        reason = (
            "The sync was cancelled before this source was checked."
            if self._cancelled.is_set()
            else "The sync ran out of time before this source was checked."
        )
        for source in pending.values():
            self._outcomes.append(SourceOutcome(source.id, source.url, source.title, error=reason))
        return self._cancelled.is_set()

    async def _capture(self, fetcher: Fetcher, writer: Executor, source_ids: list[int]) -> None:
        """Full articles for what sources that want them brought (reader.capture_run)."""
        from reader.capture import capturing_sources, jobs, jobs_for
        from reader.capture_run import Capture

        def todo() -> list[Any]:
            if self.options.capture_articles:
                return jobs_for(self.storage, list(self.options.capture_articles))
            return jobs(self.storage, capturing_sources(self.storage, source_ids))

        work = await self._in(writer, todo)
        if not work:
            return
        if self._parser is None and len(work) > 2:  # extraction must not hold a window's GIL
            # forkserver: threads run by now, and a fork could copy a lock one of them holds.
            self._parser = await self._in(None, start_pool, default_workers(), "forkserver")
        total = len(self._outcomes)

        def progress(done: int, of: int) -> None:
            if self.on_progress is not None:
                new, updated, failed = self._totals
                self.on_progress(SyncProgress(total, total, new, updated, failed,
                                              captured=done, to_capture=of))  # fmt: skip

        capture = Capture(self.storage, fetcher, self._parser, writer, self._cancelled.is_set,
                          progress)  # fmt: skip
        try:
            async with asyncio.timeout(self.options.capture_deadline):
                self.captured = await capture.run(work)
        except TimeoutError:  # what was saved stays; the rest is picked up next time
            self.captured = capture.report()

    async def _images(self, writer: Executor) -> None:
        """Pictures of what this sync brought (and of the newest articles, in case an earlier
        sync missed some), so articles show them offline. Failures only cost placeholders."""
        from reader.image_fetch import fetch_images
        from reader.images import ImageCache
        from reader.offline_images import images_of

        assert self.options.cache_dir is not None
        ids = await self._in(writer, self.storage.recent_ids, self._first_new_id, RECENT_IMAGES)
        work = await self._in(writer, images_of, self.storage, [*ids, *self.captured.saved_ids])
        cache = await self._in(writer, ImageCache, self.options.cache_dir)
        for urls, private in ((work.public, False), (work.private, True)):
            if urls:
                found = await fetch_images(cache, urls, self.options.limits,
                                           should_stop=self._cancelled.is_set,
                                           allow_private=private,
                                           deadline=self.options.images_deadline)  # fmt: skip
                self.images += len(found.stored)

    async def _watch_cancel(self) -> None:
        while not self._cancelled.is_set():
            await asyncio.sleep(0.1)

    def _report_progress(self, total: int) -> None:
        if self.on_progress is None:
            return
        last = self._outcomes[-1] if self._outcomes else None
        if last is not None:  # running totals: recounting every outcome each time is quadratic
            self._totals = (self._totals[0] + last.new, self._totals[1] + last.updated,
                            self._totals[2] + bool(last.error))  # fmt: skip
        new, updated, failed = self._totals
        self.on_progress(
            SyncProgress(done=len(self._outcomes), total=total, new=new, updated=updated,
                         failed=failed, last=last)
        )  # fmt: skip

    async def _in(self, executor: Executor | None, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    async def _sync_one(
        self, fetcher: Fetcher, source: Source, writer: Executor, known_urls: set[str]
    ) -> SourceOutcome:
        now = datetime.now(UTC)
        base = SourceOutcome(source.id, source.url, source.title)
        if source.retry_not_before and source.retry_not_before > now:
            local = source.retry_not_before.astimezone().strftime("%H:%M")
            return _with(base, error=f"Skipped: the server asked Kabar to wait until {local}.")
        try:
            fetched = await fetcher.fetch(source.url, source.etag, source.last_modified)
        except HttpStatusError as error:
            patch = failure_patch(source, str(error), now, error.status, error.retry_after)
            await self._in(writer, self.storage.patch_source, source.id, patch)
            return _with(base, error=str(error))
        except FetchError as error:
            await self._in(writer, self.storage.patch_source, source.id,
                           failure_patch(source, str(error), now))  # fmt: skip
            return _with(base, error=str(error))
        taken = fetched.permanent_redirect in known_urls
        body_hash = hashlib.sha1(fetched.body or b"", usedforsecurity=False).hexdigest()
        if fetched.status == 304 or (fetched.body is not None and body_hash == source.body_hash):
            patch = success_patch(source, fetched, now, taken, body_hash=source.body_hash)
            await self._in(writer, self.storage.patch_source, source.id, patch)
            return _with(base, not_modified=True)
        try:
            feed = await self._parse(fetched)
        except KabarError as error:
            await self._in(writer, self.storage.patch_source, source.id,
                           failure_patch(source, str(error), now))  # fmt: skip
            return _with(base, error=str(error))
        plan = await self._in(writer, self._plan_and_apply, source, feed, fetched, now, taken,
                              body_hash)  # fmt: skip
        return _with(base, title=source.title or feed.title, new=plan.new, updated=plan.updated,
                     warning=feed.warning)  # fmt: skip

    def _plan_and_apply(
        self, source: Source, feed: ParsedFeed, fetched: FetchOutcome, now: datetime,
        taken: bool, body_hash: str,
    ) -> WritePlan:  # fmt: skip
        """Runs on the writer thread: read what is stored, decide, write — in one transaction,
        so another Kabar syncing the same archive cannot change what the plan was made from."""
        patch = success_patch(source, fetched, now, taken, body_hash=body_hash, feed=feed)
        return self.storage.decide_and_apply(
            source.id, lambda stored: plan_entries(source, feed.entries, stored, now, patch)
        )

    async def _parse(self, fetched: FetchOutcome) -> ParsedFeed:
        args = (fetched.body or b"", fetched.final_url, dict(fetched.headers))
        try:
            return await self._in(self._parser, parse_feed, *args)
        except KabarError:
            raise
        except BrokenProcessPool:
            # A parser process died (the document crashed it): blame this feed, carry on.
            if self._parser is not None:
                self._parser.shutdown(wait=False)
            self._parser = None
            raise FeedRejected("The feed crashed the parser; Kabar skipped it.") from None
        except Exception as error:
            raise FeedRejected(
                f"Kabar could not read this feed ({type(error).__name__}: {error})."
            ) from None


def _host_key(url: str) -> str:
    """host:port, as aiohttp's own per-host limit counts (a port is another server)."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return host_of(url)


def _with(base: SourceOutcome, **changes: Any) -> SourceOutcome:
    return SourceOutcome(**{**base.__dict__, **changes})
