"""Numbered schema migrations, tracked with PRAGMA user_version.

Each step runs in its own BEGIN IMMEDIATE transaction together with the user_version bump,
so a kill in the middle leaves the previous schema intact. Never edit a released step:
add a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

V1: Sequence[str] = (
    """CREATE TABLE source (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        site_url TEXT,
        folder TEXT,
        language TEXT,
        state TEXT NOT NULL DEFAULT 'active',
        update_interval INTEGER,
        full_text TEXT NOT NULL DEFAULT 'auto',
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        added INTEGER NOT NULL DEFAULT 0,
        last_attempt INTEGER,
        last_success INTEGER,
        last_error TEXT,
        warning TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_due INTEGER,
        retry_not_before INTEGER,
        redirect_to TEXT,
        redirect_seen INTEGER NOT NULL DEFAULT 0,
        synced_once BOOLEAN NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE article (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        guid TEXT,
        link TEXT,
        title TEXT NOT NULL DEFAULT '',
        author TEXT,
        published INTEGER,
        updated INTEGER,
        first_seen INTEGER NOT NULL,
        sort_date INTEGER NOT NULL,
        summary_html TEXT NOT NULL DEFAULT '',
        content_html TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        language TEXT,
        content_hash TEXT NOT NULL DEFAULT '',
        read BOOLEAN NOT NULL DEFAULT 0,
        starred BOOLEAN NOT NULL DEFAULT 0,
        read_at INTEGER,
        starred_at INTEGER,
        UNIQUE (source_id, key)
    )""",
    """CREATE TABLE enclosure (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        type TEXT,
        length INTEGER
    )""",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE INDEX article_by_date ON article (sort_date, id)",
    "CREATE INDEX enclosure_by_article ON enclosure (article_id)",
)

# v2: per-source counters kept by triggers (unread counts must be free at 1M articles), and
# indexes that match each list the window pages through with keyset pagination.
V2: Sequence[str] = (
    "ALTER TABLE source ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE source ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0",
    """UPDATE source SET
        total_count = (SELECT count(*) FROM article WHERE source_id = source.id),
        unread_count = (SELECT count(*) FROM article WHERE source_id = source.id AND NOT read)""",
    """CREATE TRIGGER article_counts_insert AFTER INSERT ON article BEGIN
        UPDATE source SET total_count = total_count + 1,
            unread_count = unread_count + (NOT NEW.read) WHERE id = NEW.source_id;
    END""",
    """CREATE TRIGGER article_counts_delete AFTER DELETE ON article BEGIN
        UPDATE source SET total_count = total_count - 1,
            unread_count = unread_count - (NOT OLD.read) WHERE id = OLD.source_id;
    END""",
    """CREATE TRIGGER article_counts_read AFTER UPDATE OF read ON article
        WHEN OLD.read IS NOT NEW.read BEGIN
        UPDATE source SET unread_count = unread_count + (CASE WHEN NEW.read THEN -1 ELSE 1 END)
            WHERE id = NEW.source_id;
    END""",
    "CREATE INDEX article_by_source_date ON article (source_id, sort_date, id)",
    "CREATE INDEX article_unread_by_date ON article (sort_date, id) WHERE NOT read",
    "CREATE INDEX article_unread_by_source ON article (source_id, sort_date, id) WHERE NOT read",
    "CREATE INDEX article_starred_by_date ON article (sort_date, id) WHERE starred",
)

# v3: article bodies move to their own table. Marking read rewrote whole ~5 KB rows with
# their overflow pages (measured at 1M articles: 270 ms for one 5k-article source, 49 s and
# a 4 GB WAL for everything); the narrow article row now holds what lists and marks touch.
V3: Sequence[str] = (
    """CREATE TABLE article_body (
        article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        summary_html TEXT NOT NULL DEFAULT '',
        content_html TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT ''
    )""",
    """INSERT INTO article_body (article_id, summary_html, content_html, text)
        SELECT id, summary_html, content_html, text FROM article""",
    "ALTER TABLE article DROP COLUMN summary_html",
    "ALTER TABLE article DROP COLUMN content_html",
    "ALTER TABLE article DROP COLUMN text",
)

# v4: offline search. The FTS table holds terms Kabar computes itself (stems for Snowball
# languages, normalized words for Kazakh); triggers only queue changed articles, and the
# indexer drains the queue right after a sync, off the sync's critical path (FTS inserts
# by trigger ran at 2.3k documents/s, measured).
V4: Sequence[str] = (
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, author, source, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    "CREATE TABLE search_pending (article_id INTEGER PRIMARY KEY)",
    "INSERT INTO search_pending (article_id) SELECT id FROM article",
    """CREATE TRIGGER search_queue_body_insert AFTER INSERT ON article_body BEGIN
        INSERT OR IGNORE INTO search_pending (article_id) VALUES (NEW.article_id);
    END""",
    """CREATE TRIGGER search_queue_body_update AFTER UPDATE ON article_body BEGIN
        INSERT OR IGNORE INTO search_pending (article_id) VALUES (NEW.article_id);
    END""",
    """CREATE TRIGGER search_queue_article_update AFTER UPDATE OF title, author ON article
        BEGIN INSERT OR IGNORE INTO search_pending (article_id) VALUES (NEW.id);
    END""",
    """CREATE TRIGGER search_forget_article AFTER DELETE ON article BEGIN
        DELETE FROM article_fts WHERE rowid = OLD.id;
        DELETE FROM search_pending WHERE article_id = OLD.id;
    END""",
)

# v5: "Read also". Finding related articles costs 10-50 ms at 1M, so each list is kept
# (ids, best first) and recomputed after a day; a changed article drops its own list.
V5: Sequence[str] = (
    """CREATE TABLE related_cache (
        article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        related TEXT NOT NULL,
        wanted INTEGER NOT NULL,
        computed_at INTEGER NOT NULL
    )""",
    """CREATE TRIGGER related_forget_body AFTER UPDATE ON article_body BEGIN
        DELETE FROM related_cache WHERE article_id = NEW.article_id;
    END""",
    """CREATE TRIGGER related_forget_title AFTER UPDATE OF title ON article BEGIN
        DELETE FROM related_cache WHERE article_id = NEW.id;
    END""",
)

# v6: full articles captured from their pages (reader.capture), beside the feed's own text.
# A finished capture re-queues the article for search, so the whole text becomes findable.
V6: Sequence[str] = (
    """CREATE TABLE article_full (
        article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        state TEXT NOT NULL DEFAULT 'pending',
        html TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        lead_image TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        tried_at INTEGER
    )""",
    """CREATE TRIGGER full_text_saved AFTER INSERT ON article_full WHEN NEW.state = 'done'
    BEGIN
        INSERT OR IGNORE INTO search_pending (article_id) VALUES (NEW.article_id);
        DELETE FROM related_cache WHERE article_id = NEW.article_id;
    END""",
)

# v7: the ticker strip (reader.ticker). Every value a provider sent is kept per as-of day, so
# the strip works offline and rate history builds up; one status row per provider holds the
# conditional-GET validators and the last error.
V7: Sequence[str] = (
    """CREATE TABLE ticker_value (
        provider TEXT NOT NULL,
        key TEXT NOT NULL,
        day TEXT NOT NULL,
        value TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (provider, key, day)
    )""",
    """CREATE TABLE ticker_status (
        provider TEXT PRIMARY KEY,
        url TEXT,
        etag TEXT,
        last_modified TEXT,
        last_attempt INTEGER,
        last_success INTEGER,
        last_error TEXT
    )""",
)

MIGRATIONS: Sequence[Sequence[str]] = (V1, V2, V3, V4, V5, V6, V7)
LATEST_VERSION = len(MIGRATIONS)
