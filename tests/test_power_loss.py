"""A power cut: the disk holds only part of what was written since the last checkpoint.

Kabar keeps SQLite in WAL mode with synchronous=NORMAL: the write-ahead log is flushed to the
disk at checkpoints, so a power cut can lose the log's unflushed tail (or leave garbage
where its last sectors were being written), never the checkpointed database. Each case here
is a copy of a live archive whose log is cut or spoiled at a different point; the archive
must open, pass integrity_check, keep everything checkpointed before, and sync again.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import event

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter
from tests.feedserver import FeedServer
from tests.test_crash import feed, snapshot

WAL_HEADER = 32
FRAME_HEADER = 24
CASES = 12


def live_archive(
    folder: Path, server: FeedServer
) -> tuple[Storage, dict[int, tuple[str, int, int]]]:
    """An archive with a checkpointed part (read marks, stars) and a newer sync still only in
    the log; the storage stays open, so the log is not folded back on close."""
    storage = Storage(folder / DB_FILENAME)
    for n in range(6):
        storage.add_source(server.add(f"/pl/{n}.xml", feed(n, 0)))
    Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    ids = [a.id for a in storage.articles(ArticleFilter(), 1000)]
    storage.mark(ids[::3], read=True)
    storage.mark(ids[::7], starred=True)
    with sqlite3.connect(folder / DB_FILENAME) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # what a power cut can no longer touch
    checkpointed = snapshot(folder)
    for n in range(6):
        server.set_body(f"/pl/{n}.xml", feed(n, 2))
    Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    storage.mark(ids[1::5], starred=True)
    return storage, checkpointed


def disk_after_power_cut(live: Path, into: Path, rng: random.Random, garbage: bool) -> int:
    """Copy the archive as the disk may hold it: the log cut at a random byte, or with its
    tail overwritten by random bytes. The number of log bytes kept intact."""
    into.mkdir()
    shutil.copy(live / DB_FILENAME, into / DB_FILENAME)
    log = (live / f"{DB_FILENAME}-wal").read_bytes()
    keep = rng.randrange(WAL_HEADER + FRAME_HEADER, len(log))
    tail = rng.randbytes(len(log) - keep) if garbage else b""
    (into / f"{DB_FILENAME}-wal").write_bytes(log[:keep] + tail)
    return keep


def test_a_power_cut_anywhere_in_the_log_loses_nothing_checkpointed(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    live = tmp_path / "live"
    storage, checkpointed = live_archive(live, feed_server)
    wal_size = (live / f"{DB_FILENAME}-wal").stat().st_size
    assert wal_size > 100_000  # the newer sync really is only in the log
    rng = random.Random(2026)
    for case in range(CASES):
        copy = tmp_path / f"cut-{case}"
        disk_after_power_cut(live, copy, rng, garbage=case % 2 == 1)
        reopened = Storage(copy / DB_FILENAME)  # the app's own way in: no error
        reopened.close()
        after = snapshot(copy)  # integrity_check ok, unread counters agree
        assert checkpointed.items() <= after.items(), f"case {case} lost checkpointed data"
    storage.close()
    last = tmp_path / f"cut-{CASES - 1}"
    kabar = str(Path(sys.executable).with_name("kabar"))
    run = subprocess.run([kabar, "--data-dir", str(last), "sync", "--no-capture"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0 and " 0 failed" in run.stdout, run.stdout + run.stderr
    assert len(snapshot(last)) == 6 * 30 * 3  # what the cut took is fetched again


def test_the_readers_marks_are_flushed_at_their_commit_and_syncs_are_not(tmp_path: Path) -> None:
    # No file system here can drop unflushed writes on demand, so this checks the order
    # SQLite is told: a mark commits under synchronous=FULL (the log is flushed before the
    # commit returns), and the pooled connection goes back to NORMAL for the next sync write.
    storage = Storage(tmp_path / DB_FILENAME)
    statements: list[str] = []
    event.listen(storage.db.engine, "connect",
                 lambda dbapi, _record: dbapi.set_trace_callback(statements.append))  # fmt: skip
    storage.db.engine.dispose()  # new connections, traced
    source = storage.add_source("http://127.0.0.1:9/feed.xml")
    statements.clear()
    storage.mark([1, 2], starred=True)
    flow = [s.split()[0].upper() + (" " + s.split()[1] if s.upper().startswith("PRAGMA") else "")
            for s in statements]  # fmt: skip
    assert (
        flow.index("PRAGMA synchronous=FULL")
        < flow.index("COMMIT")
        < flow.index("PRAGMA synchronous=NORMAL")
    )
    statements.clear()
    storage.update_source(source.id, title="Другое имя")  # an ordinary write: no extra flush
    assert not any("synchronous" in s for s in statements)
    storage.close()
