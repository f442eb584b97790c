#!/usr/bin/env python3
"""Window benchmark: start, view switches, scrolling and a sync of Kabar's window at 100k / 1M.

Databases come from archive_bench.py (its generator and cache), copied once per size to a
temporary data dir; the sources a run adds are deleted after it. Each run is a fresh process
under Xvfb (xcb) running `kabar --data-dir DIR` itself (ui.launcher.main → ui.app.run) with
ui.app's Storage, MainWindow and QApplication wrapped to take times and install probes.
"start →" times count from just before Popen (CLOCK_MONOTONIC is shared by processes).
"Painted": the event loop came back after the table's viewport got a paint event. Stalls: the
longest gap between ticks of a 5 ms timer on the UI thread (about 5 ms is no stall). The sync
fetches generated RSS feeds from a tests/feedserver.py FeedServer in this process.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore  # in the window process only after reader.cli, as in kabar

if TYPE_CHECKING:
    import random
    import subprocess

HERE = Path(__file__).resolve().parent
INI = "[sync]\ninterval_minutes=0\n\n[ui]\nlanguage=ru\n"  # no start-up sync; Russian UI
FIRST_FRAME = "first frame (table painted)"
# The window process starts like the `kabar` console script: reader.cli (through ui.launcher)
# is imported before PySide6, which matters: modules imported after PySide6 cost more.
BOOT = (f"import sys, time; up = time.monotonic(); import ui.launcher; "
        f"sys.path.insert(0, {str(HERE)!r}); import ui_bench; "
        f"ui_bench.run_child(sys.argv[1], up)")  # fmt: skip


def now_ms(t0: float) -> float:
    return (time.monotonic() - t0) * 1000


def rss_mb(field: str = "VmRSS") -> float:
    """From /proc: VmHWM is this process's peak (ru_maxrss would survive exec)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split(f"{field}:")[1].split()[0]) / 1024


# -- the window process ----------------------------------------------------------------------


class Probe(QtCore.QObject):
    """Paint events of the window and of the table's viewport; `painted` after each frame."""

    painted = QtCore.Signal()

    def __init__(self, window: Any, t0: float, marks: dict[str, float]) -> None:
        super().__init__()
        self.t0, self.marks, self.pending, self.done_at = t0, marks, False, 0.0
        window.installEventFilter(self)
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # Qt override
        if event.type() != QtCore.QEvent.Type.Paint:
            return False
        if obj.isWindow():
            self.marks.setdefault("first window paint event", now_ms(self.t0))
        elif not self.pending:
            self.pending = True
            QtCore.QTimer.singleShot(0, self._flushed)  # runs once the frame is flushed
        return False

    def _flushed(self) -> None:
        self.pending, self.done_at = False, time.perf_counter()
        self.marks.setdefault(FIRST_FRAME, now_ms(self.t0))
        self.painted.emit()


class Stalls(QtCore.QObject):
    """A 5 ms timer on the UI thread; the longest gap between its ticks is the stall."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QtCore.QTimer(self)
        self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.ticks: list[float] = []

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start(5)

    def longest(self, until: float | None = None) -> float:
        self.timer.stop()
        ticks = [t for t in self.ticks if until is None or t <= until]
        ticks.append(until or time.perf_counter())
        return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def wait(signal: Any, timeout_ms: int) -> bool:
    loop, fired = QtCore.QEventLoop(), []

    def slot(*_: Any) -> None:
        fired.append(1)
        loop.quit()

    signal.connect(slot)
    QtCore.QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(slot)
    return bool(fired)


def idle(ms: int) -> None:
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    loop.exec()


def timed_view(probe: Probe, action: Callable[[], Any]) -> float:
    """An action that changes the list, then until its frame is on screen."""
    idle(100)
    start = time.perf_counter()
    action()
    if not wait(probe.painted, 20_000):
        raise RuntimeError("the table was not painted")
    return (probe.done_at - start) * 1000


def run_child(job_json: str, up: float) -> None:
    job = json.loads(job_json)
    Path(job["out"]).write_text(json.dumps(child(job, up)))


def child(job: dict[str, Any], up: float) -> dict[str, Any]:
    """The window process: `kabar --data-dir DIR` itself (ui.launcher.main → ui.app.run), with
    ui.app's Storage, MainWindow and QApplication wrapped to take times, then the scenario."""
    t0, out, marks = job["t0"], dict[str, Any](), dict[str, float]()
    marks["python up"] = (up - t0) * 1000
    from PySide6.QtWidgets import QApplication

    import ui.app  # what ui.launcher._open_window imports first (reader.cli is in BOOT)
    from ui.launcher import main as kabar

    marks["imports done"] = now_ms(t0)
    out["RSS after imports MB"] = rss_mb()
    names = vars(ui.app)  # the module's globals, which run() looks up when it is called
    real_storage, real_window = names["Storage"], names["MainWindow"]

    def storage(*args: Any) -> Any:
        marks["QApplication"] = now_ms(t0)
        opened = real_storage(*args)
        marks["Storage()"] = now_ms(t0)
        return opened

    def main_window(*args: Any) -> Any:
        marks["settings + translator"] = now_ms(t0)
        window = out["window"] = real_window(*args)
        marks["MainWindow()"] = now_ms(t0)
        out["probe"] = Probe(window, t0, marks)
        return window

    class App(QApplication):  # what run() constructs
        def exec(self) -> int:  # type: ignore[override]  # called on the instance
            marks["show(), event loop entered"] = now_ms(t0)
            QtCore.QTimer.singleShot(0, lambda: scenario(self, job, out))
            return int(super().exec())

    names.update(Storage=storage, MainWindow=main_window, QApplication=App)
    argv = ["--data-dir", job["dir"]]
    if job["profile"]:
        import cProfile

        cProfile.runctx("kabar(argv)", globals(), {"kabar": kabar, "argv": argv}, job["profile"])
    else:
        kabar(argv)
    del out["window"], out["probe"]
    samples = [v for k, v in out.items() if k.startswith("RSS")]
    out["peak RSS MB"] = max(rss_mb("VmHWM"), *samples)  # VmHWM is updated lazily
    return {"marks": marks, **out}


def scenario(app: Any, job: dict[str, Any], out: dict[str, Any]) -> None:
    from reader.types import ArticleFilter

    window, probe = out["window"], out["probe"]
    try:
        if FIRST_FRAME not in probe.marks:
            wait(probe.painted, 20_000)
        idle(300)  # the start settles
        out["RSS after start MB"] = rss_mb()
        views = out["views"] = {}
        views["All: model.show"] = timed_view(probe, lambda: window.model.show(ArticleFilter()))
        for name, key in job["views"].items():  # ends on "all"
            views[name] = timed_view(probe, partial(window.sources.select_key, key))
        scroll(app, window, probe, out)
        sync(window, job, out)
    except Exception as error:  # reported by the orchestrator
        out["error"] = repr(error)
    window.close()
    app.quit()


def scroll(app: Any, window: Any, probe: Probe, out: dict[str, Any]) -> None:
    """Drag the scrollbar to the bottom until the whole list is loaded."""
    bar, model, root, stalls = window.table.verticalScrollBar(), window.model, None, Stalls()
    root = QtCore.QModelIndex()
    idle(100)
    stalls.start()
    start, steps = time.perf_counter(), 0
    while model.canFetchMore(root):
        bar.setValue(bar.maximum())  # the view calls fetchMore at the maximum
        app.processEvents()
        steps += 1
    bar.setValue(bar.maximum())
    wait(probe.painted, 20_000)
    out["scroll to end s"] = time.perf_counter() - start
    out["scroll stall ms"] = stalls.longest()
    out["scroll steps"], out["rows loaded"] = steps, model.rowCount()
    out["RSS after scroll MB"] = rss_mb()
    out["refresh() at end ms"] = timed_view(probe, window.refresh)  # as after each sync


def sync(window: Any, job: dict[str, Any], out: dict[str, Any]) -> None:
    """A sync of the served feeds, from the top of All; the longest gap until it reports."""
    window.model.show(window.sources.current_filter())
    ids = [window.storage.add_source(url, f"Bench {i}", "Bench").id
           for i, url in enumerate(job["feeds"])]  # fmt: skip
    window.refresh()
    idle(300)
    out["paging, idle: stall ms"] = paging(window)
    window.table.scrollToTop()
    idle(300)
    stalls, emitted, ended = Stalls(), [], []
    window.syncer.finished.connect(lambda r: ended.append((time.perf_counter(), r)))
    stalls.start()
    start = time.perf_counter()
    window.sync(ids)
    window.syncer._thread.report.connect(  # in the sync thread, as it emits
        lambda _r: emitted.append(time.perf_counter()), QtCore.Qt.ConnectionType.DirectConnection
    )
    deadline = time.monotonic() + 600
    while not ended and time.monotonic() < deadline:
        idle(50)
    idle(100)
    if not ended or not emitted:
        raise RuntimeError("the sync did not finish")
    out["sync s"], out["sync new"] = emitted[0] - start, ended[0][1].new
    out["sync failures"] = len(ended[0][1].failures)
    out["sync stall ms"] = stalls.longest(emitted[0])
    out["sync finish handler ms"] = (ended[0][0] - emitted[0]) * 1000
    out["sync stall incl. finish ms"] = stalls.longest()
    out["paging after sync: stall ms"] = paging(window)  # what runs after a sync runs now
    out["RSS after sync MB"] = rss_mb()


def paging(window: Any, seconds: float = 3.0) -> float:
    """A reader paging down the list, a page every 30 ms; the longest stall meanwhile."""
    bar, stalls, until = window.table.verticalScrollBar(), Stalls(), time.monotonic() + seconds
    stalls.start()
    while time.monotonic() < until:
        bar.setValue(bar.value() + bar.pageStep())
        idle(30)
    return stalls.longest()


# -- the orchestrator ------------------------------------------------------------------------


def rss_feed(index: int, items: int, rng: random.Random) -> bytes:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    words = ["жаңалықтар", "новости", "Астана", "Алматы", "экономика", "спорт", "news", "court"]
    now, parts = datetime.now(UTC).replace(microsecond=0), []
    for i in range(items):
        title = escape(" ".join(rng.choices(words, k=rng.randint(4, 10))).capitalize())
        body = escape(f"<p>{' '.join(rng.choices(words, k=rng.randint(80, 200)))}</p>")
        link = f"https://bench{index}.example.kz/{i}"
        parts.append(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>{format_datetime(now - timedelta(minutes=7 * i + index))}"
                     f"</pubDate><description>{body}</description></item>")  # fmt: skip
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench '
            f"{index}</title><link>https://bench{index}.example.kz/</link>{''.join(parts)}"
            f"</channel></rss>").encode()  # fmt: skip


def cached_db(args: argparse.Namespace, n: int) -> Path:
    """archive_bench's database for n articles: reused while its marker matches, else made."""
    import sqlite3

    import archive_bench as ab

    from reader.migrations import LATEST_VERSION

    name = f"kabar-{n}-s{args.sources}-seed{args.seed}-v{LATEST_VERSION}.sqlite3"
    db: Path = args.cache_dir / name
    marker = json.dumps([n, args.sources, args.seed, LATEST_VERSION])
    if db.exists():
        with sqlite3.connect(db) as con:
            found = con.execute("SELECT value FROM setting WHERE key = 'bench'").fetchone()
        if found != (marker,):
            sys.exit(f"{db} is not a finished archive_bench database; remove it")
    else:
        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {n:,} articles...", file=sys.stderr)
        ab.generate(db, n, args.sources, args.seed, marker)
    return db


def one_run(folder: Path, job: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    import sqlite3
    import subprocess

    from reader.db import DB_FILENAME

    (folder / "window.ini").write_text(INI)  # the window saved its geometry and view
    result_file = folder / "result.json"
    result_file.unlink(missing_ok=True)
    job = {**job, "dir": str(folder), "out": str(result_file), "t0": time.monotonic()}
    done = subprocess.run([sys.executable, "-c", BOOT, json.dumps(job)], env=env,
                          capture_output=True, text=True, timeout=1800)  # fmt: skip
    if done.returncode or not result_file.exists():
        sys.exit(f"the window process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = dict(json.loads(result_file.read_text()))
    if "error" in result:
        sys.exit(f"the scenario failed: {result['error']}\n{done.stderr[-3000:]}")
    with sqlite3.connect(folder / DB_FILENAME) as con:  # what the run added goes again
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("DELETE FROM source WHERE folder = 'Bench'")
    with sqlite3.connect(folder / DB_FILENAME) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    row = {f"start → {k}": v for k, v in result.pop("marks").items()}
    return row | {f"view: {k}": v for k, v in result.pop("views").items()} | result


def bench(args: argparse.Namespace, n: int, feeds: list[str], env: dict[str, str]) -> Any:
    import os
    import shutil
    import sqlite3
    import statistics
    import tempfile

    import archive_bench as ab

    from reader.db import DB_FILENAME

    db = cached_db(args, n)
    with sqlite3.connect(db) as con:
        p = ab.choose(con)
    views = {"busiest source": f"source:{p['big']}",
             "largest folder": f"folder:{p['folder_large']}",
             "Unread": "unread", "Starred": "starred", "All (from Starred)": "all"}  # fmt: skip
    chosen = f"busiest source {p['big_total']:,}, largest folder {p['folder_large_total']:,}"
    runs, job = [], dict[str, Any](views=views, feeds=feeds, profile=None)
    with tempfile.TemporaryDirectory(prefix="kabar-ui-bench-") as tmp:
        for suffix in ("", "-wal"):
            if Path(f"{db}{suffix}").exists():
                shutil.copyfile(f"{db}{suffix}", Path(tmp) / f"{DB_FILENAME}{suffix}")
        os.sync()  # no writeback of the copy during the runs
        for i in range(-args.warmup, args.runs):  # warm-up runs (i < 0) are not counted
            if args.profile:
                job["profile"] = str(args.profile / f"ui-{n}-{i}.prof")
            result = one_run(Path(tmp), job, env)
            runs += [result] if i >= 0 else []
            print(f"  {n:,}: run {i + 1}/{args.runs} done", file=sys.stderr)
    summary = {k: {"median": statistics.median(r[k] for r in runs), "max": max(r[k] for r in runs)}
               for k in runs[0]}  # fmt: skip
    return {"articles": n, "chosen": chosen, "summary": summary, "runs": runs}


def start_display(display: str) -> subprocess.Popen[bytes] | None:
    import subprocess

    socket = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
    if socket.exists():
        return None  # already served
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for _ in range(100):
        if socket.exists():
            return server
        time.sleep(0.05)
    server.terminate()
    sys.exit(f"Xvfb {display} did not start")


def show(runs: list[dict[str, Any]], n_runs: int) -> None:
    print(f"\nmedian / max of {n_runs} runs; times in ms unless marked")
    for r in runs:
        print(f"{r['articles']:,} articles: {r['chosen']} articles")
    print(f"{'':44}" + "".join(f"{r['articles']:>22,}" for r in runs))
    for name in runs[0]["summary"]:
        cells = []
        for r in runs:
            s = r["summary"].get(name)
            digits = (
                0 if name in ("scroll steps", "rows loaded", "sync new", "sync failures") else 1
            )
            cells.append(f"{s['median']:.{digits}f} / {s['max']:.{digits}f}" if s else "")
        print(f"{name:44}" + "".join(f"{c:>22}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="articles, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs per size")
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--feeds", type=int, default=200, help="feeds served for the sync")
    parser.add_argument("--items", type=int, default=30, help="items per served feed")
    parser.add_argument("--display", default=":98", help="Xvfb display (started if absent)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/kabar-archive-bench"))
    parser.add_argument("--profile", type=Path, help="cProfile each window process into DIR")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import os
    import platform
    import random
    import sqlite3

    sys.path[:0] = [str(HERE), str(HERE.parent)]  # archive_bench, tests.feedserver
    from tests.feedserver import FeedServer

    xvfb = start_display(args.display)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABAR_")}
    env |= {"QT_QPA_PLATFORM": "xcb", "DISPLAY": args.display}
    rng, runs = random.Random(args.seed), []
    try:
        with FeedServer() as server:
            feeds = [server.add(f"/feed{i}.xml", rss_feed(i, args.items, rng))
                     for i in range(args.feeds)]  # fmt: skip
            for n in (int(x) for x in args.sizes.split(",")):
                runs.append(bench(args, n, feeds, env))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    if args.json:
        meta = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
        print(json.dumps({**meta, "runs": runs}, ensure_ascii=False, indent=1))
    else:
        show(runs, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
