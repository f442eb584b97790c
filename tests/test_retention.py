"""The storage budget: old articles and pictures go, starred ones never do; offline is offline."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.images import ImageCache
from reader.retention import Policy, cleanup, doomed, policy, set_policy, sizes
from reader.storage import Storage
from reader.types import ArticleFilter
from tests.feedserver import FeedServer
from tests.test_ui_offline import png

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def archive(tmp_path: Path, days_old: list[int]) -> Storage:
    storage = Storage(tmp_path / DB_FILENAME)
    source = storage.add_source("https://example.kz/rss", title="Example")
    rows = tuple(
        {"source_id": source.id, "key": f"k{n}", "title": f"День {age}",
         "first_seen": int((NOW - timedelta(days=age)).timestamp()),
         "sort_date": int((NOW - timedelta(days=age)).timestamp()),
         "summary_html": f'<p>Текст <img src="https://img.example.kz/{n}.png"></p>',
         "text": "Текст", "content_hash": str(n)}
        for n, age in enumerate(days_old)
    )  # fmt: skip
    storage.apply(source.id, WritePlan(rows, tuple(() for _ in rows), (), SourcePatch({})))
    return storage


def titles(storage: Storage) -> list[str]:
    return sorted(a.title for a in storage.articles(ArticleFilter(), 100))


def test_old_articles_go_starred_and_optionally_unread_stay(tmp_path: Path) -> None:
    storage = archive(tmp_path, [1, 10, 200, 300, 400])
    by_title = {a.title: a.id for a in storage.articles(ArticleFilter(), 100)}
    storage.mark([by_title["День 300"]], starred=True)
    storage.mark([by_title["День 200"], by_title["День 400"]], read=True)
    assert len(doomed(storage, Policy(keep_days=180, keep_unread=True), NOW)) == 2
    report = cleanup(storage, Policy(keep_days=180), now=NOW, dry_run=True)
    assert report.dry_run and report.articles == 2 and len(titles(storage)) == 5
    cleanup(storage, Policy(keep_days=180), now=NOW)
    assert titles(storage) == ["День 1", "День 10", "День 300"]  # the starred one stayed
    assert storage.source(1).total == 3 and storage.counts()[2] == 1  # counters follow
    storage.close()


def test_at_most_n_per_source_keeps_the_newest(tmp_path: Path) -> None:
    storage = archive(tmp_path, [1, 2, 3, 4, 5])
    cleanup(storage, Policy(keep_days=0, max_per_source=2), now=NOW)
    assert titles(storage) == ["День 1", "День 2"]
    set_policy(storage, Policy(keep_days=30, image_budget_mb=5))
    assert policy(storage) == Policy(keep_days=30, image_budget_mb=5)
    storage.close()


def test_the_image_budget_never_evicts_a_starred_articles_pictures(tmp_path: Path) -> None:
    storage = archive(tmp_path, [1, 2, 3])
    cache = ImageCache(tmp_path / "cache")
    for n in range(3):
        cache.store(f"https://img.example.kz/{n}.png", png(300 + n, 300))  # three files
    starred = next(a.id for a in storage.articles(ArticleFilter(), 10) if a.title == "День 3")
    storage.mark([starred], starred=True)
    report = cleanup(storage, Policy(keep_days=0, image_budget_mb=0), tmp_path / "cache")
    assert report.image_bytes > 0
    kept = [n for n in range(3) if cache.path_for(f"https://img.example.kz/{n}.png")]
    assert kept == [2]  # «День 3» is the third article: its picture alone survives
    assert sizes(storage, tmp_path / "cache")["image_bytes"] == cache.size() > 0
    storage.close()


def kabar(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.launcher", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_cleanup_storage_and_offline_from_the_command_line(tmp_path: Path) -> None:
    archive(tmp_path, [1, 400]).close()
    dry = kabar(tmp_path, "cleanup", "--dry-run")
    assert dry.returncode == 0 and "Would remove 1 article" in dry.stdout
    assert kabar(tmp_path, "cleanup").returncode == 0
    shown = json.loads(kabar(tmp_path, "storage", "--json").stdout)
    assert shown["articles"] == 1 and shown["policy"]["keep_days"] == 180
    with FeedServer() as server:
        url = server.add("/rss", b"<rss/>")
        for args in (("--offline", "sync"), ("sync", "--offline"), ("--offline", "add", url),
                     ("--offline", "capture")):  # fmt: skip
            refused = kabar(tmp_path, *args)
            assert refused.returncode == 2 and "Offline mode" in refused.stderr
        assert server.requests == []  # not one request was made


def test_a_new_feed_with_years_of_history_is_not_cleaned_away(tmp_path: Path) -> None:
    storage = archive(tmp_path, [1, 400, 2000])
    with storage.db.write() as c:  # just arrived, though published long ago
        c.exec_driver_sql("UPDATE article SET first_seen = ?", (int(NOW.timestamp()),))
    assert cleanup(storage, Policy(keep_days=180), now=NOW).articles == 0
    assert len(titles(storage)) == 3
    storage.close()
