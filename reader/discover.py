"""Find a site's feeds: sniff whether a response is a feed, and read feed links from a page.

Pure functions (bytes in, plain data out); fetching is the caller's job. HTML is read with
the standard library's tolerant ``html.parser``; only http and https addresses come out.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

__all__ = ["COMMON_FEED_PATHS", "FoundFeed", "find_feeds", "guess_feed_urls", "looks_like_feed"]


@dataclass(frozen=True)
class FoundFeed:
    """A feed a page points to; ``kind`` is "rss", "atom" or "json"."""

    url: str
    title: str | None
    kind: str


#: Where sites usually keep their feed, tried in this order when a page declares none.
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/rss/all",
    "/news.rss",
    "/index.rss",
    "/feeds/posts/default",
    "/?feed=rss2",
)

_LINK_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
}
_FEED_CONTENT_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
}
# Pages carry application/json alternates that are APIs, not feeds (WordPress, oEmbed).
_NOT_JSON_FEEDS = ("/wp-json/", "oembed")
_ANCHOR_ENDINGS = ("/feed", "/rss", ".rss", ".xml", "/atom.xml", "feed.json")
_SNIFF_BYTES = 16_384
_SNIFF_WINDOW = 4_096
_MAX_HTML_BYTES = 2_000_000  # html.parser reads about 2 MB a second
_MAX_TITLE = 200
_XML_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s/>]")
_JSON_FEED_VERSION = re.compile(
    r'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/', re.IGNORECASE
)


def _head_text(body: bytes) -> str:
    """The start of ``body`` as text, enough to read markers that are plain ASCII."""
    head = body[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return head.decode("utf-32", "ignore")
    if head.startswith(b"<\x00\x00\x00"):
        return head.decode("utf-32-le", "ignore")
    if head.startswith(b"\x00\x00\x00<"):
        return head.decode("utf-32-be", "ignore")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _skip_prelude(text: str) -> str:
    """Drop leading whitespace, the XML declaration, processing instructions, comments and a
    DOCTYPE; return what follows (empty if the prelude does not end in ``text``)."""
    while True:
        text = text.lstrip()
        if text.startswith("<?"):
            end = text.find("?>")
            skip = end + 2
        elif text.startswith("<!--"):
            end = text.find("-->")
            skip = end + 3
        elif text[:9].upper() == "<!DOCTYPE":
            close = text.find(">")
            subset = text.find("[")
            if 0 <= subset < close:  # an internal subset may itself contain ">"
                bracket = text.find("]", subset)
                close = text.find(">", bracket) if bracket >= 0 else -1
            end = close
            skip = close + 1
        else:
            return text
        if end < 0:
            return ""
        text = text[skip:]


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Whether ``body`` is an RSS, Atom, RDF or JSON Feed document, judged by its first bytes.

    The Content-Type header only helps when it names a feed type and the body is shaped like
    one; a page sent as text/html is judged on its content alone.
    """
    text = _skip_prelude(_head_text(body))[:_SNIFF_WINDOW]
    if text.startswith("{"):
        if _JSON_FEED_VERSION.search(text):
            return True
    elif _XML_ROOT.match(text):
        return True
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime not in _FEED_CONTENT_TYPES:
        return False
    if mime.endswith("json"):
        return text.startswith("{")
    return text.startswith("<") and text[:5].lower() != "<html"


def _charset_from_content(content: str) -> str | None:
    """The charset in a ``<meta http-equiv="Content-Type" content="...">`` value."""
    lower = content.lower()
    at = lower.find("charset=")
    if at < 0:
        return None
    value = content[at + len("charset=") :].strip().strip("\"'")
    words = value.split(";", 1)[0].split()
    return words[0] if words else None


class _CharsetFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset:
            return
        values = {name: value or "" for name, value in reversed(attrs)}
        if values.get("charset"):
            self.charset = values["charset"].strip()
        elif values.get("http-equiv", "").strip().lower() == "content-type":
            self.charset = _charset_from_content(values.get("content", ""))


def _encoding(html: bytes) -> str:
    """The page's encoding: byte-order mark, then <meta charset>, then UTF-8."""
    if html.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if html.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    finder = _CharsetFinder()
    with contextlib.suppress(AssertionError):  # html.parser gives up on some bad declarations
        finder.feed(html[:4096].decode("latin-1"))
    try:
        name = codecs.lookup(finder.charset or "utf-8").name
    except LookupError:
        return "utf-8"
    if name.startswith(("utf-16", "utf-32")):  # a page read as ASCII cannot really be UTF-16
        return "utf-8"
    if name in ("latin-1", "iso8859-1", "ascii"):  # what browsers do, and what pages mean
        return "cp1252"
    return name


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str | None, str]] = []
        self.anchors: list[tuple[str, str | None]] = []
        self._anchor: tuple[str, str | None] | None = None
        self._anchor_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in reversed(attrs)}  # first one wins
        href = values.get("href", "").strip()
        if tag == "base" and href and self.base is None:
            self.base = href
        elif tag == "link" and href:
            rel = values.get("rel", "").lower().split()
            mime = values.get("type", "").split(";", 1)[0].strip().lower()
            kind = _LINK_TYPES.get(mime)
            if "alternate" not in rel or kind is None:
                return
            if mime == "application/json" and any(s in href.lower() for s in _NOT_JSON_FEEDS):
                return
            self.links.append((href, values.get("title", "").strip() or None, kind))
        elif tag == "a":
            self._close_anchor()
            if href:
                self._anchor = (href, values.get("title", "").strip() or None)

    def handle_data(self, data: str) -> None:
        if self._anchor is not None and sum(map(len, self._anchor_text)) < _MAX_TITLE:
            self._anchor_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            href, title = self._anchor
            text = " ".join("".join(self._anchor_text).split())[:_MAX_TITLE]
            self.anchors.append((href, text or title))
        self._anchor = None
        self._anchor_text = []


def _absolute(href: str, base: str) -> str | None:
    try:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _anchor_kind(url: str) -> str | None:
    """The kind of feed an ``<a href>`` clearly points to, or None."""
    path = urlsplit(url).path.lower().rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if not path.endswith(_ANCHOR_ENDINGS) or "sitemap" in last:
        return None
    if last.endswith(".json"):
        return "json"
    return "atom" if "atom" in last else "rss"


def find_feeds(html: bytes, page_url: str) -> list[FoundFeed]:
    """The feeds ``html`` (fetched from ``page_url``) links to, best candidates first.

    ``<link rel="alternate">`` feeds come first in document order, then ``<a>`` links whose
    address clearly names a feed. Relative addresses are resolved against ``<base href>``
    or ``page_url``; each address appears once.
    """
    collector = _LinkCollector()
    data = html[:_MAX_HTML_BYTES]
    with contextlib.suppress(AssertionError):  # keep what was read before the parser gave up
        collector.feed(data.decode(_encoding(data), "replace"))
        collector.close()
    collector.handle_endtag("a")
    base = page_url
    if collector.base is not None:
        base = _absolute(collector.base, page_url) or page_url
    found: list[FoundFeed] = []
    seen: set[str] = set()
    candidates = [*collector.links, *((href, title, "") for href, title in collector.anchors)]
    for href, title, link_kind in candidates:
        url = _absolute(href, base)
        kind = link_kind or (_anchor_kind(url) if url else None)
        if url is None or kind is None or url in seen:
            continue
        seen.add(url)
        found.append(FoundFeed(url=url, title=title, kind=kind))
    return found


def guess_feed_urls(page_url: str) -> list[str]:
    """Absolute addresses of :data:`COMMON_FEED_PATHS` on ``page_url``'s site."""
    urls = (_absolute(path, page_url) for path in COMMON_FEED_PATHS)
    return list(dict.fromkeys(url for url in urls if url))
