"""Full articles kept for offline reading: a real sync from a local server, a real archive."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from reader.capture import CAPTURE_DAYS, jobs, wants_full_text
from reader.db import DB_FILENAME
from reader.fetch import FetchLimits
from reader.search import search
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter, SourceSettings
from tests.feedserver import FeedServer
from tests.paths import DATA_DIR

PAGE = DATA_DIR / "pages" / "tengrinews_like.html"
LEAD = "Турция и Азербайджан договорились о военном сотрудничестве"
# Only on the page, never in the feed: found once the full article is kept.
ONLY_ON_PAGE = "генеральное консульство"
PROMOS = ("Telegram", "ПОДЕЛИТЬСЯ", "Читайте также", "курс", "Погода")


def rss(items: list[tuple[str, str, str]]) -> bytes:
    now = format_datetime(datetime.now(UTC))
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<description>{escape(text)}</description><pubDate>{now}</pubDate></item>"
        for t, link, text in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    return f"{head}<title>Tengri-like</title><link>http://x/</link>{body}</channel></rss>".encode()


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


def teaser_feed(server: FeedServer) -> str:
    page = server.add("/world_news/1/", PAGE.read_bytes(), "text/html; charset=utf-8")
    gone = server.url("/world_news/2/")  # never added: 404
    pdf = server.add("/world_news/3/", b"%PDF-1.4 not a page", "application/pdf")
    return server.add("/rss", rss([
        (LEAD, page, "Президенты подписали декларацию."),
        ("Страница пропала", gone, "Короткий анонс."),
        ("Документ", pdf, "Ещё один короткий анонс."),
    ]))  # fmt: skip


def by_title(storage: Storage) -> dict[str, int]:
    return {a.title: a.id for a in storage.articles(ArticleFilter(), 100)}


def test_a_sync_keeps_the_whole_clean_article_of_a_teaser_feed(
    storage: Storage, feed_server: FeedServer
) -> None:
    source = storage.add_source(teaser_feed(feed_server))
    report = Sync(storage, SyncOptions(parse_workers=0)).run()
    assert (report.new, report.captured, report.capture_failed) == (3, 1, 2)
    article = storage.article(by_title(storage)[LEAD])
    assert article.full_state == "done" and ONLY_ON_PAGE in article.full_text
    assert article.full_text.count("Шуше") >= 1 and "<script" not in article.full_html
    for promo in PROMOS:
        assert promo not in article.full_text
    assert 'src="http://127.0.0.1' in article.full_html  # pictures with absolute addresses
    assert search(storage, ONLY_ON_PAGE)[0].article_id == article.id  # the full text is indexed
    assert feed_server.max_concurrent_connections <= 2  # polite: one host, two at most
    assert wants_full_text(storage, source.id, "auto")  # teasers: "auto" means on


def test_failures_keep_the_feed_text_and_say_why(storage: Storage, feed_server: FeedServer) -> None:
    storage.add_source(teaser_feed(feed_server))
    Sync(storage, SyncOptions(parse_workers=0)).run()
    gone = storage.article(by_title(storage)["Страница пропала"])
    pdf = storage.article(by_title(storage)["Документ"])
    assert gone.full_state == "failed" and "404" in (gone.full_error or "")
    assert pdf.full_state == "failed" and "application/pdf" in (pdf.full_error or "")
    assert gone.text == "Короткий анонс."  # the feed's text stays
    # A second sync does not hammer the failed pages: they wait hours before another try.
    hits = feed_server.hits("/world_news/2/")
    Sync(storage, SyncOptions(parse_workers=0)).run()
    assert feed_server.hits("/world_news/2/") == hits


def test_a_page_cut_mid_download_is_called_a_page_not_a_feed(
    storage: Storage, feed_server: FeedServer
) -> None:
    cut = feed_server.reset_mid_body("/world_news/9/", PAGE.read_bytes(), 500)
    storage.add_source(feed_server.add("/rss", rss([("Оборвалось", cut, "Анонс.")])))
    Sync(storage, SyncOptions(parse_workers=0)).run()
    article = storage.article(by_title(storage)["Оборвалось"])
    assert article.full_state == "failed"
    assert "before the article page was fully received" in (article.full_error or "")


def test_a_silent_site_costs_one_timeout_and_its_pages_wait_for_the_next_sync(
    storage: Storage, feed_server: FeedServer
) -> None:
    with FeedServer() as dead_site:  # the feed answers; the site with the articles does not
        links = [dead_site.hang(f"/news/{n}") for n in range(12)]
        items = [(f"Новость {n}", link, "Анонс.") for n, link in enumerate(links)]
        storage.add_source(feed_server.add("/rss", rss(items)))
        limits = FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=2)
        started = time.monotonic()
        report = Sync(storage, SyncOptions(parse_workers=0, limits=limits)).run()
        took, asked = time.monotonic() - started, len(dead_site.requests)
    assert report.new == 12 and report.captured == 0
    assert asked <= 2 and took < 8  # not 12 pages × 2 s
    waiting = [a for a in storage.articles(ArticleFilter(), 100) if a.full_state != "failed"]
    assert len(waiting) >= 10  # no attempt spent on them: the next sync asks again
    assert len(jobs(storage, [1])) >= 10


def test_full_content_feeds_and_off_are_never_fetched(
    storage: Storage, feed_server: FeedServer
) -> None:
    long_text = "Целый абзац текста статьи. " * 60  # ~1600 characters: a full-content feed
    page = feed_server.add("/post/1", PAGE.read_bytes(), "text/html")
    storage.add_source(feed_server.add("/full", rss([("Пост", page, long_text)])))
    storage.add_source(teaser_feed(feed_server), settings=SourceSettings(full_text="off"))
    Sync(storage, SyncOptions(parse_workers=0)).run()
    assert feed_server.hits("/post/1") == 0 and feed_server.hits("/world_news/1/") == 0


def test_an_interrupted_capture_resumes_where_it_stopped(
    storage: Storage, feed_server: FeedServer
) -> None:
    links = [feed_server.add(f"/a/{n}", PAGE.read_bytes(), "text/html") for n in range(6)]
    storage.add_source(feed_server.add("/rss", rss([(f"Новость {n}", link, "Анонс.")
                                                    for n, link in enumerate(links)])))  # fmt: skip
    feed_server.latency(0.2)
    sync = Sync(storage, SyncOptions(parse_workers=0))
    stopper = threading.Timer(0.5, sync.cancel)
    stopper.start()
    first = sync.run()
    stopper.join()
    assert first.captured < 6  # stopped part-way: some saved, the rest still missing
    feed_server.latency(0)
    left = jobs(storage, [1])
    assert len(left) == 6 - first.captured
    again = Sync(storage, SyncOptions(parse_workers=0)).run()
    assert again.captured == len(left) and jobs(storage, [1]) == []
    assert sum(feed_server.hits(f"/a/{n}") for n in range(6)) == 6  # each page fetched once


def test_only_recent_articles_are_captured() -> None:
    assert CAPTURE_DAYS >= 7  # a week away from the network still gets whole articles


def kabar(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.launcher", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_command_line_full_text_switches(tmp_path: Path, feed_server: FeedServer) -> None:
    url = teaser_feed(feed_server)
    added = kabar(tmp_path, "add", url, "--full-text", "off")
    assert added.returncode == 0, added.stderr
    assert feed_server.hits("/world_news/1/") == 0  # off: the first sync kept only the feed
    assert kabar(tmp_path, "set", "1", "--full-text", "on").returncode == 0
    captured = kabar(tmp_path, "capture")
    assert captured.returncode == 0 and "Saved 1 full article" in captured.stdout
    listed = json.loads(kabar(tmp_path, "articles", "--json").stdout)
    lead = next(a for a in listed if a["title"] == LEAD)
    shown = kabar(tmp_path, "show", str(lead["id"]))
    assert ONLY_ON_PAGE in shown.stdout
    failed = next(a for a in listed if a["title"] == "Страница пропала")
    assert "404" in kabar(tmp_path, "show", str(failed["id"])).stdout
    quiet = kabar(tmp_path, "sync", "--no-capture")
    assert quiet.returncode == 0 and "full article" not in quiet.stdout


def test_a_capture_cut_by_its_deadline_reports_what_it_saved(
    storage: Storage, feed_server: FeedServer
) -> None:
    links = [feed_server.add(f"/d/{n}", PAGE.read_bytes(), "text/html") for n in range(6)]
    storage.add_source(feed_server.add("/rss", rss([(f"Новость {n}", link, "Анонс.")
                                                    for n, link in enumerate(links)])))  # fmt: skip
    Sync(storage, SyncOptions(parse_workers=0, capture=False)).run()
    # Two pages at a time, each >= 1.5 s: the deadline cuts the run after one or two rounds
    # (a third could not end before 4.5 s), with 2 s to spare for extraction on a busy machine.
    feed_server.latency(1.5)
    report = Sync(storage, SyncOptions(parse_workers=0, capture_only=True,
                                       capture_deadline=3.5)).run()  # fmt: skip
    with storage.db.read() as c:
        kept = c.exec_driver_sql("SELECT count(*) FROM article_full WHERE state = 'done'")
        saved = kept.scalar_one()
    assert 0 < report.captured == saved < 6  # the summary matches what is on disk
