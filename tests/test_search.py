"""Offline search over a real archive: word forms, case, ё, phrases, operators, filters."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.errors import UsageError
from reader.saved_searches import (
    SavedSearch,
    remove_search,
    save_search,
    saved_searches,
    unread_counts,
)
from reader.search import DATE_WALK_FROM, SearchCancelled, count_matches, highlights, search
from reader.search_index import index_pending, pending_count, rebuild
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import SyncProgress
from reader.workers import pool_if
from tests.feedserver import FeedServer
from tests.paths import REAL_FEEDS

WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")
DARING_FIREBALL = next(p for p in REAL_FEEDS if p.name == "DaringFireball.rss")

# Sentences from the Tengrinews article in shared/reference (2021-06-16, Shusha declaration),
# a Kazakh sentence written for these tests, and an English one.
ARTICLES = [
    ("ru", "Эрдоган и Алиев подписали Шушинскую декларацию",
     "Президенты Турции и Азербайджана подписали декларацию в Шуше. Эрдоган прибыл в Карабах "
     "впервые после войны. В Карабахе прошли переговоры о союзнических отношениях."),
    ("ru", "Новогодняя ёлка в Алматы",
     "На площади Республики установили главную ёлку города. Ёлку украсили огнями."),
    ("kk", "Қазақстанның жаңа заңы",
     "Қазақстанда жаңа заң қабылданды. Депутаттар Қазақстан экономикасы туралы айтты."),
    ("en", "Runners gather in Astana",
     "Thousands of runners ran through the capital on Sunday morning."),
    ("ru", "Погода в Астане",
     "В Астане ожидается снег и ветер. Синоптики советуют одеться теплее."),
]  # fmt: skip


def add(storage: Storage, source_id: int, rows: list[tuple[str, str, str]], start: int = 0) -> None:
    plan_rows = tuple(
        {"source_id": source_id, "key": f"k{start + n}", "title": title, "language": lang,
         "first_seen": 1_600_000_000 + n, "sort_date": 1_600_000_000 + n,
         "published": int((datetime(2021, 6, 1, tzinfo=UTC) + timedelta(days=n)).timestamp()),
         "summary_html": f"<p>{text}</p>", "text": text, "content_hash": str(n)}
        for n, (lang, title, text) in enumerate(rows)
    )  # fmt: skip
    storage.apply(source_id, WritePlan(plan_rows, tuple(() for _ in plan_rows), (),
                                       SourcePatch({})))  # fmt: skip


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    news = store.add_source("https://tengrinews.kz/news.rss", title="Tengrinews", folder="KZ")
    add(store, news.id, ARTICLES)
    other = store.add_source("https://example.org/feed", title="Example")
    add(store, other.id, [("en", "Weather in Almaty", "Snow is expected in Almaty.")], 100)
    assert pending_count(store) == 6  # queued by triggers, not yet indexed
    assert index_pending(store) == 6
    yield store
    store.close()


def titles(storage: Storage, query: str, **kw: object) -> list[str]:
    return [hit.title for hit in search(storage, query, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Карабах", "Эрдоган и Алиев подписали Шушинскую декларацию"),  # text says «Карабахе»
        ("эрдогана", "Эрдоган и Алиев подписали Шушинскую декларацию"),
        ("ЭРДОГАН", "Эрдоган и Алиев подписали Шушинскую декларацию"),
        ("шуша", "Эрдоган и Алиев подписали Шушинскую декларацию"),
        ("елка", "Новогодняя ёлка в Алматы"),
        ("ЁЛКУ", "Новогодняя ёлка в Алматы"),
        ("Қазақстан", "Қазақстанның жаңа заңы"),
        ("қазақстанда", "Қазақстанның жаңа заңы"),
        ("gathering", "Runners gather in Astana"),
    ],
)
def test_word_forms_case_and_yo_are_found(storage: Storage, query: str, expected: str) -> None:
    assert titles(storage, query)[:1] == [expected]


def test_phrases_operators_and_filters(storage: Storage) -> None:
    assert titles(storage, '"подписали декларацию"') == [ARTICLES[0][1]]
    assert titles(storage, '"декларацию подписали"') == []  # word order matters in a phrase
    assert set(titles(storage, "ёлка OR снег")) == {ARTICLES[1][1], ARTICLES[4][1]}
    assert titles(storage, "Астане -снег") == []
    assert titles(storage, "Almaty") == ["Weather in Almaty"]  # no transliteration (yet)
    assert titles(storage, "snow source:Example") == ["Weather in Almaty"]
    assert titles(storage, "snow source:tengrinews") == []
    assert titles(storage, "folder:KZ lang:kk") == [ARTICLES[2][1]]
    assert titles(storage, "after:2021-06-05 before:2021-06-06") == [ARTICLES[4][1]]
    storage.mark([search(storage, "ёлка")[0].article_id], starred=True)
    assert titles(storage, "is:starred") == [ARTICLES[1][1]]
    assert len(titles(storage, "is:unread")) == 6
    storage.mark([search(storage, "ёлка")[0].article_id], read=True)
    assert ARTICLES[1][1] not in titles(storage, "is:unread")


def test_snippets_highlight_the_original_words(storage: Storage) -> None:
    [hit] = search(storage, "Карабах")
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.highlights]
    assert marked == ["Карабах", "Карабахе"]
    [hit] = search(storage, "эрдогана")
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["Эрдоган"]


def test_index_follows_updates_and_deletes(storage: Storage) -> None:
    source = storage.find_source("Tengrinews")
    changed = [("ru", "Погода в Астане", "В Астане ожидается гроза и ливень.")]
    keys = {a.title: a.key for a in storage.articles(limit=50)}
    article = next(a for a in storage.articles(limit=50) if a.title == "Погода в Астане")
    values = {"title": "Погода в Астане", "summary_html": "<p>x</p>", "text": changed[0][2],
              "content_hash": "new"}  # fmt: skip
    storage.apply(source.id, WritePlan((), (), ((article.id, values, ()),), SourcePatch({})))
    assert keys  # the update went through the same plan the sync uses
    index_pending(storage)
    assert titles(storage, "гроза") == ["Погода в Астане"]
    assert titles(storage, "снег") == []  # the old words are gone from the index
    storage.remove_source(source.id)
    assert titles(storage, "Эрдоган") == [] and titles(storage, "гроза") == []
    assert rebuild(storage) == 1 and titles(storage, "snow") == ["Weather in Almaty"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_input_is_searchable_without_an_error(storage: Storage, query: str) -> None:
    hits = search(storage, query, limit=5)
    assert len(hits) <= 5


HOSTILE = ['"', "(", "OR", "NOT", "-", "*", "a:b", "^x", "' OR 1=1 --", "title:x",
           "NEAR(a b)", '"unbalanced', "))((", "\x00"]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_words_at_worst(storage: Storage, query: str) -> None:
    search(storage, query)  # never an exception, never a raw SQLite error


# -- keeping the index in step ------------------------------------------------------------


@pytest.mark.parametrize("workers", [0, 2])
def test_a_sync_leaves_what_it_brought_searchable(
    tmp_path: Path, feed_server: FeedServer, workers: int
) -> None:
    storage = Storage(tmp_path / DB_FILENAME)
    storage.add_source(feed_server.add_file("/bash.xml", WIN1251))
    english = storage.add_source(feed_server.add_file("/df.rss", DARING_FIREBALL))
    seen: list[SyncProgress] = []
    Sync(storage, SyncOptions(parse_workers=workers), seen.append).run()
    assert pending_count(storage) == 0  # nothing left for a search to wait on
    assert "Цитата #17703" in titles(storage, "программеры", limit=50)  # «программер»
    assert search(storage, "antennas", limit=1)[0].source_id == english.id
    assert seen[-1].to_index > 0 and seen[-1].indexed == seen[-1].to_index
    storage.close()


def test_an_article_changed_while_its_terms_are_computed_is_indexed_again(
    storage: Storage,
) -> None:
    source = storage.find_source("Tengrinews")
    article = next(a for a in storage.articles(limit=50) if a.title == "Погода в Астане")
    values = {"title": article.title, "summary_html": "<p>x</p>", "content_hash": "new",
              "text": "В Астане ожидается гроза и ливень."}  # fmt: skip

    class ConcurrentSync(ThreadPoolExecutor):
        """A second writer (another sync) changes the article while the terms are computed."""

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            future = super().submit(fn, *args, **kwargs)
            future.result()
            storage.apply(source.id, WritePlan((), (), ((article.id, values, ()),),
                                               SourcePatch({})))  # fmt: skip
            return future

    with storage.db.write() as c:
        c.exec_driver_sql("INSERT INTO search_pending SELECT id FROM article")
    with ConcurrentSync(1) as pool:
        index_pending(storage, pool)
    assert pending_count(storage) == 0
    assert titles(storage, "гроза") == ["Погода в Астане"]
    assert titles(storage, "снег") == []  # the terms computed from the old text were not kept


def test_worker_processes_index_exactly_like_this_process(tmp_path: Path) -> None:
    stores = []
    for name, workers in (("here", 0), ("pool", 2)):
        store = Storage(tmp_path / name / DB_FILENAME)
        source = store.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
        add(store, source.id, ARTICLES * 300)  # more than one batch, several worker chunks
        with pool_if(workers > 0) as pool:
            assert pool is not None or workers == 0
            assert index_pending(store, pool) == len(ARTICLES) * 300
        stores.append(store)
    here, pool_made = (fts_rows(store) for store in stores)
    assert here == pool_made and len(here) == len(ARTICLES) * 300
    for store in stores:
        store.close()


def fts_rows(storage: Storage) -> list[tuple[Any, ...]]:
    with storage.db.read() as c:
        return [
            tuple(r) for r in c.exec_driver_sql("SELECT rowid, * FROM article_fts ORDER BY rowid")
        ]


def test_a_newer_query_cancels_the_running_one(tmp_path: Path) -> None:
    storage = Storage(tmp_path / DB_FILENAME)
    source = storage.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
    add(storage, source.id, ARTICLES * 400)
    index_pending(storage)
    asked = []

    def superseded() -> bool:  # the user typed on after the first few thousand steps
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(SearchCancelled):
        search(storage, "Астане OR runners OR ёлка", should_stop=superseded)
    assert len(asked) >= 2  # SQLite itself asked while it worked, not only Kabar afterwards
    assert len(search(storage, "Астане", limit=10, should_stop=lambda: False)) == 10
    storage.close()


def test_counts_and_highlights_for_the_window(storage: Storage) -> None:
    assert count_matches(storage, "Астана") == 1  # «Погода в Астане»
    assert count_matches(storage, "source:Tengrinews") == len(ARTICLES)  # filters alone
    assert count_matches(storage, "is:starred") == 0
    [hit] = search(storage, "ёлка")
    storage.mark([hit.article_id], read=True)
    assert count_matches(storage, "елка", unread_only=True) == 0
    assert count_matches(storage, "елка") == 1
    text = "Ёлку 🎄 украсили: ёлка стоит в Алматы."
    spots = highlights(text, "елка")
    utf16 = text.encode("utf-16-le")
    assert [utf16[2 * a : 2 * b].decode("utf-16-le") for a, b in spots] == ["Ёлку", "ёлка"]


def test_saved_searches_keep_their_queries_and_count_unread(storage: Storage) -> None:
    assert saved_searches(storage) == []
    save_search(storage, "Астана")
    save_search(storage, "ёлка OR Эрдоган", "  Праздники  и   политика ")
    save_search(storage, "Эрдоган", "Праздники и политика")  # same name: replaced
    assert saved_searches(storage) == [SavedSearch("Астана", "Астана"),
                                        SavedSearch("Праздники и политика", "Эрдоган")]  # fmt: skip
    counts = unread_counts(storage, saved_searches(storage))
    assert counts == {"Астана": 1, "Праздники и политика": 1}
    with pytest.raises(UsageError):
        save_search(storage, "   ")
    assert remove_search(storage, "Астана") and not remove_search(storage, "Астана")
    assert [s.name for s in saved_searches(storage)] == ["Праздники и политика"]


def test_newest_first_is_right_for_a_word_in_thousands_of_articles(tmp_path: Path) -> None:
    storage = Storage(tmp_path / DB_FILENAME)
    source = storage.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
    rows = [("ru", f"Погода {n}", "В Астане ожидается снег.") for n in range(DATE_WALK_FROM + 50)]
    add(storage, source.id, rows)
    index_pending(storage)
    newest = search(storage, "снег", limit=20, by_date=True)  # walks the date index
    dates = [storage.article(h.article_id).sort_date for h in newest]
    assert len(newest) == 20 and dates == sorted(dates, reverse=True)
    top = max(storage.articles(limit=1), key=lambda a: a.sort_date)
    assert newest[0].article_id == top.id
    few = search(storage, "Погода 7", limit=5, by_date=True)  # few matches: sorted directly
    assert [h.title for h in few][:1] == ["Погода 7"]
    storage.close()
