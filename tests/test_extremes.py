"""Generated extremes through a real sync from a local server (issue 9): huge feeds, huge
items, deep HTML, hostile characters, impossible dates, duplicate and enormous ids, and
peak memory of the worst documents measured in a subprocess.
TLS faults are in test_tls.py.

The numbers these tests measure are reported in docs/robustness.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.db import DB_FILENAME
from reader.entries import MAX_ENTRIES_PER_FEED, MAX_KEY_CHARS, MAX_TEXT_CHARS
from reader.export import export
from reader.fetch import FetchLimits
from reader.sanitize import MAX_HTML_CHARS
from reader.search import search
from reader.search_index import index_pending
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import Article, ArticleFilter, SourceOutcome
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parent.parent
LIMITS = FetchLimits(connect_timeout=3, read_timeout=5, total_timeout=20)
HEAD = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Extremes</title>'


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


def rss(items: str) -> bytes:
    return (HEAD + items + "</channel></rss>").encode()


def sync_one(storage: Storage, url: str) -> tuple[SourceOutcome, list[Article], float]:
    source = storage.add_source(url)
    started = time.monotonic()
    report = Sync(storage, SyncOptions(limits=LIMITS, parse_workers=0, capture=False)).run()
    seconds = time.monotonic() - started
    (outcome,) = [o for o in report.outcomes if o.source_id == source.id]
    keys = storage.article_keys(ArticleFilter(source_id=source.id), 100_000)
    return outcome, [storage.article(k.id) for k in keys], seconds


# --- size ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_100k_items_keep_the_first_2000_in_bounded_time(
    storage: Storage, feed_server: FeedServer
) -> None:
    items = "".join(f"<item><guid>g{i}</guid><title>Новость {i}</title></item>"
                    for i in range(100_000))  # fmt: skip
    outcome, articles, seconds = sync_one(storage, feed_server.add("/100k.xml", rss(items)))
    assert outcome.error is None and outcome.new == MAX_ENTRIES_PER_FEED
    assert len(articles) == MAX_ENTRIES_PER_FEED and seconds < 40, seconds
    assert {a.title for a in articles} == {f"Новость {i}" for i in range(MAX_ENTRIES_PER_FEED)}


def test_a_100_mb_feed_is_refused_at_the_cap_quickly(
    storage: Storage, feed_server: FeedServer
) -> None:
    body = rss("<item><guid>a</guid><title>a</title><description>" + "x" * 100 * 2**20)
    outcome, articles, seconds = sync_one(storage, feed_server.add("/100mb.xml", body))
    assert outcome.error and "larger than" in outcome.error and articles == []
    assert seconds < 10, seconds


def test_one_item_with_10_mb_of_content_is_cut_not_refused(
    storage: Storage, feed_server: FeedServer
) -> None:
    words = "&lt;p&gt;Қазақстан жаңалықтары word " * 300_000  # about 10 MB
    big = f"<item><guid>big</guid><title>Большая</title><description>{words}</description></item>"
    body = rss(big + "<item><guid>small</guid><title>Малая</title></item>")
    outcome, articles, seconds = sync_one(storage, feed_server.add("/10mb.xml", body))
    assert outcome.error is None and len(articles) == 2 and seconds < 15
    big = next(a for a in articles if a.title == "Большая")
    assert 0 < len(big.summary_html) <= 2 * MAX_HTML_CHARS  # cut at 1M chars, then re-closed
    assert 0 < len(big.text) <= MAX_TEXT_CHARS
    index_pending(storage)
    assert search(storage, "жаңалықтары")[0].article_id == big.id


@pytest.mark.parametrize("tag", ["div", "table><tr><td", "blockquote", "ul><li", "b"])
def test_10k_levels_of_nested_html_are_stored_indexed_and_exported(
    storage: Storage, feed_server: FeedServer, tmp_path: Path, tag: str, qtbot: object
) -> None:
    closing = "".join(f"</{t.split()[0]}>" for t in reversed(tag.split("><")))
    html = f"<{tag}>" * 10_000 + "глубина" + closing * 10_000
    escaped = html.replace("<", "&lt;").replace(">", "&gt;")
    body = rss(
        f"<item><guid>deep</guid><title>Deep</title><description>{escaped}</description></item>"
    )
    outcome, (article,), seconds = sync_one(storage, feed_server.add("/deep.xml", body))
    assert outcome.error is None and seconds < 10
    assert "глубина" in article.text
    index_pending(storage)
    assert search(storage, "глубина")[0].article_id == article.id
    for fmt in ("json", "html"):
        export(storage, [article.id], fmt, tmp_path / f"out.{fmt}", cache_dir=None)
        assert "глубина" in (tmp_path / f"out.{fmt}").read_text("utf-8")
    pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")
    from ui.article_view import ArticleView

    view = ArticleView()  # 10k levels took Qt 7-136 s to lay out before nesting was capped
    started = time.monotonic()
    view.show_article(storage.article(article.id))
    assert time.monotonic() - started < 2 and "глубина" in view.toPlainText()


def test_the_10_mb_item_renders_in_the_article_view_quickly(
    storage: Storage, feed_server: FeedServer, qtbot: object
) -> None:
    pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")
    from ui.article_view import ArticleView

    words = "&lt;p&gt;слово word " * 600_000
    body = rss(f"<item><guid>big</guid><title>Big</title><description>{words}</description></item>")
    _outcome, (article,), _ = sync_one(storage, feed_server.add("/big.xml", body))
    view = ArticleView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.show()
    started = time.monotonic()
    view.show_article(article)
    qtbot.wait(0)  # type: ignore[attr-defined]
    assert time.monotonic() - started < 5 and "слово" in view.toPlainText()[:5000]


# --- characters ------------------------------------------------------------------------------

NASTY_TITLES = {
    "nul": b"nul\x00byte",
    "invalid-utf8": b"bad \xff\xfe\xc3( bytes",
    "encoded-surrogate": b"sur \xed\xa0\x80 rogate",
    "rtl-override": "RTL \u202egnp.exe\u202c file".encode(),
    "zero-width": "zero\u200b\u200c\u200d\ufeffwidth \u2066iso\u2069".encode(),
    "combining": ("e" + "\u0301" * 10_000).encode(),
}


def test_hostile_characters_in_titles_are_stored_as_clean_text(
    storage: Storage, feed_server: FeedServer, tmp_path: Path
) -> None:
    items = b"".join(b"<item><guid>" + name.encode() + b"</guid><title>" + title + b"</title>"
                     b"<description>text " + title + b"</description></item>"
                     for name, title in NASTY_TITLES.items())  # fmt: skip
    body = HEAD.encode() + items + b"</channel></rss>"
    outcome, articles, _ = sync_one(storage, feed_server.add("/chars.xml", body))
    assert outcome.error is None, outcome.error
    assert len(articles) == len(NASTY_TITLES)
    by_key = {a.key.rsplit("/", 1)[-1]: a for a in articles}  # a guid is a permalink
    for article in articles:
        for text in (article.title, article.text):
            assert "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)
            text.encode("utf-8")  # always valid UTF-8
        assert 0 < len(article.title) <= 1000
    assert "gnp.exe" in by_key["rtl-override"].title  # kept; the views show it isolated
    assert by_key["zero-width"].title.startswith("zero")
    index_pending(storage)
    assert search(storage, "rogate")
    files = export(storage, [a.id for a in articles], "md", tmp_path / "md", cache_dir=None).files
    for path in files:
        assert "\u202e" not in path.name and "\x00" not in path.name and "\u200b" not in path.name


def test_lone_surrogates_and_nul_in_a_json_feed(storage: Storage, feed_server: FeedServer) -> None:
    items = [
        {"id": "1", "title": "a\ud800b\u0000c\u202ed\u200be", "content_html": "<p>x\udfff</p>"},
        {"id": "2", "title": "\ud83d", "content_text": "\u0000" * 100},
    ]
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J\u0000", "items": items}
    url = feed_server.add("/j.json", json.dumps(document).encode(), "application/feed+json")
    outcome, articles, _ = sync_one(storage, url)
    assert outcome.error is None and len(articles) == 2
    for article in articles:
        for text in (article.title, article.text, article.content_html, article.summary_html):
            assert "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


# --- dates and ids ---------------------------------------------------------------------------


def test_dates_in_year_1_and_9999_are_dropped_or_clamped(
    storage: Storage, feed_server: FeedServer
) -> None:
    dates = ["Mon, 01 Jan 0001 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 +1400",
             "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31 Dec 9999 23:59:59 -1400",
             "Wed, 30 Feb 2024 10:00:00 GMT", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
             "Tue, 01 Nov 2022 10:00:00 GMT"]  # fmt: skip
    items = "".join(f"<item><guid>d{n}</guid><title>d{n}</title><pubDate>{d}</pubDate></item>"
                    for n, d in enumerate(dates))  # fmt: skip
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id>'
            + "".join(f"<entry><id>a{n}</id><title>a{n}</title><updated>{d}</updated>"
                      f"<published>{d}</published></entry>"
                      for n, d in enumerate(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                                             "9999-12-31T23:59:59-14:00"]))
            + "</feed>").encode()  # fmt: skip
    _, rss_articles, _ = sync_one(storage, feed_server.add("/dates.xml", rss(items)))
    _, atom_articles, _ = sync_one(storage, feed_server.add("/dates.atom", atom))
    now = datetime.now(UTC)
    articles = rss_articles + atom_articles
    assert len(articles) == len(dates) + 3
    for article in articles:
        for when in (article.published, article.updated, article.sort_date):
            if when is not None:
                assert datetime(1970, 1, 1, tzinfo=UTC) < when <= now + timedelta(days=1)
    by_title = {a.title: a for a in articles}
    assert by_title["d7"].published == datetime(2022, 11, 1, 10, tzinfo=UTC)
    assert by_title["d0"].published is None


def test_duplicate_ids_in_one_feed_and_across_feeds(
    storage: Storage, feed_server: FeedServer
) -> None:
    items = "".join(f"<item><guid>same</guid><title>v{i}</title></item>" for i in range(3))
    first, articles, _ = sync_one(storage, feed_server.add("/dup1.xml", rss(items)))
    assert first.error is None and [a.title for a in articles] == ["v0"]  # the first wins
    second, other, _ = sync_one(storage, feed_server.add("/dup2.xml", rss(items)))
    assert second.error is None and len(other) == 1  # the same id in another feed: its own
    feed_server.set_body("/dup1.xml", rss(items.replace("v0", "v0 changed")))
    again = Sync(storage, SyncOptions(limits=LIMITS, parse_workers=0, capture=False)).run()
    assert not again.failures  # no IntegrityError, updated in place
    titles = sorted(storage.article(k.id).title for k in storage.article_keys(ArticleFilter()))
    assert titles == ["v0", "v0 changed"]


def test_10_kb_ids_are_distinct_and_keys_stay_small(
    storage: Storage, feed_server: FeedServer
) -> None:
    items = "".join(f"<item><guid>{'x' * 9_990}{i:05d}</guid><title>t{i}</title></item>"
                    for i in range(50))  # fmt: skip
    outcome, articles, _ = sync_one(storage, feed_server.add("/ids.xml", rss(items)))
    assert outcome.error is None and len(articles) == 50
    assert all(len(a.key) <= MAX_KEY_CHARS for a in articles)
    assert len({a.key for a in articles}) == 50
    again = Sync(storage, SyncOptions(limits=LIMITS, parse_workers=0, capture=False)).run()
    assert not again.failures and len(storage.article_keys(ArticleFilter(), 1000)) == 50


def test_ids_longer_than_the_stored_guid_that_differ_at_the_end_stay_distinct(
    storage: Storage, feed_server: FeedServer
) -> None:
    # 20 000-character ids differing only in their last digits: two different stories.
    items = "".join(f"<item><guid>{'y' * 19_995}{i:05d}</guid><title>t{i}</title></item>"
                    for i in range(3))  # fmt: skip
    outcome, articles, _ = sync_one(storage, feed_server.add("/long-ids.xml", rss(items)))
    assert outcome.error is None
    assert sorted(a.title for a in articles) == ["t0", "t1", "t2"]


# --- peak memory, measured in a fresh process ------------------------------------------------

_MEASURE = """
import json, sys, tempfile, time
from pathlib import Path
from reader.storage import Storage
from reader.sync import Sync, SyncOptions

def hwm():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent.
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024

with tempfile.TemporaryDirectory() as folder:
    storage = Storage(Path(folder) / "kabar.sqlite3")
    storage.add_source(sys.argv[1])
    before = hwm()
    started = time.monotonic()
    report = Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    outcome = report.outcomes[0]
    print(json.dumps({"error": outcome.error, "new": outcome.new, "before_mb": before,
                      "peak_mb": hwm(), "seconds": round(time.monotonic() - started, 2)}))
"""


def measure(url: str) -> dict[str, object]:
    """Sync one URL in a fresh process (parser in-process); its peak RSS and time."""
    result = subprocess.run([sys.executable, "-c", _MEASURE, url], capture_output=True,
                            text=True, timeout=90, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    measured: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    print(url.rsplit("/", 1)[-1], measured)
    return measured


def billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]><rss version="2.0">'
            "<channel><title>&lol9;</title><item><guid>1</guid><title>&lol9;</title></item>"
            "</channel></rss>").encode()  # fmt: skip


@pytest.mark.slow
def test_peak_memory_of_the_worst_documents_stays_bounded(feed_server: FeedServer) -> None:
    small = rss("".join(f"<item><guid>{i}</guid><title>Новость {i}</title></item>"
                        for i in range(50)))  # fmt: skip
    baseline = measure(feed_server.add("/baseline.xml", small))
    assert baseline["error"] is None and baseline["new"] == 50
    base = int(baseline["peak_mb"])  # type: ignore[call-overload]
    laughs = measure(feed_server.add("/laughs.xml", billion_laughs()))
    assert "entit" in str(laughs["error"]) and int(laughs["peak_mb"]) < base + 20  # type: ignore[call-overload]
    assert float(laughs["seconds"]) < 2  # type: ignore[arg-type]
    huge = rss("<item><guid>a</guid><title>a</title><description>" + "x" * 100 * 2**20)
    big = measure(feed_server.add("/100mb.xml", huge))
    assert "larger than" in str(big["error"]) and int(big["peak_mb"]) < base + 100  # type: ignore[call-overload]
    bomb = measure(feed_server.gzip_bomb("/bomb.xml", decoded_size=2**30))
    assert "larger than" in str(bomb["error"]) and int(bomb["peak_mb"]) < base + 100  # type: ignore[call-overload]
