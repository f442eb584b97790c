"""The command line as a new user runs it: real process, real server, real database file."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.cli_format import ProgressPrinter
from reader.db import DB_FILENAME
from reader.migrations import LATEST_VERSION
from reader.types import SourceOutcome, SyncProgress
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS
from ui.launcher import main

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
JSONFEED = next(p for p in REAL_FEEDS if p.name == "inessential.json")
PODCAST = next(p for p in REAL_FEEDS if p.name == "rss_2.0_nightvale.xml")


def kabar(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed console script the way a user would (no terminal: plain lines)."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning:reader"},
    )  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def opml(tmp_path: Path, urls: dict[str, str]) -> Path:
    outlines = "".join(f'<outline text="{t}" xmlUrl="{u}"/>' for t, u in urls.items())
    path = tmp_path / "subs.opml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><body>'
        f'<outline text="Новости">{outlines}</outline></body></opml>', encoding="utf-8"
    )  # fmt: skip
    return path


def test_new_user_end_to_end(tmp_path: Path, feed_server: FeedServer) -> None:
    data = tmp_path / "data"
    subs = opml(tmp_path, {
        "Баш": feed_server.add_file("/bash.xml", WIN1251),
        "Inessential": feed_server.add_file("/ines.json", JSONFEED),
        "Night Vale": feed_server.add_file("/nv.xml", PODCAST),
        "Dead": feed_server.status("/dead.xml", 404),
    })  # fmt: skip
    imported = kabar(data, "import-opml", str(subs))
    assert imported.returncode == 0 and "Imported 4 source(s)" in imported.stdout

    synced = kabar(data, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "3 failed" not in synced.stdout and "1 failed" in synced.stdout
    assert "FAILED Dead: The feed was not found" in synced.stdout
    assert "[4/4]" in synced.stderr  # one progress line per source when not on a terminal

    sources = json.loads(kabar(data, "sources", "--json").stdout)
    by_title = {s["title"]: s for s in sources}
    assert by_title["Баш"]["unread"] == by_title["Баш"]["total"] == 50
    assert by_title["Баш"]["folder"] == "Новости"
    assert "not found" in by_title["Dead"]["last_error"]
    assert by_title["Баш"]["last_success"].endswith("Z")

    listed = json.loads(kabar(data, "articles", "--source", "Баш", "--limit", "5", "--json").stdout)
    assert len(listed) == 5 and listed[0]["title"].startswith("Цитата")
    assert {"id", "source_id", "title", "link", "author", "published", "read", "starred"} <= set(
        listed[0]
    )
    first = listed[0]["id"]
    shown = kabar(data, "show", str(first))
    assert shown.returncode == 0 and listed[0]["title"] in shown.stdout and "<" not in shown.stdout

    assert kabar(data, "mark", str(first), "--star").returncode == 0
    assert kabar(data, "mark", str(first), "--read").returncode == 0
    starred = json.loads(kabar(data, "articles", "--starred", "--json").stdout)
    assert [a["id"] for a in starred] == [first] and starred[0]["read"]

    podcast = json.loads(kabar(data, "articles", "--source", "Night Vale", "--json").stdout)
    assert podcast[0]["enclosures"][0]["type"].startswith("audio/")

    marked = kabar(data, "mark-all-read", "--source", "Баш")
    assert "Marked 49 article(s) as read" in marked.stdout
    unread = json.loads(kabar(data, "articles", "--unread", "--limit", "500", "--json").stdout)
    assert unread and all(a["source_id"] != by_title["Баш"]["id"] for a in unread)


def test_export_opml_round_trips(
    tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    subs = opml(tmp_path, {"Один": feed_server.url("/1.xml"), "Two": feed_server.url("/2.xml")})
    assert run(capsys, "--data-dir", data, "import-opml", str(subs))[0] == 0
    out_file = tmp_path / "out.opml"
    assert run(capsys, "--data-dir", data, "export-opml", str(out_file))[0] == 0
    other = str(tmp_path / "other")
    code, out, _ = run(capsys, "--data-dir", other, "import-opml", str(out_file))
    assert code == 0 and "Imported 2 source(s)" in out
    _, listed, _ = run(capsys, "--data-dir", other, "sources", "--json")
    assert sorted((s["title"], s["folder"]) for s in json.loads(listed)) == [
        ("Two", "Новости"), ("Один", "Новости")]  # fmt: skip
    # Importing again adds nothing twice.
    code, out, _ = run(capsys, "--data-dir", other, "import-opml", str(out_file))
    assert "Imported 0 source(s); 2 you already follow." in out


def test_add_a_web_page_finds_its_feed(
    tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = feed_server.add_file("/news.rss", WIN1251)
    atom = feed_server.add("/atom.xml", b'<feed xmlns="http://www.w3.org/2005/Atom"/>')
    page = feed_server.html_page("/", (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/news.rss">'
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>'
    ))  # fmt: skip
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "add", page, "--folder", "Юмор")
    assert code == 0, out
    assert f"({feed})" in out and atom in out  # the first is taken, the others listed
    assert "50 new" in out
    _, listed, _ = run(capsys, "--data-dir", str(tmp_path), "sources", "--json")
    [source] = json.loads(listed)
    assert (source["url"], source["folder"], source["total"]) == (feed, "Юмор", 50)


def test_user_errors_are_one_clear_line_with_documented_codes(
    tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path)
    page = feed_server.html_page("/plain", "<html><body>No feeds here</body></html>")
    cases = [
        (("show", "999"), 2, "no article with id 999"),
        (("mark", "999", "--read"), 2, "do not exist"),
        (("sync", "nonexistent"), 2, "No source matches"),
        (("remove", "42"), 2, "no source with id 42"),
        (("import-opml", str(tmp_path / "missing.opml")), 2, "Cannot read"),
        (("add", "javascript:alert(1)"), 2, "not a web address"),
        (("add", page), 2, "No feed was found"),
    ]
    for args, expected_code, words in cases:
        code, _, err = run(capsys, "--data-dir", data, *args)
        assert code == expected_code, (args, err)
        assert words in err and err.count("\n") == 1 and "Traceback" not in err, (args, err)


def test_remove_asks_before_deleting_starred_articles(
    tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path)
    run(capsys, "--data-dir", data, "add", feed_server.add_file("/b.xml", WIN1251))
    run(capsys, "--data-dir", data, "mark", "1", "--star")
    code, _, err = run(capsys, "--data-dir", data, "remove", "1")
    assert code == 2 and "1 starred article" in err and "--force" in err
    assert run(capsys, "--data-dir", data, "remove", "1", "--force")[0] == 0
    assert "No sources yet" in run(capsys, "--data-dir", data, "sources")[1]


def test_a_newer_database_is_a_storage_error_not_a_traceback(tmp_path: Path) -> None:
    assert kabar(tmp_path, "sources").returncode == 0
    raw = sqlite3.connect(tmp_path / DB_FILENAME)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    raw.close()
    result = kabar(tmp_path, "sources")
    assert result.returncode == 3
    assert "newer Kabar" in result.stderr and "Traceback" not in result.stderr


def test_version_and_data_dir_from_environment(tmp_path: Path) -> None:
    version = subprocess.run(
        [str(Path(sys.executable).with_name("kabar")), "--version"], capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert version.stdout.strip() == f"Kabar {__version__}"
    env = {**os.environ, "KABAR_DATA_DIR": str(tmp_path / "from-env")}
    subprocess.run([str(Path(sys.executable).with_name("kabar")), "sources"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    assert (tmp_path / "from-env" / DB_FILENAME).exists()


def test_default_sources_import_without_fetching(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "import-opml", "--defaults")
    assert code == 0 and not err and "Imported" in out
    _, listed, _ = run(capsys, "--data-dir", str(tmp_path), "sources", "--json")
    sources = json.loads(listed)
    assert len(sources) >= 15 and any("tengrinews.kz" in s["url"] for s in sources)
    assert all(s["last_attempt"] is None for s in sources)  # nothing was fetched


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    outcome = SourceOutcome(1, "https://a.example/feed", "Лента", new=3)
    steps = [SyncProgress(0, 2, 0, 0, 0), SyncProgress(1, 2, 3, 0, 0, outcome),
             SyncProgress(2, 2, 3, 0, 1, SourceOutcome(2, "https://b.example/", None,
                                                       error="boom"))]  # fmt: skip
    terminal, pipe = Terminal(), io.StringIO()
    for step in steps:
        ProgressPrinter(terminal)(step)
        ProgressPrinter(pipe)(step)
    assert (
        terminal.getvalue().count("\r") == 3
        and "2/2 sources, 3 new, 1 failed" in terminal.getvalue()
    )
    assert "█" in terminal.getvalue() and terminal.getvalue().endswith("\n")
    assert pipe.getvalue().splitlines() == [
        "[1/2] Лента: 3 new, 0 updated",
        "[2/2] https://b.example/: error",
    ]


def test_search_after_sync_from_the_command_line(tmp_path: Path, feed_server: FeedServer) -> None:
    data = tmp_path / "data"
    assert kabar(data, "add", feed_server.add_file("/bash.xml", WIN1251)).returncode == 0
    found = kabar(data, "search", "ПРОГРАММЕРА", "--json")  # another case, another word form
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and all(h["source"] for h in hits)
    first = hits[0]["snippet"]
    words = [first["text"][a:b].lower() for a, b in first["highlights"]]
    assert words and all(w.startswith("программер") for w in words)
    plain = kabar(data, "search", '"( OR NOT :* ^')  # hostile input: plain words at worst
    assert plain.returncode == 0 and "Traceback" not in plain.stderr
