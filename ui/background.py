"""Work that must never run on the UI thread: syncs and database writes.

Results come back to the UI thread by queued signals; the window only holds ids and asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

from reader.storage import Storage
from reader.types import SyncProgress, SyncReport

if TYPE_CHECKING:
    from reader.sync import Sync


class _SyncThread(QThread):
    progress = Signal(object)  # SyncProgress, emitted from this thread, delivered queued
    report = Signal(object)  # SyncReport

    def __init__(self, sync: Sync, source_ids: list[int] | None) -> None:
        super().__init__()
        self.sync = sync
        self.source_ids = source_ids

    def run(self) -> None:
        try:
            result = self.sync.run(self.source_ids)
        except Exception as error:  # a storage failure: report it, never crash the window
            result = SyncReport(cancelled=True, error=str(error))
        self.report.emit(result)


class SyncController(QObject):
    """At most one sync at a time; progress and the final report arrive as signals."""

    progress = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    started = Signal()

    def __init__(
        self, storage: Storage, cache_dir: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.storage = storage
        self.cache_dir = cache_dir  # where the articles' images are kept (None: not at all)
        self._thread: _SyncThread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(
        self, source_ids: Iterable[int] | None = None, due_only: bool = False,
        capture_articles: Iterable[int] = (),
    ) -> bool:  # fmt: skip
        """A sync (then its full articles, then the search index). With `capture_articles`,
        only those articles' pages are fetched ("Try again"); with `source_ids` [] and
        nothing else, only the search index catches up."""
        if self._thread is not None:
            return False
        # Imported here: aiohttp and feedparser are a tenth of a second of every start.
        from reader.sync import Sync, SyncOptions

        # forkserver: forking a process that runs Qt threads could copy a held lock.
        articles = tuple(capture_articles)
        options = SyncOptions(due_only=due_only, start_method="forkserver",
                              capture_only=bool(articles), capture_articles=articles,
                              cache_dir=self.cache_dir)  # fmt: skip
        thread = _SyncThread(Sync(self.storage, options, self._relay),
                             list(source_ids) if source_ids is not None else None)  # fmt: skip
        thread.progress.connect(self.progress)
        thread.report.connect(self._done)
        self._thread = thread
        thread.start()
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.sync.cancel()

    def wait(self, ms: int = 30_000) -> None:
        if self._thread is not None:
            self._thread.sync.cancel()
            self._thread.wait(ms)

    def _relay(self, progress: SyncProgress) -> None:
        if self._thread is not None:
            self._thread.progress.emit(progress)

    def _done(self, report: SyncReport) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        self.finished.emit(report)


class BackgroundQueue(QObject):
    """One worker thread; results come back on the UI thread.

    The window has two: one for its own database writes (marks, renames), so the UI never
    waits on a lock a sync holds, and one for network work such as feed discovery.
    """

    done = Signal(object, object)  # callback, result — delivered on the UI thread

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=f"kabar-{name}")
        self._closed = False
        self.done.connect(lambda callback, result: callback(result))

    def submit(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None
    ) -> Future[Any] | None:
        if self._closed:  # a timer that fires while the window closes: nothing to do
            return None
        future = self._pool.submit(fn, *args)
        if then is not None:
            future.add_done_callback(lambda f: self.done.emit(then, _result(f)))
        return future

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True)


def _result(future: Future[Any]) -> Any:
    error = future.exception()
    return error if error is not None else future.result()
