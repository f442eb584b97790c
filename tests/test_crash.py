"""kill -9 in the middle of `kabar sync`, a capture or an export loses nothing, corrupts
nothing, and the next run works."""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.db import DB_FILENAME
from reader.export.atomic import TEMP_MARK
from tests.feedserver import FeedServer

FEEDS = 40
# CI kills a sync 6 times; a longer local run: KABAR_CRASH_KILLS=30 pytest tests/test_crash.py
KILLS = int(os.environ.get("KABAR_CRASH_KILLS", "6"))


def feed(n: int, version: int) -> bytes:
    items = "".join(
        f"<item><guid>f{n}-v{v}-i{i}</guid><title>Новость {n}.{v}.{i}</title>"
        f"<description>&lt;p&gt;{'Текст новости о Казахстане. ' * 40}&lt;/p&gt;</description>"
        f"<pubDate>Tue, 01 Nov 2022 10:{i:02d}:00 GMT</pubDate></item>"
        for v in range(version + 1)
        for i in range(30)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Лента {n}</title>{items}</channel></rss>").encode()  # fmt: skip


def kabar(data: Path, *args: str) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("kabar")
    return subprocess.Popen(
        [str(exe), "--data-dir", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def survivors(data: Path) -> list[str]:
    """Processes still running for this data folder (parser workers of a killed sync)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(data) in cmdline:
            found.append(f"{proc.name}: {cmdline}")
    return found


def snapshot(data: Path) -> dict[int, tuple[str, int, int]]:
    db = sqlite3.connect(data / DB_FILENAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        drift = db.execute(
            "SELECT count(*) FROM source WHERE unread_count != "
            "(SELECT count(*) FROM article WHERE source_id = source.id AND NOT read)"
        ).fetchone()[0]
        assert drift == 0, "unread counters disagree with the articles"
        rows = db.execute("SELECT id, key, read, starred FROM article").fetchall()
    finally:
        db.close()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def wait_for_first_write(data: Path, stored: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.closing(sqlite3.connect(data / DB_FILENAME)) as db:
            if db.execute("SELECT count(*) FROM article").fetchone()[0] > stored:
                return
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.timeout(60 + KILLS * 20)
def test_kill_during_sync_loses_nothing(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.latency(0.03)
    lines = "".join(
        f'<outline text="F{n}" xmlUrl="{feed_server.add(f"/f{n}.xml", feed(n, 0))}"/>'
        for n in range(FEEDS)
    )
    subs = tmp_path / "subs.opml"
    subs.write_text(f'<opml version="2.0"><body>{lines}</body></opml>', encoding="utf-8")
    data = tmp_path / "data"
    assert kabar(data, "import-opml", str(subs)).wait(30) == 0
    rng = random.Random(2026)

    # Killed during the very first sync, into an empty archive.
    first = kabar(data, "sync", "--quiet")
    time.sleep(rng.uniform(0.4, 1.0))
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    snapshot(data)
    assert kabar(data, "sync", "--quiet").wait(120) == 0

    # The user reads and stars; then every feed grows and syncs are killed again and again.
    db = sqlite3.connect(data / DB_FILENAME)
    db.execute("UPDATE article SET read = 1 WHERE id % 3 = 0")
    db.execute("UPDATE article SET starred = 1 WHERE id % 7 = 0")
    db.commit()
    db.close()
    before = snapshot(data)
    assert len(before) == FEEDS * 30
    partial_kills = 0
    for version in range(1, KILLS + 1):
        for n in range(FEEDS):
            feed_server.set_body(f"/f{n}.xml", feed(n, version))
        process = kabar(data, "sync", "--quiet")
        wait_for_first_write(data, len(before), process)  # the feeds grow: parsing takes longer
        time.sleep(rng.uniform(0.0, 1.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        deadline = time.monotonic() + 5
        while survivors(data) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not survivors(data), "a killed sync left processes behind"
        after = snapshot(data)
        grown = len(after) - len(before)
        if process.returncode == -signal.SIGKILL and 0 < grown < FEEDS * 30 * version:
            partial_kills += 1  # the kill landed with some sources written and others not
        missing = {i: v for i, v in before.items() if after.get(i) != v}
        assert not missing, f"kill {version} lost or changed {len(missing)} articles"
        before = after

    assert partial_kills >= KILLS // 2, "the kills did not land in the middle of syncs"
    finished = kabar(data, "sync", "--quiet")
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err.decode()
    assert f"Synced {FEEDS} sources" in out.decode() and " 0 failed" in out.decode()
    final = snapshot(data)
    assert len(final) == FEEDS * 30 * (KILLS + 1)
    assert all(final[i] == v for i, v in before.items())


def test_two_kabar_syncs_on_one_archive_both_finish_and_store_each_article_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.latency(0.05)  # both syncs are in the middle of the same sources at once
    urls = [feed_server.add(f"/two/{n}.xml", feed(n, 0)) for n in range(12)]
    for url in urls:
        assert kabar(tmp_path, "add", url, "--no-sync").wait(timeout=60) == 0
    runs = [kabar(tmp_path, "sync", "--quiet", "--no-capture") for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        text = (out + err).decode()
        assert run.returncode == 0 and "0 failed" in text, text
        assert "locked" not in text and "Traceback" not in text
    stored = snapshot(tmp_path)  # integrity and counters checked there
    assert len(stored) == 12 * 30 == len({key for key, _read, _star in stored.values()})


def _capped(limit: int) -> Callable[[], None]:
    """A disk that fills up: no file of this process may grow past `limit` bytes."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return cap


def test_a_full_disk_during_sync_and_export_loses_nothing(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    urls = [feed_server.add(f"/full/{n}.xml", feed(n, 0)) for n in range(3)]
    assert kabar(tmp_path, "add", urls[0]).wait(timeout=60) == 0
    for url in urls[1:]:
        assert kabar(tmp_path, "add", url, "--no-sync").wait(timeout=60) == 0
    before = snapshot(tmp_path)
    run = [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(tmp_path)]
    limit = (tmp_path / DB_FILENAME).stat().st_size + 50_000  # room for one more source
    full = subprocess.run([*run, "sync", "--no-capture"], capture_output=True, text=True,
                          preexec_fn=_capped(limit), timeout=120)  # fmt: skip
    assert "Traceback" not in full.stderr and "failed" in full.stdout
    during = snapshot(tmp_path)  # integrity ok; what was there is still there
    assert before.items() <= during.items() and len(during) < 90
    out = tmp_path / "all.json"
    export = subprocess.run([*run, "export", "--format", "json", "--ids",
                             ",".join(map(str, during)), "--out", str(out)],
                            capture_output=True, text=True, preexec_fn=_capped(20_000),
                            timeout=120)  # fmt: skip
    assert export.returncode != 0 and "Traceback" not in export.stderr
    assert [p.name for p in tmp_path.iterdir() if "all.json" in p.name] == []  # no partial file
    again = subprocess.run([*run, "sync", "--no-capture"], capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert again.returncode == 0 and len(snapshot(tmp_path)) == 90  # room again: the rest


def page(n: int) -> bytes:
    sentence = f"Полный текст статьи номер {n}. "
    paragraphs = "".join(f"<p>{sentence * 12}</p>" for _ in range(6))
    return (f"<html><head><title>Статья {n}</title></head><body><article><h1>Статья {n}</h1>"
            f"{paragraphs}</article></body></html>").encode()  # fmt: skip


@pytest.mark.slow
def test_kill_during_capture_and_in_the_window_during_a_sync_loses_nothing(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.latency(0.05)
    items = "".join(
        f"<item><guid>p{i}</guid><title>Статья {i}</title><description>Анонс.</description>"
        f"<link>{feed_server.add(f'/page/{i}', page(i), 'text/html')}</link>"
        f"<pubDate>{time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime())}</pubDate></item>"
        for i in range(40)
    )
    url = feed_server.add("/teasers.xml", f'<rss version="2.0"><channel><title>T</title>'
                          f"{items}</channel></rss>".encode())  # fmt: skip
    data = tmp_path / "data"
    assert kabar(data, "add", url, "--no-sync").wait(60) == 0
    assert kabar(data, "sync", "--no-capture", "--quiet").wait(120) == 0
    db = sqlite3.connect(data / DB_FILENAME)
    db.execute("UPDATE article SET starred = 1 WHERE id % 5 = 0")
    db.commit()
    db.close()
    before = snapshot(data)
    rng = random.Random(7)
    for _ in range(3):  # capture killed part-way, three times
        process = kabar(data, "capture", "--quiet")
        time.sleep(rng.uniform(0.5, 1.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        assert before.items() <= snapshot(data).items()
    window = subprocess.Popen(  # the window syncs at start: killed in the middle of it
        [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(data)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(rng.uniform(2.0, 3.0))
    window.send_signal(signal.SIGKILL)
    window.wait(10)
    assert before.items() <= snapshot(data).items()
    finished = subprocess.run([str(Path(sys.executable).with_name("kabar")), "--data-dir",
                               str(data), "capture"], capture_output=True, text=True,
                              timeout=180)  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    with sqlite3.connect(data / DB_FILENAME) as db:
        kept = db.execute("SELECT count(*) FROM article_full WHERE state = 'done'").fetchone()[0]
    assert kept == 40  # every page is saved in the end, each once


def complete(out: Path, articles: int) -> bool:
    """Whether an export at `out` holds every article (what a reader opening it would see)."""
    if out.suffix == ".json":
        return len(json.loads(out.read_bytes())["articles"]) == articles
    if out.suffix == ".epub":
        with zipfile.ZipFile(out) as book:
            return book.testzip() is None and "OEBPS/content.opf" in book.namelist()
    if out.suffix == ".html":
        return out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    return len(list(out.glob("*.md"))) == articles


def synced_archive(data: Path, server: FeedServer, feeds: int) -> dict[int, tuple[str, int, int]]:
    """`feeds` sources of 120 articles each, added and synced by `kabar`; their snapshot."""
    for n in range(feeds):
        url = server.add(f"/archive/{n}.xml", feed(n, 3))
        assert kabar(data, "add", url, "--no-sync").wait(60) == 0
    assert kabar(data, "sync", "--quiet", "--no-capture").wait(120) == 0
    return snapshot(data)


def wait_for_part_file(shelf: Path, out: Path, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        if any(TEMP_MARK in p.name for p in shelf.glob(f".{out.name}*")):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
def test_kill_during_export_leaves_no_partial_file_and_the_next_export_cleans_up(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    data, shelf = tmp_path / "data", tmp_path / "exports"
    before = synced_archive(data, feed_server, 10)
    targets = [shelf / "all.json", shelf / "all.html", shelf / "all.epub", shelf / "all-md"]
    formats = {".json": "json", ".html": "html", ".epub": "epub", "": "md"}
    rng, mid_write = random.Random(11), 0
    for out in targets * 3:
        args = ("export", "--format", formats[out.suffix], "--out", str(out), "--force")
        process = kabar(data, *args, "--quiet", "--since", "2000-01-01")
        writing = wait_for_part_file(shelf, out, process)
        time.sleep(rng.uniform(0.0, 0.03))  # a JSON file is written in ~45 ms
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        mid_write += writing and any(TEMP_MARK in p.name for p in shelf.glob(f".{out.name}*"))
        assert not out.exists() or complete(out, len(before))  # never a cut file under its name
    assert snapshot(data) == before  # exporting changed nothing in the archive
    assert mid_write >= 8, "the kills did not land while files were being written"
    for out in targets:  # the next export of each completes and sweeps the killed one's parts
        args = ("export", "--format", formats[out.suffix], "--out", str(out), "--force")
        assert kabar(data, *args, "--quiet", "--since", "2000-01-01").wait(120) == 0
        assert complete(out, len(before))
    assert [p.name for p in shelf.iterdir() if TEMP_MARK in p.name] == []
