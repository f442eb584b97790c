"""JSON export: every field of every article, in a stable, documented shape (README "Export").

    {"format": "kabar-export", "version": 1, "exported_at": "2026-11-25T10:00:00Z",
     "articles": [{"id": …, "source": {"id", "title", "url", "folder"}, "title": …, …}]}

Every field of reader.types.Article is there under its own name (dates as ISO 8601 in UTC,
enclosures as objects); `article_from_json` turns an entry back into an equal Article.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.errors import UsageError
from reader.export.atomic import atomic_file, check_stop
from reader.images import ImageCache
from reader.types import Article, Enclosure, Source

FORMAT, VERSION = "kabar-export", 1
_DATES = ("published", "updated", "first_seen", "sort_date")
# The sources of the articles being exported, set by reader.export.export: the writer
# contract passes only articles, and an Article knows its source's title but not its URL.
SOURCES: ContextVar[Mapping[int, Source]] = ContextVar("export_sources", default={})  # noqa: B039


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def article_json(article: Article, source: Source | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for item in fields(Article):
        value = getattr(article, item.name)
        if item.name in _DATES:
            value = _iso(value)
        elif item.name == "enclosures":
            value = [{"url": e.url, "type": e.type, "length": e.length} for e in value]
        entry[item.name] = value
    entry["source"] = {
        "id": article.source_id, "title": article.source_title,
        "url": source.url if source else None, "folder": source.folder if source else None,
    }  # fmt: skip
    return entry


def article_from_json(entry: Mapping[str, Any]) -> Article:
    """The Article an exported entry describes (extra keys such as "source" are ignored)."""
    values: dict[str, Any] = {}
    for item in fields(Article):
        value = entry.get(item.name)
        if item.name in _DATES and value is not None:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif item.name == "enclosures":
            value = tuple(Enclosure(e["url"], e.get("type"), e.get("length")) for e in value or ())
        values[item.name] = value
    return Article(**values)


def write(
    articles: Sequence[Article], out: Path, images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None,
) -> list[Path]:  # fmt: skip
    """Streamed one article at a time, so 1,000 full articles never sit in memory twice."""
    sources = SOURCES.get()
    head = {"format": FORMAT, "version": VERSION, "exported_at": _iso(datetime.now(UTC))}
    with atomic_file(out) as temp, temp.open("w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "articles": [')
        for done, article in enumerate(articles, 1):
            check_stop(should_stop)
            entry = article_json(article, sources.get(article.source_id))
            f.write(("\n  " if done == 1 else ",\n  ") + json.dumps(entry, ensure_ascii=False))
            if on_progress is not None:
                on_progress(done, len(articles))
        f.write("\n ]\n}\n")
    return [out]


def read_json(path: Path) -> list[dict[str, Any]]:
    """The articles of a Kabar JSON export; a UsageError for any other file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path} is not a readable Kabar export: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"{path} is not a Kabar export.")
    if data.get("version") != VERSION:
        raise UsageError(f"{path} is a version {data.get('version')} export; this Kabar reads "
                         f"version {VERSION}.")  # fmt: skip
    articles: list[dict[str, Any]] = data.get("articles", [])
    return articles
