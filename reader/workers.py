"""Worker processes for CPU-bound work (parsing feeds, computing search terms).

Two cores and the GIL: pure-Python parsing and stemming scale only across processes. Workers
die with their parent, so a killed `kabar sync` or window leaves no orphans behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1


def start_pool(workers: int, start_method: str = "fork") -> ProcessPoolExecutor | None:
    """A ready pool of `workers` processes, or None when none can be had (then work in-process).

    "fork" is cheapest from a single-threaded CLI; a GUI with threads wants "forkserver"
    (forking a process that runs Qt threads could copy a held lock). Call it before starting
    threads of your own when using "fork".
    """
    if workers <= 0:
        return None
    pool = ProcessPoolExecutor(
        workers, multiprocessing.get_context(start_method), initializer=_die_with_parent,
        initargs=(os.getpid() if start_method == "fork" else None,),
    )  # fmt: skip
    try:
        pool.submit(os.getpid).result(timeout=30)
    except Exception:
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


@contextmanager
def pool_if(wanted: bool, start_method: str = "fork") -> Iterator[ProcessPoolExecutor | None]:
    """A pool for the block when `wanted` (and one can be had), else None."""
    pool = start_pool(default_workers(), start_method) if wanted else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def default_workers() -> int:
    return min(2, os.cpu_count() or 1)


def _die_with_parent(parent: int | None) -> None:
    """`parent` is the forking process when known (fork); with forkserver or spawn the
    worker's parent is whoever started it, and that is what it watches."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:  # portable fallback for systems without PDEATHSIG
        time.sleep(1)
    os._exit(1)
