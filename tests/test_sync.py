"""Sync semantics against a real HTTP server on 127.0.0.1: what a user would see in the list."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest

from reader.db import DB_FILENAME
from reader.fetch import FetchLimits
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter, SourceState, SyncProgress
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=3)


def rss(*items: tuple[str, str], title: str = "Лента") -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{text}</title><link>https://example.kz/{guid}"
        f"?utm_source=rss&amp;id=1</link><description>&lt;p&gt;{text} текст&lt;/p&gt;"
        f"</description><pubDate>Tue, 01 Nov 2022 10:{n:02d}:00 GMT</pubDate></item>"
        for n, (guid, text) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>https://example.kz/</link>{body}</channel></rss>"
    ).encode()


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


def sync(storage: Storage, ids: list[int] | None = None, **options: object) -> list:  # type: ignore[type-arg]
    opts = SyncOptions(limits=options.pop("limits", FAST), **options)  # type: ignore[arg-type]
    return list(Sync(storage, opts).run(ids).outcomes)


def test_first_sync_stores_cyrillic_articles_from_windows_1251(
    storage: Storage, feed_server: FeedServer
) -> None:
    source = storage.add_source(feed_server.add_file("/bash.xml", WIN1251))
    [outcome] = sync(storage)
    assert outcome.error is None and outcome.new == 50
    titles = [a.title for a in storage.articles(ArticleFilter(source_id=source.id))]
    assert all(t.startswith("Цитата #") for t in titles)
    quote = next(a for a in storage.articles(limit=100) if a.title == "Цитата #17703")
    assert "есть у кого жаба программер" in quote.text
    assert storage.source(source.id).title  # the feed's own title was taken


def test_304_parses_nothing_writes_nothing_and_clears_the_error(
    storage: Storage, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", rss(("a", "Первая"), ("b", "Вторая")))
    source = storage.add_source(url)
    sync(storage)
    storage.patch_source(source.id, _patch(last_error="old problem", failures=2))
    before = storage.articles()
    [outcome] = sync(storage)
    assert outcome.not_modified
    last = feed_server.requests[-1]
    assert last.header("If-None-Match") and last.header("If-Modified-Since")
    assert (last.header("User-Agent") or "").startswith("Kabar/")  # an honest User-Agent
    after = storage.source(source.id)
    assert after.last_error is None and after.failures == 0
    assert storage.articles() == before


def test_same_article_updated_in_place_keeps_read_and_star(
    storage: Storage, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", rss(("a", "Старый заголовок"), ("b", "Другая")))
    source = storage.add_source(url)
    sync(storage)
    article = next(a for a in storage.articles() if a.title == "Старый заголовок")
    storage.mark([article.id], read=True, starred=True)
    feed_server.set_body("/feed.xml", rss(("a", "Новый заголовок"), ("b", "Другая")))
    [outcome] = sync(storage)
    assert (outcome.new, outcome.updated) == (0, 1)
    updated = storage.article(article.id)
    assert updated.title == "Новый заголовок" and updated.read and updated.starred
    assert storage.source(source.id).total == 2


def test_articles_that_leave_the_feed_stay_in_the_archive(
    storage: Storage, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", rss(("a", "Один"), ("b", "Два")))
    storage.add_source(url)
    sync(storage)
    feed_server.set_body("/feed.xml", rss(("c", "Три")))
    sync(storage)
    assert sorted(a.title for a in storage.articles()) == ["Два", "Один", "Три"]


def test_backdated_entry_seen_later_sorts_by_arrival(
    storage: Storage, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", rss(("new", "Свежая")))
    storage.add_source(url)
    sync(storage)
    backdated = (
        rss(("new", "Свежая"), ("old", "Задним числом"))
        .replace(b"10:01:00 GMT", b"10:01:00 GMT".replace(b"10:01", b"10:01"))
        .replace(b"Tue, 01 Nov 2022 10:01:00", b"Sat, 01 Jan 2000 10:01:00")
    )
    feed_server.set_body("/feed.xml", backdated)
    sync(storage)
    newest = storage.articles(limit=1)[0]
    assert newest.title == "Задним числом"
    assert newest.published is not None and newest.published.year == 2000


def test_links_lose_tracking_parameters(storage: Storage, feed_server: FeedServer) -> None:
    storage.add_source(feed_server.add("/feed.xml", rss(("a", "Статья"))))
    sync(storage)
    assert storage.articles()[0].link == "https://example.kz/a?id=1"


def test_gone_source_is_marked_and_no_longer_polled(
    storage: Storage, feed_server: FeedServer
) -> None:
    source = storage.add_source(feed_server.status("/gone.xml", 410))
    [outcome] = sync(storage)
    assert "410" in (outcome.error or "")
    assert storage.source(source.id).state == SourceState.GONE
    assert sync(storage) == []
    assert feed_server.hits("/gone.xml") == 1


@pytest.mark.parametrize("retry_after", ["120", "HTTP-DATE"])
def test_retry_after_pushes_the_next_attempt_out(
    storage: Storage, feed_server: FeedServer, retry_after: str
) -> None:
    if retry_after == "HTTP-DATE":
        when = datetime.now(UTC) + timedelta(seconds=120)
        retry_after = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    url = feed_server.status("/busy.xml", 429, {"Retry-After": retry_after})
    source = storage.add_source(url)
    [first] = sync(storage)
    assert "slow down" in (first.error or "")
    not_before = storage.source(source.id).retry_not_before
    assert not_before is not None
    assert timedelta(seconds=100) < not_before - datetime.now(UTC) < timedelta(seconds=125)
    [second] = sync(storage)
    assert "wait until" in (second.error or "")
    assert feed_server.hits("/busy.xml") == 1


def test_cache_control_max_age_sets_a_minimum_interval(
    storage: Storage, feed_server: FeedServer
) -> None:
    url = feed_server.add("/f.xml", rss(("a", "x")), headers={"Cache-Control": "max-age=7200"})
    source = storage.add_source(url)
    sync(storage)
    due = storage.source(source.id).next_due
    assert due is not None and due - datetime.now(UTC) > timedelta(minutes=115)
    assert sync(storage, due_only=True) == []


def test_permanent_redirect_updates_the_url_once_it_holds(
    storage: Storage, feed_server: FeedServer
) -> None:
    new_url = feed_server.add("/new.xml", rss(("a", "Переехали")))
    source = storage.add_source(feed_server.redirect("/old.xml", new_url, 301))
    for _ in range(2):
        [outcome] = sync(storage)
        assert outcome.error is None
        assert storage.source(source.id).url.endswith("/old.xml")
    sync(storage)
    moved = storage.source(source.id)
    assert moved.url == new_url and moved.state == SourceState.MOVED
    assert storage.source(source.id).total == 1


def test_temporary_redirect_never_changes_the_url(
    storage: Storage, feed_server: FeedServer
) -> None:
    target = feed_server.add("/t.xml", rss(("a", "x")))
    source = storage.add_source(feed_server.redirect("/tmp.xml", target, 302))
    for _ in range(4):
        sync(storage)
    assert storage.source(source.id).url.endswith("/tmp.xml")


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda s: s.redirect_loop("/loop.xml"), "redirects"),
        (lambda s: s.redirect("/ftp.xml", "ftp://example.org/feed.xml"), "non-web"),
        (lambda s: s.redirect("/file.xml", "file:///etc/passwd"), "non-web"),
        (lambda s: s.status("/missing.xml", 404), "not found"),
        (lambda s: s.status("/boom.xml", 500), "internal error"),
        (lambda s: s.html_page("/login.xml", "<html><body><form>Login</form></body></html>"),
         "web page"),
        (lambda s: s.reset_mid_body("/reset.xml", rss(("a", "x")) * 50, 200), "cut"),
        (lambda s: s.reset_mid_body("/short.xml", rss(("a", "x")) * 50, 200, reset=False),
         "cut"),  # Content-Length larger than the body, then a normal close
        (lambda s: s.gzip_bomb("/bomb.xml"), "larger than"),
        (lambda s: s.hang("/hang.xml"), "did not answer"),
        (lambda s: s.slow("/slow.xml", rss(("a", "x")), 0.5), "did not answer"),
    ],
)  # fmt: skip
def test_failures_are_recorded_in_plain_words_and_lose_nothing(
    storage: Storage, feed_server: FeedServer, setup: object, words: str
) -> None:
    good = storage.add_source(feed_server.add("/good.xml", rss(("a", "Хорошая"))))
    sync(storage)
    storage.mark([storage.articles()[0].id], starred=True)
    other = storage.add_source(feed_server.add("/other.xml", rss(("o", "Другая"))))
    storage.update_source(good.id, url=setup(feed_server))  # type: ignore[operator]
    started = time.monotonic()
    outcomes = {o.source_id: o for o in sync(storage)}
    assert time.monotonic() - started < 10
    assert words in (outcomes[good.id].error or ""), outcomes[good.id].error
    source = storage.source(good.id)
    assert source.failures == 1 and source.last_error == outcomes[good.id].error
    assert [a.title for a in storage.articles(ArticleFilter(source_id=good.id))] == ["Хорошая"]
    assert storage.articles(ArticleFilter(starred=True))[0].title == "Хорошая"
    assert outcomes[other.id].error is None  # one source failing never holds up another


def test_redirect_from_public_to_private_address_is_refused() -> None:
    from reader.fetch import Fetcher

    # No server is contacted: the refusal happens before following the Location.
    fetcher = Fetcher(FAST)

    class FakeResponse:
        headers: ClassVar[dict[str, str]] = {"Location": "http://127.0.0.1/admin"}

    with pytest.raises(Exception, match="private network"):
        fetcher._redirect_target("https://public.example/feed", FakeResponse(),  # type: ignore[arg-type]
                                 ["https://public.example/feed"], allow_private=False)  # fmt: skip


def test_many_sources_at_most_two_connections_per_host_and_reuse(
    storage: Storage, feed_server: FeedServer
) -> None:
    feed_server.latency(0.05)
    for n in range(12):
        storage.add_source(feed_server.add(f"/f{n}.xml", rss((f"g{n}", f"Новость {n}"))))
    outcomes = sync(storage, parse_workers=0)
    assert len(outcomes) == 12 and not [o for o in outcomes if o.error]
    assert feed_server.max_concurrent_connections <= 2
    assert feed_server.connections_opened <= 4  # keep-alive: far fewer than 12 requests


def test_one_dead_source_does_not_hold_up_the_others(
    storage: Storage, tmp_path: Path, feed_server: FeedServer
) -> None:
    with FeedServer() as other:
        dead = storage.add_source(other.hang("/hang.xml"))
        for n in range(4):
            storage.add_source(feed_server.add(f"/f{n}.xml", rss((f"g{n}", "x"))))
        finished: dict[int, float] = {}
        started = time.monotonic()

        def progress(p: SyncProgress) -> None:
            if p.last:
                finished[p.last.source_id] = time.monotonic() - started

        Sync(storage, SyncOptions(limits=FAST), progress).run()
    assert all(t < 1.5 for sid, t in finished.items() if sid != dead.id)
    assert finished[dead.id] >= 1.9  # it waited out its own timeout


def test_whole_sync_deadline_and_cancel(storage: Storage, feed_server: FeedServer) -> None:
    for n in range(3):
        storage.add_source(feed_server.hang(f"/h{n}.xml"))
    started = time.monotonic()
    report = Sync(storage, SyncOptions(limits=FetchLimits(total_timeout=30), deadline=1)).run()
    assert time.monotonic() - started < 3
    assert all("ran out of time" in (o.error or "") for o in report.outcomes)
    job = Sync(storage, SyncOptions(limits=FetchLimits(total_timeout=30)))
    threading.Timer(0.5, job.cancel).start()
    started = time.monotonic()
    report = job.run()
    assert report.cancelled and time.monotonic() - started < 3


def test_progress_reports_every_source(storage: Storage, feed_server: FeedServer) -> None:
    for n in range(3):
        storage.add_source(feed_server.add(f"/p{n}.xml", rss((f"p{n}", "x"), (f"q{n}", "y"))))
    seen: list[SyncProgress] = []
    Sync(storage, SyncOptions(limits=FAST), seen.append).run()
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 3
    assert seen[-1].new == 6 and seen[-1].failed == 0


def test_many_real_feeds_through_the_process_pool(
    storage: Storage, feed_server: FeedServer
) -> None:
    for n, path in enumerate(REAL_FEEDS):
        storage.add_source(feed_server.add_file(f"/r{n}/{path.name}", path))
    outcomes = sync(storage, parse_workers=2)
    failed = {o.url.rsplit("/", 1)[-1]: o.error for o in outcomes if o.error}
    assert set(failed) == {"ScriptingNews.json"}, failed  # RSS written as JSON: not a feed
    total, unread, _ = storage.counts()
    assert total == unread > 1000
    again = sync(storage, parse_workers=2)
    assert sum(o.new + o.updated for o in again) == 0


def _patch(**values: object):  # type: ignore[no-untyped-def]
    from reader.decide import SourcePatch

    return SourcePatch(dict(values))


def test_gzip_bomb_is_refused_with_bounded_memory(feed_server: FeedServer) -> None:
    # 1 GiB of zeros in ~1 MB of gzip: refused at the 20 MB cap, and memory stays small.
    url = feed_server.gzip_bomb("/bomb.xml", decoded_size=2**30)
    code = (
        "import asyncio\n"
        "from reader.fetch import Fetcher\n"
        "from reader.errors import FetchError\n"
        "async def main():\n"
        "    async with Fetcher() as fetcher:\n"
        "        try:\n"
        f"            await fetcher.fetch({url!r})\n"
        "        except FetchError as error:\n"
        "            print(error)\n"
        "asyncio.run(main())\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent.
        "status = open('/proc/self/status').read()\n"
        "print(int(status.split('VmHWM:')[1].split()[0]) // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    message, peak_mb = result.stdout.strip().rsplit("\n", 1)
    assert "larger than 20 MB" in message
    assert int(peak_mb) < 150, f"peak RSS {peak_mb} MB"
