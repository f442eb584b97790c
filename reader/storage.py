"""Persisting and reading sources and articles. Decides nothing: it stores what it is told."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Table,
    delete,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import IntegrityError

from reader.db import Database
from reader.decide import SourcePatch, WritePlan
from reader.errors import UsageError
from reader.models import ArticleBodyRow, ArticleRow, EnclosureRow, SettingRow, SourceRow
from reader.types import (
    Article,
    ArticleFilter,
    Enclosure,
    Headline,
    PageCursor,
    Source,
    SourceSettings,
    SourceState,
)

SOURCE: Table = SourceRow.__table__  # type: ignore[attr-defined]
ARTICLE: Table = ArticleRow.__table__  # type: ignore[attr-defined]
ENCLOSURE: Table = EnclosureRow.__table__  # type: ignore[attr-defined]
BODY: Table = ArticleBodyRow.__table__  # type: ignore[attr-defined]
BODY_COLUMNS = ("summary_html", "content_html", "text")
SETTING: Table = SettingRow.__table__  # type: ignore[attr-defined]
MAX_PAGE = 10_000
PREVIEW_CHARS = 240
UNREAD = text("NOT article.read")
STARRED = text("article.starred")


def to_ts(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def to_dt(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _source(row: Row[Any]) -> Source:
    m = row._mapping
    return Source(
        id=m["id"], url=m["url"], title=m["title"], site_url=m["site_url"], folder=m["folder"],
        state=SourceState(m["state"]),
        settings=SourceSettings(m["update_interval"], m["full_text"]),
        etag=m["etag"], last_modified=m["last_modified"], body_hash=m["body_hash"],
        last_attempt=to_dt(m["last_attempt"]),
        last_success=to_dt(m["last_success"]), last_error=m["last_error"], warning=m["warning"],
        failures=m["failures"], next_due=to_dt(m["next_due"]),
        retry_not_before=to_dt(m["retry_not_before"]), synced_once=bool(m["synced_once"]),
        redirect_to=m["redirect_to"], redirect_seen=m["redirect_seen"],
        unread=m["unread_count"], total=m["total_count"],
    )  # fmt: skip


def _split(values: dict[str, Any], fill: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """A feed's article columns → (the narrow article row, its body row)."""
    head = {k: v for k, v in values.items() if k not in BODY_COLUMNS}
    if fill:
        return head, {k: values.get(k, "") for k in BODY_COLUMNS}
    return head, {k: values[k] for k in BODY_COLUMNS if k in values}


def _headline(row: Sequence[Any]) -> Headline:
    aid, source_id, source_title, title, published, first_seen, read, starred, preview = row
    return Headline(
        aid, source_id, source_title, title, to_dt(published),
        to_dt(first_seen) or datetime.now(UTC), bool(read), bool(starred), preview or "",
    )  # fmt: skip


def _article(row: Row[Any], enclosures: tuple[Enclosure, ...] = ()) -> Article:
    m = row._mapping
    return Article(
        id=m["id"], source_id=m["source_id"], source_title=m["source_title"], key=m["key"],
        guid=m["guid"], link=m["link"], title=m["title"], author=m["author"],
        published=to_dt(m["published"]), updated=to_dt(m["updated"]),
        first_seen=to_dt(m["first_seen"]) or datetime.now(UTC),
        sort_date=to_dt(m["sort_date"]) or datetime.now(UTC),
        summary_html=m["summary_html"], content_html=m["content_html"], text=m["text"],
        language=m["language"], read=bool(m["read"]), starred=bool(m["starred"]),
        enclosures=enclosures,
    )  # fmt: skip


class Storage:
    """All reads and writes of Kabar's data. Writes are one transaction each."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)

    def close(self) -> None:
        self.db.dispose()

    # -- sources -----------------------------------------------------------------------------

    def add_source(
        self, url: str, title: str | None = None, folder: str | None = None,
        settings: SourceSettings | None = None, now: datetime | None = None,
    ) -> Source:  # fmt: skip
        settings = settings or SourceSettings()
        values = {
            "url": url, "title": title, "folder": folder or None,
            "update_interval": settings.update_interval_minutes, "full_text": settings.full_text,
            "added": to_ts(now or datetime.now(UTC)),
        }  # fmt: skip
        try:
            with self.db.write() as c:
                key = c.execute(insert(SOURCE).values(**values)).inserted_primary_key
        except IntegrityError:
            raise UsageError(f"You already follow {url}.") from None
        assert key is not None
        return self.source(int(key[0]))

    def sources(self, ids: Iterable[int] | None = None) -> list[Source]:
        query = select(SOURCE).order_by(func.coalesce(SOURCE.c.folder, ""), SOURCE.c.id)
        if ids is not None:
            query = query.where(SOURCE.c.id.in_(list(ids)))
        with self.db.read() as c:
            return [_source(row) for row in c.execute(query)]

    def source(self, source_id: int) -> Source:
        found = self.sources([source_id])
        if not found:
            raise UsageError(f"There is no source with id {source_id} (see `kabar sources`).")
        return found[0]

    def find_source(self, reference: str) -> Source:
        """A source by id, exact URL or case-insensitive title."""
        if reference.isdigit():
            return self.source(int(reference))
        matches = [
            s for s in self.sources()
            if reference in (s.url, s.url.rstrip("/"))
            or (s.title or "").casefold() == reference.casefold()
        ]  # fmt: skip
        if len(matches) != 1:
            problem = "No source matches" if not matches else "Several sources match"
            raise UsageError(f"{problem} {reference!r}; use the id from `kabar sources`.")
        return matches[0]

    def update_source(self, source_id: int, **values: Any) -> Source:
        self.source(source_id)
        with self.db.write() as c:
            c.execute(update(SOURCE).where(SOURCE.c.id == source_id).values(**values))
        return self.source(source_id)

    def remove_source(self, source_id: int) -> None:
        self.source(source_id)
        with self.db.write() as c:
            c.execute(delete(SOURCE).where(SOURCE.c.id == source_id))

    def patch_source(self, source_id: int, patch: SourcePatch) -> None:
        with self.db.write() as c:
            self._patch(c, source_id, patch)

    @staticmethod
    def _patch(c: Connection, source_id: int, patch: SourcePatch) -> None:
        if patch.values:
            c.execute(update(SOURCE).where(SOURCE.c.id == source_id).values(**patch.values))

    # -- sync results -----------------------------------------------------------------------

    def stored_hashes(self, source_id: int) -> dict[str, tuple[int, str]]:
        with self.db.read() as c:
            return self._hashes(c, source_id)

    @staticmethod
    def _hashes(c: Connection, source_id: int) -> dict[str, tuple[int, str]]:
        query = select(ARTICLE.c.key, ARTICLE.c.id, ARTICLE.c.content_hash).where(
            ARTICLE.c.source_id == source_id
        )
        return {key: (aid, chash) for key, aid, chash in c.execute(query)}

    def decide_and_apply(
        self, source_id: int, decide: Callable[[dict[str, tuple[int, str]]], WritePlan]
    ) -> WritePlan:
        """Read what is stored, decide (pure) and write in one transaction: another Kabar
        syncing the same source at the same time cannot slip in between (two syncs of one
        archive had inserted the same article twice and failed)."""
        with self.db.write() as c:
            plan = decide(self._hashes(c, source_id))
            self._apply(c, source_id, plan)
        return plan

    def apply(self, source_id: int, plan: WritePlan) -> None:
        """Write one source's sync result: everything or nothing."""
        with self.db.write() as c:
            self._apply(c, source_id, plan)

    def _apply(self, c: Connection, source_id: int, plan: WritePlan) -> None:
        if plan.inserts:
            heads, bodies = zip(*(_split(row) for row in plan.inserts), strict=True)
            ids = c.execute(
                insert(ARTICLE).returning(ARTICLE.c.id, sort_by_parameter_order=True),
                list(heads),
            ).scalars().all()  # fmt: skip
            rows = [{**b, "article_id": i} for i, b in zip(ids, bodies, strict=True)]
            c.execute(insert(BODY), rows)
            self._add_enclosures(c, zip(ids, plan.insert_enclosures, strict=True))
        for article_id, values, enclosures in plan.updates:
            # Only feed-owned columns are listed in `values`: read and starred never are.
            head, body = _split(values, fill=False)
            c.execute(update(ARTICLE).where(ARTICLE.c.id == article_id).values(**head))
            if body:
                c.execute(update(BODY).where(BODY.c.article_id == article_id).values(**body))
            c.execute(delete(ENCLOSURE).where(ENCLOSURE.c.article_id == article_id))
            self._add_enclosures(c, [(article_id, enclosures)])
        self._patch(c, source_id, plan.source)

    @staticmethod
    def _add_enclosures(c: Connection, pairs: Iterable[tuple[int, tuple[Enclosure, ...]]]) -> None:
        rows = [
            {"article_id": aid, "url": e.url, "type": e.type, "length": e.length}
            for aid, enclosures in pairs for e in enclosures
        ]  # fmt: skip
        if rows:
            c.execute(insert(ENCLOSURE), rows)

    # -- articles ---------------------------------------------------------------------------

    def _article_query(self, flt: ArticleFilter) -> Any:
        body = [func.coalesce(BODY.c[name], "").label(name) for name in BODY_COLUMNS]
        query = (
            select(*ARTICLE.c, SOURCE.c.title.label("source_title"), *body)
            .join(SOURCE, SOURCE.c.id == ARTICLE.c.source_id)
            .outerjoin(BODY, BODY.c.article_id == ARTICLE.c.id)
        )
        return self._filtered(query, flt)

    @staticmethod
    def _filtered(query: Any, flt: ArticleFilter) -> Any:
        if flt.source_id is not None:
            query = query.where(ARTICLE.c.source_id == flt.source_id)
        if flt.folder is not None:
            folder_sources = select(SOURCE.c.id).where(SOURCE.c.folder == flt.folder)
            query = query.where(ARTICLE.c.source_id.in_(folder_sources))
        # Spelled exactly as the partial indexes' WHERE clauses, or SQLite will not use them.
        if flt.after is not None or flt.before is not None:
            when = func.coalesce(ARTICLE.c.published, ARTICLE.c.first_seen)
            if flt.after is not None:
                query = query.where(when >= to_ts(flt.after))
            if flt.before is not None:
                query = query.where(when < to_ts(flt.before))
        if flt.language is not None:
            query = query.where(ARTICLE.c.language == flt.language)
        if flt.unread:
            query = query.where(UNREAD)
        if flt.starred:
            query = query.where(STARRED)
        return query

    def articles(
        self, flt: ArticleFilter | None = None, limit: int = 100,
        after: PageCursor | None = None,
    ) -> list[Article]:  # fmt: skip
        """Newest first, one page; pass the last row's cursor to get the next (keyset paging).

        The page's keys come first from an index alone, then only those rows are read:
        sorting whole rows to keep a page cost a folder view 115 ms cold at 1M articles.
        """
        keys = [k.id for k in self.article_keys(flt, limit, after)]
        if not keys:
            return []
        query = self._article_query(ArticleFilter()).where(ARTICLE.c.id.in_(keys))
        with self.db.read() as c:
            rows = {row.id: row for row in c.execute(query)}
            enclosures = self._enclosures(c, keys)
        return [_article(rows[i], enclosures.get(i, ())) for i in keys if i in rows]

    def article_keys(
        self, flt: ArticleFilter | None = None, limit: int = 1000,
        after: PageCursor | None = None, newest_first: bool = True,
    ) -> list[PageCursor]:  # fmt: skip
        """Only (sort_date, id) of one page: what a lazy list holds for every row."""
        query = select(ARTICLE.c.sort_date, ARTICLE.c.id)
        query = self._filtered(query, flt or ArticleFilter())
        key = tuple_(ARTICLE.c.sort_date, ARTICLE.c.id)
        if after is not None:
            mark = tuple_(to_ts(after.sort_date), after.id)
            query = query.where(key < mark if newest_first else key > mark)
        order = (ARTICLE.c.sort_date.desc(), ARTICLE.c.id.desc()) if newest_first else (
            ARTICLE.c.sort_date.asc(), ARTICLE.c.id.asc())  # fmt: skip
        query = query.order_by(*order).limit(max(1, min(limit, MAX_PAGE)))
        with self.db.read() as c:
            return [PageCursor(to_dt(ts) or datetime.now(UTC), aid) for ts, aid in c.execute(query)]

    def headlines(self, ids: Sequence[int]) -> dict[int, Headline]:
        """The list rows for these ids (any order); missing ids are simply absent."""
        if not ids:
            return {}
        columns = (
            ARTICLE.c.id, ARTICLE.c.source_id, SOURCE.c.title, ARTICLE.c.title,
            ARTICLE.c.published, ARTICLE.c.first_seen, ARTICLE.c.read, ARTICLE.c.starred,
            func.coalesce(func.substr(BODY.c.text, 1, PREVIEW_CHARS), ""),
        )  # fmt: skip
        query = select(*columns).join(SOURCE, SOURCE.c.id == ARTICLE.c.source_id)
        query = query.outerjoin(BODY, BODY.c.article_id == ARTICLE.c.id)
        query = query.where(ARTICLE.c.id.in_(list(ids)))
        with self.db.read() as c:
            rows = c.execute(query).all()
        return {row[0]: _headline(tuple(row)) for row in rows}

    def article(self, article_id: int) -> Article:
        query = self._article_query(ArticleFilter()).where(ARTICLE.c.id == article_id)
        with self.db.read() as c:
            row = c.execute(query).first()
            if row is None:
                raise UsageError(f"There is no article with id {article_id}.")
            found = _article(row, self._enclosures(c, [article_id]).get(article_id, ()))
            full = c.exec_driver_sql(
                "SELECT html, text, state, error FROM article_full WHERE article_id = ?",
                (article_id,),
            ).first()
        if full is None:
            return found
        return replace(found, full_html=full[0] or "", full_text=full[1] or "",
                       full_state=full[2], full_error=full[3])  # fmt: skip

    @staticmethod
    def _enclosures(c: Connection, ids: Sequence[int]) -> dict[int, tuple[Enclosure, ...]]:
        found: dict[int, list[Enclosure]] = {}
        if ids:
            query = select(ENCLOSURE).where(ENCLOSURE.c.article_id.in_(ids))
            for row in c.execute(query.order_by(ENCLOSURE.c.id)):
                found.setdefault(row.article_id, []).append(
                    Enclosure(row.url, row.type, row.length)
                )
        return {aid: tuple(items) for aid, items in found.items()}

    def next_article_id(self) -> int:
        """Articles stored from now on have this id or a higher one."""
        with self.db.read() as c:
            return int(
                c.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM article").scalar_one()
            )

    def recent_ids(self, first_new_id: int, newest: int) -> list[int]:
        """Ids of articles stored since `first_new_id`, and of the `newest` by date."""
        with self.db.read() as c:
            rows = c.exec_driver_sql(
                "SELECT id FROM article WHERE id >= ? UNION SELECT id FROM"
                " (SELECT id FROM article ORDER BY sort_date DESC, id DESC LIMIT ?)",
                (first_new_id, newest),
            ).all()
        return [row[0] for row in rows]

    def mark(
        self, ids: Sequence[int], read: bool | None = None, starred: bool | None = None
    ) -> int:
        """Set read and/or starred on articles; returns how many exist."""
        now = to_ts(datetime.now(UTC))
        values: dict[str, Any] = {}
        if read is not None:
            values.update(read=read, read_at=now if read else None)
        if starred is not None:
            values.update(starred=starred, starred_at=now if starred else None)
        with self.db.write(durable=True) as c:  # a star must survive a power cut
            existing = c.execute(select(func.count()).where(ARTICLE.c.id.in_(ids))).scalar_one()
            if values:
                c.execute(update(ARTICLE).where(ARTICLE.c.id.in_(ids)).values(**values))
        return int(existing)

    def mark_all_read(self, source_id: int | None = None, folder: str | None = None) -> int:
        query = update(ARTICLE).where(UNREAD)
        if source_id is not None:
            query = query.where(ARTICLE.c.source_id == source_id)
        if folder is not None:
            query = query.where(
                ARTICLE.c.source_id.in_(select(SOURCE.c.id).where(SOURCE.c.folder == folder))
            )
        with self.db.write(durable=True) as c:
            result = c.execute(query.values(read=True, read_at=to_ts(datetime.now(UTC))))
            return int(result.rowcount)

    def counts(self) -> tuple[int, int, int]:
        """(articles, unread, starred) over the whole archive."""
        with self.db.read() as c:
            total, unread = c.execute(
                select(func.coalesce(func.sum(SOURCE.c.total_count), 0),
                       func.coalesce(func.sum(SOURCE.c.unread_count), 0))
            ).one()  # fmt: skip
            starred = c.execute(
                select(func.count()).select_from(ARTICLE).where(STARRED)
            ).scalar_one()
        return int(total), int(unread), int(starred)

    # -- settings ---------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self.db.read() as c:
            value = c.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
        return default if value is None else json.loads(value)

    def set_setting(self, key: str, value: Any) -> None:
        with self.db.write() as c:
            c.execute(delete(SETTING).where(SETTING.c.key == key))
            c.execute(insert(SETTING).values(key=key, value=json.dumps(value)))
