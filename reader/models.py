"""The database tables, declared once with SQLModel.

Times are integer Unix seconds (UTC): compact, fast to compare and to page over.
The migrations in `reader.migrations` create exactly these columns; a test keeps the two
in step.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SourceRow(SQLModel, table=True):
    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    title: str | None = None
    site_url: str | None = None
    folder: str | None = None
    language: str | None = None
    state: str = "active"
    update_interval: int | None = None  # minutes; None means the global default
    full_text: str = "auto"
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None  # skip parsing a body we have already seen
    added: int = 0
    last_attempt: int | None = None
    last_success: int | None = None
    last_error: str | None = None
    warning: str | None = None
    failures: int = 0
    next_due: int | None = None  # interval, max-age and back-off: when a scheduled sync may poll
    retry_not_before: int | None = None  # Retry-After: no request at all before this
    redirect_to: str | None = None
    redirect_seen: int = 0
    synced_once: bool = False
    unread_count: int = 0  # kept by triggers, so per-source counts cost nothing at 1M rows
    total_count: int = 0


class ArticleRow(SQLModel, table=True):
    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", ondelete="CASCADE")
    key: str
    guid: str | None = None
    link: str | None = None
    title: str = ""
    author: str | None = None
    published: int | None = None
    updated: int | None = None
    first_seen: int
    sort_date: int
    language: str | None = None
    content_hash: str = ""
    read: bool = False
    starred: bool = False
    read_at: int | None = None
    starred_at: int | None = None


class ArticleBodyRow(SQLModel, table=True):
    """Bodies live apart from the article row, so marks and lists touch only small rows."""

    __tablename__ = "article_body"

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    summary_html: str = ""
    content_html: str = ""
    text: str = ""


class EnclosureRow(SQLModel, table=True):
    __tablename__ = "enclosure"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    url: str
    type: str | None = None
    length: int | None = None


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str  # JSON


class SearchPendingRow(SQLModel, table=True):
    """Articles whose search terms must be (re)computed; drained right after each sync."""

    __tablename__ = "search_pending"

    article_id: int = Field(primary_key=True)


class RelatedCacheRow(SQLModel, table=True):
    """An article's "Read also" list, kept for a day (see reader.related)."""

    __tablename__ = "related_cache"

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    related: str  # JSON list of article ids, best first
    wanted: int  # the limit it was computed for: it serves any smaller one
    computed_at: int


class ArticleFullRow(SQLModel, table=True):
    """The whole article from its page (reader.capture); the feed's text stays in article_body."""

    __tablename__ = "article_full"

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    state: str = "pending"  # pending | done | failed
    html: str = ""
    text: str = ""
    lead_image: str | None = None
    error: str | None = None  # why the page could not be kept, in plain words
    attempts: int = 0
    tried_at: int | None = None


class TickerValueRow(SQLModel, table=True):
    """One value a ticker provider sent (reader.ticker): a rate per currency per day, or the
    weather of a place on a day. Rows are kept, so history builds up and the strip works
    offline."""

    __tablename__ = "ticker_value"

    provider: str = Field(primary_key=True)  # nbk | cbr | ecb | weather
    key: str = Field(primary_key=True)  # currency code, or the place for weather
    day: str = Field(primary_key=True)  # as-of date of the value, YYYY-MM-DD
    value: str  # JSON
    fetched_at: int


class TickerStatusRow(SQLModel, table=True):
    """Per provider: conditional-GET validators (for `url`) and how the last attempt went."""

    __tablename__ = "ticker_status"

    provider: str = Field(primary_key=True)
    url: str | None = None  # validators belong to this address only
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: int | None = None
    last_success: int | None = None
    last_error: str | None = None
