"""Images of stored articles, kept on disk so an article shows them with no network.

Files are content-addressed (`images/ab/<sha256>.<ext>`) and written atomically; a small
SQLite index beside them maps each URL to its file. What a downloaded file may be is decided
in reader.image_check; this module finds image URLs, downloads and keeps them, and evicts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes, urlsplit

from reader.image_check import EXTENSIONS, validate_image
from reader.sanitize import TRACKER_HOSTS  # the same tracker list the sanitizer strips
from reader.urls import WEB_SCHEMES, resolve

RETRY_FAILED_AFTER = 3 * 86_400.0  # seconds, times the attempts so far (capped at 30 days)
MAX_URL_CHARS = 2048
SRCSET_TARGET = 1600  # px: an 800 px article pane on a 2x screen
# Cheap to spot and never the story: avatars (gravatar hashes the e-mail), emoji, share bars.
_NON_CONTENT = (
    "gravatar.com/avatar", "/wp-includes/images/smilies/", "s.w.org/images/core/emoji",
    "feeds.wordpress.com/", "addtoany.com/", "sharethis.com/", "/~ff/", "doubleclick.net/",
)  # fmt: skip

# A candidate's URL may hold commas (Cloudinary: c_fill,w_400); a comma right after it ends it.
_SRCSET = re.compile(r"[\s,]*(?:(\S+?),+(?=\s|$)|(\S+)(?:\s+([^,]*))?(?:,|$))")
_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)([wx])")


@dataclass(frozen=True)
class CachedImage:
    url: str
    path: Path
    sha256: str
    mime: str
    size: int


@dataclass
class ImageReport:
    stored: list[CachedImage] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # url → reason, in plain words
    skipped: int = 0  # already cached, or failed recently
    stopped: bool = False


# ---- which images an article refers to ------------------------------------------------


def image_urls(html: str, base_url: str | None) -> list[str]:
    """Absolute http(s) image URLs of an article, in document order, without trackers."""
    collector = _ImageCollector(base_url)
    collector.feed(html)
    collector.close()
    return collector.urls


class _ImageCollector(HTMLParser):
    def __init__(self, base: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.urls: list[str] = []
        self._seen: set[str] = set()
        self._picture: list[str] | None = None  # <source> candidates of the open <picture>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "picture":
            self._picture = []
        elif tag == "source" and self._picture is not None:
            self._picture.append(_best_candidate(found.get("srcset", "")) or found.get("src", ""))
        elif tag == "img" and not _is_pixel(found):
            # The view asks for src; srcset only stands in when src is missing or inline.
            src = found.get("src", "").strip()
            chosen = src if _absolute(self.base, src) else _best_candidate(found.get("srcset", ""))
            if self._add(chosen) and self._picture is not None:
                self._picture = []  # the <img> is what shows; its <source>s are alternatives
        elif tag == "video":
            self._add(found.get("poster", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self._picture:
            self._add(self._picture[0])
        if tag == "picture":
            self._picture = None

    def _add(self, raw: str) -> bool:
        url = _absolute(self.base, raw)
        if url is None or any(marker in url for marker in (*_NON_CONTENT, *TRACKER_HOSTS)):
            return False
        if url_key(url) not in self._seen:
            self._seen.add(url_key(url))
            self.urls.append(url)
        return True


def _absolute(base: str | None, raw: str) -> str | None:
    raw = raw.strip()
    if not raw or len(raw) > MAX_URL_CHARS or raw[:5].lower() == "data:":
        return None
    url = resolve(base, raw)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else None


def _is_pixel(attributes: dict[str, str]) -> bool:
    sizes = (attributes.get(name, "").strip().lower() for name in ("width", "height"))
    return any(size in {"0", "1", "0px", "1px"} for size in sizes)


def _best_candidate(srcset: str) -> str:
    """The srcset candidate nearest SRCSET_TARGET px (or 2x) without exceeding it."""
    found: list[tuple[float, str]] = []
    for match in _SRCSET.finditer(srcset):
        descriptor = _DESCRIPTOR.search(match[3] or "")
        scale = float(descriptor[1]) if descriptor else 1.0
        width = scale if descriptor and descriptor[2] == "w" else scale * SRCSET_TARGET / 2
        found.append((width, match[1] or match[2]))
    fitting = [item for item in found if item[0] <= SRCSET_TARGET]
    return (max(fitting) if fitting else min(found, default=(0.0, "")))[1]


def url_key(url: str) -> str:
    """One spelling per URL: Qt hands loadResource `П.png` where the HTML said `%D0%9F.png`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host
    if port is not None and (parts.scheme.lower(), port) not in {("http", 80), ("https", 443)}:
        host += f":{port}"
    path = quote_from_bytes(unquote_to_bytes(parts.path or "/"), safe="/!$&'()*+,;=:@-._~")
    query = quote_from_bytes(unquote_to_bytes(parts.query), safe="/?!$&'()*+,;=:@-._~")
    return f"{parts.scheme.lower()}://{host}{path}" + (f"?{query}" if parts.query else "")


# ---- the cache on disk ------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS image (key TEXT PRIMARY KEY, url TEXT NOT NULL, sha256 TEXT NOT NULL,
    mime TEXT NOT NULL, size INTEGER NOT NULL, fetched_at REAL NOT NULL, last_used REAL NOT NULL);
CREATE INDEX IF NOT EXISTS image_sha256 ON image (sha256);
CREATE INDEX IF NOT EXISTS image_last_used ON image (last_used);
CREATE TABLE IF NOT EXISTS failure (key TEXT PRIMARY KEY, reason TEXT NOT NULL,
    failed_at REAL NOT NULL, attempts INTEGER NOT NULL);
"""
_TEMP_PREFIX = ".part-"  # never a `<sha256>.<ext>` name, so never taken for an image
_STALE_SECONDS = 3600.0  # sweep leaves younger leftovers alone: a store may be running


class ImageCache:
    """Images under `cache_dir/images`, indexed by URL in `images/index.sqlite3`.

    Safe from several threads and processes: every call opens its own short connection
    (WAL, busy timeout), and files are only ever replaced whole.
    """

    def __init__(self, cache_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.root = cache_dir / "images"
        self.index_path = self.root / "index.sqlite3"
        self.clock = clock
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            self._create()
        except sqlite3.DatabaseError:  # a damaged index only costs re-downloads
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.index_path}{suffix}").unlink(missing_ok=True)
            self._create()

    def _create(self) -> None:
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.index_path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    def file_for(self, sha256: str, mime: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{EXTENSIONS[mime]}"

    def store(self, url: str, data: bytes) -> CachedImage:
        """Validate and keep `data` as the image of `url`; ImageRefused when it is not one."""
        mime = validate_image(data)
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.file_for(sha256, mime)
        if path.is_file() and path.stat().st_size == len(data):
            os.utime(path)  # now in use again: sweep must not take it for an old orphan
        else:
            _write_atomically(path, data)
        now = self.clock()
        with self._connect() as db:
            db.execute(
                "INSERT INTO image VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                " url = excluded.url, sha256 = excluded.sha256, mime = excluded.mime,"
                " size = excluded.size, fetched_at = excluded.fetched_at,"
                " last_used = excluded.last_used",
                (url_key(url), url, sha256, mime, len(data), now, now),
            )
            db.execute("DELETE FROM failure WHERE key = ?", (url_key(url),))
        return CachedImage(url, path, sha256, mime, len(data))

    def get(self, url: str) -> CachedImage | None:
        """The cached image of `url` if its file is really there (eviction may race a reader)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT sha256, mime, size FROM image WHERE key = ?", (url_key(url),)
            ).fetchone()
        if row is None or row[1] not in EXTENSIONS:
            return None
        path = self.file_for(row[0], row[1])
        return CachedImage(url, path, row[0], row[1], row[2]) if path.is_file() else None

    def path_for(self, url: str) -> Path | None:
        found = self.get(url)
        return found.path if found else None

    def touch(self, *urls: str) -> None:
        """Mark images as just used (eviction drops the least recently used first)."""
        with self._connect() as db:
            db.executemany(
                "UPDATE image SET last_used = ? WHERE key = ?",
                [(self.clock(), url_key(url)) for url in urls],
            )

    def missing(self, urls: Iterable[str]) -> list[str]:
        """The URLs worth downloading now: not cached, and not failed recently."""
        wanted: dict[str, str] = {}
        with self._connect() as db:
            for url in urls:
                key = url_key(url)
                cached = db.execute("SELECT sha256, mime FROM image WHERE key = ?", (key,))
                row = cached.fetchone()
                if row is not None and self.file_for(row[0], row[1]).is_file():
                    continue
                failed = db.execute("SELECT failed_at, attempts FROM failure WHERE key = ?", (key,))
                if not self._waiting(failed.fetchone()):
                    wanted.setdefault(key, url)
        return list(wanted.values())

    def _waiting(self, failure: tuple[float, int] | None) -> bool:
        """True while a failed URL waits: three days per failed attempt, at most thirty."""
        if failure is None:
            return False
        return self.clock() - failure[0] < min(RETRY_FAILED_AFTER * failure[1], 30 * 86_400.0)

    def record_failure(self, url: str, reason: str) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO failure VALUES (?, ?, ?, 1) ON CONFLICT (key) DO UPDATE SET"
                " reason = excluded.reason, failed_at = excluded.failed_at,"
                " attempts = attempts + 1",
                (url_key(url), reason, self.clock()),
            )

    def failure(self, url: str) -> str | None:
        """Why `url` failed, while Kabar waits before trying it again; else None."""
        with self._connect() as db:
            row = db.execute(
                "SELECT reason, failed_at, attempts FROM failure WHERE key = ?", (url_key(url),)
            ).fetchone()
        return str(row[0]) if row is not None and self._waiting(row[1:]) else None

    def size(self) -> int:
        """Bytes of all indexed images, each file counted once."""
        with self._connect() as db:
            row = db.execute("SELECT sum(size) FROM (SELECT DISTINCT sha256, size FROM image)")
            return int(row.fetchone()[0] or 0)

    def evict(self, budget_bytes: int, keep: Callable[[str], bool]) -> int:
        """Drop least recently used images until within budget, never one `keep(url)` wants.

        Returns the bytes freed. A file shared by several URLs goes with the last of them.
        """
        self.sweep()
        total, freed, doomed = self.size(), 0, []
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            rows = db.execute("SELECT key, url, sha256, mime, size FROM image ORDER BY last_used")
            entries = rows.fetchall()
            users: dict[str, int] = defaultdict(int)
            for entry in entries:
                users[entry[2]] += 1
            for key, url, sha256, mime, size in entries:
                if total <= budget_bytes:
                    break
                if keep(url):
                    continue
                db.execute("DELETE FROM image WHERE key = ?", (key,))
                users[sha256] -= 1
                if users[sha256] == 0:
                    total, freed = total - size, freed + size
                    doomed.append(self.file_for(sha256, mime))
            db.execute("COMMIT")
        for path in doomed:  # after the commit: a crash here leaves orphans, which sweep takes
            path.unlink(missing_ok=True)
        return freed

    def sweep(self) -> int:
        """Remove leftovers older than an hour: temp files of killed stores, unindexed files."""
        with self._connect() as db:
            known = {row[0] for row in db.execute("SELECT DISTINCT sha256 FROM image")}
        removed, cutoff = 0, time.time() - _STALE_SECONDS
        for path in self.root.glob("??/*"):
            orphan = path.name.startswith(_TEMP_PREFIX) or path.stem not in known
            with contextlib.suppress(OSError):
                if orphan and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed


def _write_atomically(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a reader sees the whole image or no file at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# ---- downloading ------------------------------------------------------------------------
