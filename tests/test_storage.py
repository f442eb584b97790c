"""The database: schema upgrades, refusal of newer files, keyset paging, counts, user state."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import SQLModel

from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.errors import StorageError, UsageError
from reader.migrations import LATEST_VERSION
from reader.models import ArticleRow  # noqa: F401  (registers the tables in the metadata)
from reader.storage import Storage
from reader.types import ArticleFilter, PageCursor
from tests.paths import DATA_DIR

V1_FIXTURE = DATA_DIR / "db" / "kabar-v1.sqlite3"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


def insert_articles(storage: Storage, source_id: int, count: int, start: int = 0) -> None:
    rows = tuple(
        {"source_id": source_id, "key": f"k{n}", "title": f"Article {n}",
         "first_seen": int(NOW.timestamp()), "sort_date": int(NOW.timestamp()) - n // 3,
         "content_hash": "h"}
        for n in range(start, start + count)
    )  # fmt: skip
    storage.apply(source_id, WritePlan(rows, tuple(() for _ in rows), (), SourcePatch({})))


def test_fresh_database_has_latest_schema_and_pragmas(tmp_path: Path) -> None:
    store = Storage(tmp_path / DB_FILENAME)
    assert store.db.schema_version() == LATEST_VERSION
    with store.db.read() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    store.close()


def test_migrations_create_exactly_the_sqlmodel_columns(storage: Storage) -> None:
    with storage.db.read() as c:
        for table in SQLModel.metadata.sorted_tables:
            rows = c.exec_driver_sql(f"PRAGMA table_info({table.name})").all()
            assert {row[1] for row in rows} == set(table.columns.keys()), table.name


def test_v1_database_upgrades_keeping_every_article_and_flag(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    shutil.copy(V1_FIXTURE, path)
    store = Storage(path)
    assert store.db.schema_version() == LATEST_VERSION
    tengri = store.find_source("Tengrinews")
    assert (tengri.total, tengri.unread, tengri.folder) == (20, 14, "Казахстан")
    starred = store.articles(ArticleFilter(starred=True))
    assert sorted(a.title for a in starred) == ["Новость номер 25", "Новость номер 5"]
    assert store.article(5).enclosures[0].url == "https://tengrinews.kz/audio/5.mp3"
    # v3 moved bodies to their own table: every text came along.
    assert store.article(5).text == "Текст новости 5"
    assert store.article(5).summary_html == "<p>Текст новости 5</p>"
    assert len(store.articles(limit=100)) == 30
    assert store.db.integrity_check() == "ok"
    # The migration kept a copy of the old file, in case the user wants to go back.
    assert (tmp_path / f"{DB_FILENAME}.before-v{LATEST_VERSION}.bak").exists()
    # Counters follow later changes (the v2 triggers are live).
    store.mark([1, 2], read=True)
    assert store.find_source("Tengrinews").unread == 12
    store.close()


def test_newer_schema_is_refused_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    Storage(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.close()
    with pytest.raises(StorageError, match="newer Kabar"):
        Storage(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 5
    raw.close()


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StorageError, match=r"damaged|database"):
        Storage(path)


def test_keyset_pages_cover_the_archive_once_in_order(storage: Storage) -> None:
    source = storage.add_source("https://example.org/feed")
    insert_articles(storage, source.id, 250)
    seen: list[int] = []
    cursor = None
    while True:
        page = storage.articles(limit=40, after=cursor)
        if not page:
            break
        seen.extend(a.id for a in page)
        cursor = PageCursor(page[-1].sort_date, page[-1].id)
    assert len(seen) == len(set(seen)) == 250
    articles = [storage.article(i) for i in seen]
    keys = [(a.sort_date, a.id) for a in articles]
    assert keys == sorted(keys, reverse=True)


def test_list_queries_use_indexes_not_a_full_scan(storage: Storage) -> None:
    # The plan of the very statements the lists run: what keeps them fast at a million rows.
    source = storage.add_source("https://a.example/feed", folder="News")
    statements: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, sql: str, params: object, *_: object) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "FROM article" in sql:
            statements.append((sql, params))

    event.listen(storage.db.engine, "before_cursor_execute", capture)
    cursor = PageCursor(NOW, 10**9)
    for flt in (
        ArticleFilter(),
        ArticleFilter(unread=True),
        ArticleFilter(starred=True),
        ArticleFilter(source_id=source.id),
        ArticleFilter(source_id=source.id, unread=True),
    ):
        storage.articles(flt, limit=50, after=cursor)
    event.remove(storage.db.engine, "before_cursor_execute", capture)
    assert len(statements) == 5
    with storage.db.read() as c:
        for sql, params in statements:
            plan = " ".join(
                str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            )
            assert "SEARCH article USING" in plan and "TEMP B-TREE" not in plan, (sql, plan)


def test_counts_follow_inserts_marks_and_removal(storage: Storage) -> None:
    a = storage.add_source("https://a.example/feed")
    b = storage.add_source("https://b.example/feed")
    insert_articles(storage, a.id, 10)
    insert_articles(storage, b.id, 5)
    ids = [x.id for x in storage.articles(ArticleFilter(source_id=a.id), limit=3)]
    storage.mark(ids, read=True)
    storage.mark(ids[:1], starred=True)
    assert (storage.source(a.id).unread, storage.source(a.id).total) == (7, 10)
    assert storage.counts() == (15, 12, 1)
    assert storage.mark_all_read(source_id=b.id) == 5
    assert storage.source(b.id).unread == 0
    storage.remove_source(a.id)
    assert storage.counts() == (5, 0, 0)


def test_adding_the_same_url_twice_is_a_clear_usage_error(storage: Storage) -> None:
    storage.add_source("https://a.example/feed")
    with pytest.raises(UsageError, match="already follow"):
        storage.add_source("https://a.example/feed")


def test_find_source_by_id_url_or_title(storage: Storage) -> None:
    s = storage.add_source("https://a.example/feed", title="Tengrinews")
    assert storage.find_source(str(s.id)) == s
    assert storage.find_source("https://a.example/feed").id == s.id
    assert storage.find_source("tengrinews").id == s.id
    with pytest.raises(UsageError, match="No source matches"):
        storage.find_source("nothing")


def test_settings_round_trip(storage: Storage) -> None:
    assert storage.setting("theme", "light") == "light"
    storage.set_setting("theme", {"font": "serif", "zoom": 1.2})
    assert storage.setting("theme") == {"font": "serif", "zoom": 1.2}


def test_failed_write_changes_nothing(storage: Storage) -> None:
    source = storage.add_source("https://a.example/feed")
    insert_articles(storage, source.id, 3)
    before = storage.articles()
    bad_row = {"source_id": source.id, "key": "x", "title": "x"}  # no first_seen: NOT NULL
    good_row = {**bad_row, "key": "y", "first_seen": 1, "sort_date": 1}
    with pytest.raises(Exception, match=r"NOT NULL|first_seen"):
        storage.apply(source.id, WritePlan((good_row, bad_row), ((), ()), (),
                                           SourcePatch({"title": "changed"})))  # fmt: skip
    assert storage.articles() == before
    assert storage.source(source.id).title is None


def test_marks_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    store = Storage(path)
    source = store.add_source("https://a.example/feed")
    insert_articles(store, source.id, 4)
    first = store.articles(limit=1)[0]
    store.mark([first.id], read=True, starred=True)
    store.close()
    again = Storage(path)
    article = again.article(first.id)
    assert article.read and article.starred
    assert again.source(source.id).unread == 3
    again.close()
    assert NOW - timedelta(days=1) < NOW  # keep NOW's import honest for readers
