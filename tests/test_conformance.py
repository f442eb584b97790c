"""feedparser's conformance suite through a whole Kabar sync, checked against the archive.

Every file under tests/data/feeds/conformance/ (feedparser's own tests, BSD-2-Clause; see
tests/data/SOURCES.md) is served by the local feed server with the HTTP headers its `Header:`
lines ask for, added as a source to a real archive and synced once. Then each file's `Expect:`
expression is checked against what the database holds by tests/conformance_expect.py, whose
docstring says which parts are checked and lists the rules where Kabar differs from feedparser
on purpose (the files restated under those rules are its REWRITTEN). Parts about fields Kabar
does not keep and `bozo`-only parts are counted as skipped; `pytest -s` prints the counts.
"""

from __future__ import annotations

import html
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader.db import DB_FILENAME
from reader.fetch import FetchLimits
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import SyncReport
from tests.conformance_expect import (
    REWRITTEN,
    Entry,
    Stored,
    check_file,
    expectation,
    name_of,
    visible,
)
from tests.feedserver import FeedServer, feedparser_test_headers
from tests.htmlcheck import unsafe_parts
from tests.paths import CONFORMANCE_FEEDS

# One host serves all 505 files: more connections to it than a real sync would open per site.
LIMITS = FetchLimits(connect_timeout=3, read_timeout=5, total_timeout=10, per_host=16)
SYNC_SECONDS = 60
# Not feeds at all, so refused in plain words (upstream expects only `bozo` from them).
REFUSED = {"illformed/rss_empty_document.xml"}


# --- the archive ---------------------------------------------------------------------------


@dataclass
class Archive:
    report: SyncReport
    seconds: float
    files: dict[str, Stored]


def read_archive(db_path: Path, urls: dict[str, str]) -> dict[str, Stored]:
    """What the database holds for each file's source, entries in the order they were stored."""
    db = sqlite3.connect(db_path)
    try:
        found = {}
        for name, url in urls.items():
            sid, title, site_url, error = db.execute(
                "SELECT id, title, site_url, last_error FROM source WHERE url = ?", (url,)
            ).fetchone()
            rows = db.execute(
                "SELECT a.id, guid, link, title, author, published, updated, b.summary_html,"
                " b.content_html FROM article a JOIN article_body b ON b.article_id = a.id"
                " WHERE a.source_id = ? ORDER BY a.id",
                (sid,),
            ).fetchall()
            entries = []
            for aid, *columns in rows:
                enclosures = db.execute(
                    "SELECT url, type, length FROM enclosure WHERE article_id = ? ORDER BY id",
                    (aid,),
                ).fetchall()
                entries.append(Entry(*columns, enclosures=enclosures))
            found[name] = Stored(url, title, site_url, error, entries)
        return found
    finally:
        db.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    data = tmp_path_factory.mktemp("kabar-conformance")
    storage = Storage(data / DB_FILENAME)
    urls = {}
    with FeedServer() as server:
        for n, path in enumerate(CONFORMANCE_FEEDS):
            body = path.read_bytes()
            headers = feedparser_test_headers(body) if path.suffix == ".xml" else {}
            content_type = headers.pop("Content-Type", headers.pop("Content-type", None))
            default = "application/feed+json" if path.suffix == ".json" else "application/xml"
            url = server.add(f"/{n}/{name_of(path)}", body, content_type or default, headers)
            storage.add_source(url)
            urls[name_of(path)] = url
        started = time.monotonic()
        options = SyncOptions(limits=LIMITS, parse_workers=2, deadline=SYNC_SECONDS * 2)
        report = Sync(storage, options).run()
        seconds = time.monotonic() - started
    storage.close()
    yield Archive(report, seconds, read_archive(data / DB_FILENAME, urls))


def test_every_conformance_file_is_synced_in_bounded_time_without_internal_errors(
    archive: Archive,
) -> None:
    report = archive.report
    assert archive.seconds < SYNC_SECONDS, archive.seconds
    assert report.error is None and not report.cancelled
    assert len(report.outcomes) == len(CONFORMANCE_FEEDS) == len(archive.files)
    assert {o.url for o in report.outcomes} == {s.url for s in archive.files.values()}
    for outcome in report.failures:
        assert outcome.error and outcome.error.endswith("."), outcome
    for outcome in report.outcomes:
        said = f"{outcome.error or ''} {outcome.warning or ''}"
        assert "Traceback" not in said and "internal error" not in said.lower(), outcome
    refused = {name for name, stored in archive.files.items() if stored.error}
    assert refused == REFUSED
    print(f"\nsynced {len(report.outcomes)} conformance files in {archive.seconds:.1f} s")


# --- each file's expectation ---------------------------------------------------------------


def file_params(paths: list[Path]) -> list[Any]:
    """One param per file, named by its path under the suite."""
    return [pytest.param(path, id=name_of(path)) for path in paths]


@pytest.mark.parametrize("path", file_params(CONFORMANCE_FEEDS))
def test_stored_fields_meet_the_file_expectation(archive: Archive, path: Path) -> None:
    stored = archive.files[name_of(path)]
    outcome = check_file(path, stored)
    rewritten = REWRITTEN.get(name_of(path))
    assert not outcome.mismatched, (
        f"{name_of(path)}: Expect: {expectation(path)}\n"
        + (f"  under Kabar's rules: {rewritten}\n" if rewritten else "")
        + "  "
        + "\n  ".join(outcome.mismatched)
    )


def test_conformance_summary(archive: Archive) -> None:
    """Counts over every file (`pytest -s` prints them); no file may mismatch."""
    totals: Counter[str] = Counter()
    mismatched: list[str] = []
    for path in CONFORMANCE_FEEDS:
        outcome = check_file(path, archive.files[name_of(path)])
        totals["files"] += 1
        totals["files checked"] += bool(outcome.checked)
        totals["parts"] += outcome.checked + len(outcome.not_stored) + len(outcome.bozo)
        totals["checked"] += outcome.checked
        totals["matched"] += len(outcome.matched)
        totals["not stored"] += len(outcome.not_stored)
        totals["bozo"] += len(outcome.bozo)
        if outcome.mismatched:
            mismatched.append(name_of(path))
    print(
        f"\nconformance: {totals['files']} files ({totals['files checked']} with an expectation "
        f"about stored fields, {len(REWRITTEN)} restated under Kabar's rules), "
        f"{totals['parts']} expectation parts: {totals['checked']} checked against the archive, "
        f"{totals['matched']} matched; skipped: {totals['not stored']} about fields Kabar does "
        "not store, "
        f"{totals['bozo']} bozo flags or constants"
    )
    assert mismatched == []
    assert totals["checked"] > 200  # the translator still understands the common forms


def test_plain_text_content_copied_to_the_summary_stays_text(archive: Archive) -> None:
    """feedparser copies a content with no summary into `summary` without its type; read as
    HTML, the text/plain "History of the <blink> tag" lost its "<blink>" (fixed)."""
    stored = archive.files["wellformed/atom10/entry_content_text_plain_brackets.xml"]
    entry = stored.entries[0]
    assert visible(entry.summary_html) == "History of the <blink> tag"
    assert entry.content_html == ""  # rule 4: the same text once


# --- sanitizing ----------------------------------------------------------------------------

SANITIZE = [p for p in CONFORMANCE_FEEDS if "sanitize" in p.parts]


def test_no_stored_html_of_any_conformance_file_is_unsafe(archive: Archive) -> None:
    for name, stored in archive.files.items():
        for entry in stored.entries:
            for fragment in (entry.summary_html, entry.content_html):
                assert not unsafe_parts(fragment), (name, fragment)


@pytest.mark.parametrize("path", file_params(SANITIZE))
def test_sanitize_files_keep_the_safe_text_and_nothing_unsafe(archive: Archive, path: Path) -> None:
    stored = archive.files[name_of(path)]
    assert stored.error is None
    for entry in stored.entries:
        for fragment in (entry.summary_html, entry.content_html):
            assert not unsafe_parts(fragment), fragment
            assert "javascript:" not in html.unescape(fragment).lower(), fragment
            assert "alert(" not in visible(fragment), fragment
    assert "alert(" not in (stored.title or "")
    # The text that must be kept, from the file's expectation (under Kabar's rules).
    outcome = check_file(path, stored)
    assert outcome.checked or path.name == "large_atom_feed_that_needs_css_sanitisation.xml"
    assert not outcome.mismatched, "\n".join(outcome.mismatched)
