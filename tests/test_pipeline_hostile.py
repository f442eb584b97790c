"""The whole pipeline against the worst inputs (issue 9): fetch → parse → store → index →
capture → render → export, every hostile and conformance file served by a local server.

One module-wide archive is built once (a real `Sync` with capture on, from a real local HTTP
server that also serves hostile article pages), then each test looks at one stage of it.
"""

from __future__ import annotations

import html
import json
import struct
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from reader.db import DB_FILENAME
from reader.export import export
from reader.fetch import FetchLimits
from reader.search import search
from reader.search_index import index_pending, pending_count
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter, SyncReport
from tests.feedserver import FeedServer, feedparser_test_headers
from tests.htmlcheck import unsafe_parts
from tests.paths import CONFORMANCE_FEEDS, FEEDS_DIR, HOSTILE_FEEDS

LIMITS = FetchLimits(connect_timeout=3, read_timeout=5, total_timeout=10)
XSS_CASES: list[dict[str, str]] = json.loads(
    (FEEDS_DIR / "hostile/html-xss/html5lib-sanitizer-tests1.json").read_text("utf-8")
)
XSS_FEED_FILES = [p for p in HOSTILE_FEEDS if "html-xss" in p.parts and p.suffix == ".xml"]
# Schemes a rendered link may carry: the web and mail (opened in the browser after the
# view's check) and Kabar's own "Try again" / "Read also" links.
CLICKABLE = {"http", "https", "mailto", "kabar-capture", "kabar-article"}
BODY_TEXT = (
    "Астана. Правительство Казахстана утвердило новый план развития региона. "
    "В документе говорится о строительстве дорог, школ и больниц в ближайшие годы. "
)
# Extra page tricks beyond the html5lib corpus: local files, relative paths, other schemes.
PAGE_TRICKS = [
    '<img src="file:///etc/passwd"><img src="secret.png"><img src="../../etc/hostname">',
    '<a href="javascript:alert(1)">js</a> <a href="JaVa&#x09;ScRiPt:alert(1)">js2</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="file:///etc/passwd">file</a> <a href="vbscript:msgbox(1)">vb</a>',
    '<base href="file:///"><link rel="stylesheet" href="file:///etc/passwd">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<img src="qrc:/qt-project.org/styles/commonstyle/images/up-16.png">',
    '<svg onload="alert(1)"><image href="file:///etc/passwd"/></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><form action="file:///x">'
    '<input type="password"></form>',
    '<table background="file:///etc/passwd"><tr><td style="background:url(file:///x)">t</td>'
    "</tr></table>",
]


@dataclass
class World:
    storage: Storage
    data: Path
    server: FeedServer
    report: SyncReport
    marker: str
    sync_seconds: float
    feeds: int


def serve_corpus(server: FeedServer, files: list[Path], xxe_target: str) -> int:
    """Every file as its own feed; the XXE template points at our marker file."""
    for n, path in enumerate(files):
        body = path.read_bytes()
        body = body.replace(b"XXE_URI", xxe_target.encode())
        headers = feedparser_test_headers(body) if path.suffix == ".xml" else {}
        content_type = headers.pop("Content-Type", headers.pop("Content-type", None))
        name = path.relative_to(FEEDS_DIR).as_posix()
        server.add(f"/corpus/{n}/{name}", body, content_type or "application/xml", headers)
    return len(files)


def xxe_feeds(secret: Path) -> list[bytes]:
    """External entities of every shape, all aimed at the marker file."""
    atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>{t}</title><id>x</id>' + (
        "<entry><id>xxe-{n}</id><title>{t}</title><content>{t}</content></entry></feed>"
    )
    out = []
    for n, uri in enumerate([str(secret), secret.as_uri()]):
        out.append(
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "{uri}">]>'
            + atom.format(t="&xxe;", n=n)
        )
        out.append(f'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "{uri}">' + atom.format(t="t", n=n))
        out.append(
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY % p SYSTEM "{uri}"> %p;]>'
            + atom.format(t="p", n=n)
        )
        out.append(  # the "head-cut" DTD that fooled libxml2 (feedparser#107)
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY cut "<a>"><!ENTITY xxe PUBLIC '
            f'"-//x//y" "{uri}">]>' + atom.format(t="&xxe;", n=n)
        )
    return [doc.encode() for doc in out]


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG (same as tests/test_ui_offline.py, which needs Qt to import)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


def page(title: str, hostile: str) -> bytes:
    """An article page: real text around a hostile fragment, scripts in the head too."""
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title>"
        "<script>document.location='javascript:alert(1)'</script>"
        '<link rel="stylesheet" href="file:///etc/passwd"></head><body onload="alert(1)">'
        f"<article><h1>{html.escape(title)}</h1><p>{BODY_TEXT * 3}</p>"
        '<figure><img src="/img/photo.png" width="40" height="30"><figcaption>Фото</figcaption>'
        f"</figure><p>{BODY_TEXT}</p>{hostile}"
        f"<p>{BODY_TEXT * 2}</p>{hostile}<p>{BODY_TEXT}</p></article></body></html>"
    ).encode()


def teaser_feed(server: FeedServer) -> bytes:
    """Recent teasers with hostile HTML whose links lead to hostile pages on the same host."""
    server.add("/img/photo.png", png(40, 30), "image/png")
    fragments = [(c["name"], c["input"]) for c in XSS_CASES]
    fragments += [(f"trick-{n}", trick) for n, trick in enumerate(PAGE_TRICKS)]
    fragments += [(p.stem, p.read_text("utf-8", "replace")) for p in XSS_FEED_FILES]
    now = datetime.now(UTC)
    items = []
    for n, (name, fragment) in enumerate(fragments):
        link = server.add(f"/pages/{n}.html", page(name, fragment), "text/html; charset=utf-8")
        when = format_datetime(now - timedelta(minutes=n))
        items.append(
            f"<item><title>{escape(name)}</title><link>{escape(link)}</link>"
            f"<guid>{escape(link)}</guid><description>{escape(fragment[:500])}</description>"
            f"<pubDate>{when}</pubDate></item>"
        )
    # Links the capture must never follow.
    for n, link in enumerate(["javascript:alert(1)", "file:///etc/passwd", "ftp://127.0.0.1/x"]):
        items.append(
            f"<item><title>bad link {n}</title><link>{escape(link)}</link><guid>bad-{n}</guid>"
            f"<description>x</description><pubDate>{format_datetime(now)}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile pages'
        f"</title><link>{server.base_url}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data = tmp_path_factory.mktemp("kabar-hostile-world")
    marker = f"KABAR-SECRET-{uuid.uuid4().hex}"
    secret = data / "secret-outside.txt"
    secret.write_text(f"{marker}\n", "utf-8")
    storage = Storage(data / DB_FILENAME)
    with FeedServer() as server:
        files = [p for p in HOSTILE_FEEDS if p.name != "xxe-info.txt"] + CONFORMANCE_FEEDS
        count = serve_corpus(server, files, str(secret))
        for n, body in enumerate(xxe_feeds(secret)):
            server.add(f"/xxe/{n}.xml", body, "application/atom+xml")
            count += 1
        server.add("/pages.xml", teaser_feed(server))
        count += 1
        for path in sorted(server._resources):
            if path.startswith(("/corpus/", "/xxe/", "/pages.xml")):
                storage.add_source(server.url(path))
        started = time.monotonic()
        # forkserver: a Qt application may already exist in this process (see ui/background).
        options = SyncOptions(
            limits=LIMITS, parse_workers=2, start_method="forkserver",
            cache_dir=data / "cache", capture_deadline=40, deadline=90,
        )  # fmt: skip
        report = Sync(storage, options).run()
        seconds = time.monotonic() - started
        yield World(storage, data, server, report, marker, seconds, count)
    storage.close()


def all_articles(storage: Storage) -> list[int]:
    return [k.id for k in storage.article_keys(ArticleFilter(), 100_000)]


# --- fetch → parse → store -----------------------------------------------------------------


def test_every_file_is_synced_in_bounded_time_and_failures_are_plain_words(world: World) -> None:
    report = world.report
    assert world.sync_seconds < 60, world.sync_seconds
    assert report.error is None and not report.cancelled
    assert len(report.outcomes) == world.feeds
    for outcome in report.failures:
        assert outcome.error and outcome.error.endswith("."), outcome
        assert "Traceback" not in outcome.error and "internal error" not in outcome.error.lower()
    assert world.storage.db.integrity_check() == "ok"
    # The XXE feeds are all refused (external entities) or parsed with the entity unresolved.
    xxe = [o for o in report.outcomes if "/xxe/" in o.url]
    assert len(xxe) == 8 and sum(1 for o in xxe if o.error) >= 4


def test_hostile_pages_are_captured_and_bad_links_never_followed(world: World) -> None:
    assert world.report.captured >= len(XSS_CASES) // 2, world.report
    requested = {r.path for r in world.server.requests}
    assert not [p for p in requested if "passwd" in p]  # file: URLs never became requests
    done = [world.storage.article(i) for i in all_articles(world.storage)]
    full = [a for a in done if a.full_state == "done"]
    assert full
    for article in full:
        assert not unsafe_parts(article.full_html), article.full_html[:300]
        assert "Астана" in article.full_text or not article.full_text
    bad = [a for a in done if a.title.startswith("bad link")]
    assert len(bad) == 3 and all(a.full_state in (None, "failed") for a in bad)
    assert all(a.link is None or a.link.startswith(("http://", "https://")) for a in done)


def test_external_entities_never_reach_the_database_or_anything_else(world: World) -> None:
    marker = world.marker.encode()
    for path in world.data.rglob("*"):
        if path.is_file() and path.name != "secret-outside.txt":
            assert marker not in path.read_bytes(), path
    assert not search(world.storage, world.marker)
    assert not [r for r in world.server.requests if "secret-outside" in r.path]


def test_every_stored_html_field_is_safe(world: World) -> None:
    for article_id in all_articles(world.storage):
        article = world.storage.article(article_id)
        for fragment in (article.summary_html, article.content_html, article.full_html):
            assert not unsafe_parts(fragment), (article.title, fragment[:300])
        for text in (article.title, article.text, article.author or ""):
            assert "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


# --- index → search --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Астана", "alert", "script", '"javascript:', "onerror OR onload", "-(", "source:1 is:unread",
     "\x00", "\u202e\u200b", "<img src=x onerror=alert(1)>", "*", "after:9999-99-99"],
)  # fmt: skip
def test_search_over_the_hostile_archive_never_raises(world: World, query: str) -> None:
    index_pending(world.storage)
    assert pending_count(world.storage) == 0
    started = time.monotonic()
    hits = search(world.storage, query, limit=50)
    assert time.monotonic() - started < 5
    for hit in hits:
        assert isinstance(hit.title, str)
    if query == "Астана":
        assert hits  # the captured pages' text is indexed


# --- render ----------------------------------------------------------------------------------


def test_every_article_renders_loading_nothing_and_linking_nowhere_dangerous(
    world: World, qtbot: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from reader.images import ImageCache
    from ui.article_view import ArticleView

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    monkeypatch.chdir(tmp_path)  # a relative path Qt resolved would land here, and be empty
    cache = world.data / "cache"
    images = ImageCache(cache) if (cache / "images").is_dir() else None
    view = ArticleView(images=images)
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(900, 700)
    view.show()
    hits_before = len(world.server.requests)
    refused: list[str] = []
    view.link_refused.connect(refused.append)
    ids = all_articles(world.storage)
    started = time.monotonic()
    slowest = 0.0
    asked = 0
    for article_id in ids:
        article = world.storage.article(article_id)
        one = time.monotonic()
        view.safe_document.asked.clear()
        view.show_article(article, marks_for="alert")
        qtbot.wait(0)  # type: ignore[attr-defined]
        slowest = max(slowest, time.monotonic() - one)
        asked += len(view.safe_document.asked)
        for url in view.safe_document.asked:
            assert url.startswith(("http://", "https://")), (article.title, url)
        for href in anchors(view.document()):
            scheme = QUrl(href).scheme().lower()
            assert scheme in CLICKABLE or scheme == "", (article.title, href)
            if scheme not in CLICKABLE:
                before = len(refused)
                view.anchorClicked.emit(QUrl(href))
                assert len(refused) == before + 1  # a relative link is refused, not resolved
    assert time.monotonic() - started < 30 and slowest < 3, slowest
    assert len(world.server.requests) == hits_before  # rendering reached no server
    assert images is not None and world.report.images >= 1
    assert images.path_for(world.server.url("/img/photo.png")) is not None
    assert opened == [] and asked > 0  # pictures were asked for, and came from the cache
    print(f"rendered {len(ids)} articles, slowest {slowest:.2f} s, {asked} resources asked")


def anchors(document: object) -> list[str]:
    """Every anchorHref in a QTextDocument (what a click would hand to anchorClicked)."""
    found = []
    block = document.begin()  # type: ignore[attr-defined]
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                found.append(fragment.charFormat().anchorHref())
            it += 1
        block = block.next()
    return found


# --- export ----------------------------------------------------------------------------------


def test_export_of_the_hostile_archive_is_complete_safe_and_contained(
    world: World, tmp_path: Path
) -> None:
    ids = all_articles(world.storage)
    cache = world.data / "cache"
    started = time.monotonic()
    as_json = export(world.storage, ids, "json", tmp_path / "all.json", cache_dir=cache)
    document = json.loads((tmp_path / "all.json").read_text("utf-8"))
    assert as_json.articles == len(ids) == len(document["articles"])
    as_html = export(world.storage, ids, "html", tmp_path / "all.html", cache_dir=cache)
    page_text = (tmp_path / "all.html").read_text("utf-8")
    assert as_html.articles == len(ids)
    assert "<script" not in page_text.lower()
    for bad in ('href="javascript:', 'src="javascript:', 'href="file:', 'src="file:',
                'href="data:text', "vbscript:"):  # fmt: skip
        assert bad not in page_text.lower(), bad
    folder = tmp_path / "md"
    as_md = export(world.storage, ids, "md", folder, cache_dir=cache)
    assert as_md.articles == len(ids)
    for path in as_md.files:
        assert path.resolve().is_relative_to(folder.resolve()), path
    assert time.monotonic() - started < 30
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert world.marker.encode() not in path.read_bytes()
