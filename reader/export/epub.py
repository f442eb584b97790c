"""EPUB 3 export: an in-house writer over zipfile (EbookLib is AGPL, so it cannot ship).

The book: a cover page, an EPUB 3 nav grouped by source, one XHTML chapter per article and
the article's pictures from the offline cache. Nothing refers to the network except ordinary
links. Article HTML is sanitized already (nh3), but sanitized HTML is not valid XHTML, so it
is re-parsed with lxml and bent into the XHTML content models epubcheck enforces.
"""

from __future__ import annotations

import html
import re
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

from reader.errors import KabarError
from reader.export.atomic import atomic_file, check_stop
from reader.image_check import sniff_image
from reader.images import ImageCache
from reader.types import Article
from reader.urls import resolve

# Core media types of EPUB 3.2 (epubcheck 4.2 in Debian): anything else needs a fallback.
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}
Progress = Callable[[int, int], None]
Stop = Callable[[], bool]
UNKNOWN_SOURCE = "Unknown source"
UNTITLED = "Untitled"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

# Tags sanitize.py lets through that XHTML5 lacks or that carry content-model traps.
_RENAME = {
    "acronym": "abbr", "big": "span", "center": "div", "strike": "s", "tt": "code",
    "time": "span", "del": "s", "ins": "u", "dfn": "span", "bdo": "span", "ruby": "span",
    "rt": "span", "rp": "span", "summary": "p", "address": "div", "article": "div",
    "aside": "div", "footer": "div", "header": "div", "main": "div", "nav": "div",
    "section": "div", "hgroup": "div", "details": "div",
}  # fmt: skip
_DROP = {"col", "colgroup", "script", "style", "source", "iframe", "object", "embed"}
_PHRASING = {
    "a", "abbr", "b", "bdi", "br", "cite", "code", "em", "i", "img", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_FLOW = {"blockquote", "div", "dl", "dd", "dt", "figure", "figcaption", "hr", "li", "ol", "p",
         "pre", "ul", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}  # fmt: skip
_ALLOWED = _PHRASING | _HEADINGS | _FLOW
_PHRASING_ONLY = (_PHRASING - {"a"}) | _HEADINGS | {"p", "pre"}  # their content: phrasing
_PARENTS = {
    "li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}, "tr": {"table", "thead", "tbody", "tfoot"},
    "td": {"tr"}, "th": {"tr"}, "thead": {"table"}, "tbody": {"table"}, "tfoot": {"table"},
    "caption": {"table"}, "figcaption": {"figure"},
}  # fmt: skip
# Allowed child sequences (space-joined tags) of the containers with a strict model.
_CHILDREN = {
    "ul": re.compile(r"(li )*"), "ol": re.compile(r"(li )*"),
    "dl": re.compile(r"((dt )+(dd )+)*"), "tr": re.compile(r"((td|th) )*"),
    "thead": re.compile(r"(tr )*"), "tbody": re.compile(r"(tr )*"), "tfoot": re.compile(r"(tr )*"),
    "table": re.compile(r"(caption )?(thead )?((tbody )*|(tr )*)(tfoot )?"),
    # One caption at most, first or last.
    "figure": re.compile(r"(figcaption )?((?!figcaption )\S+ )*|((?!figcaption )\S+ )*figcaption "),
}  # fmt: skip
_TABLE_PARTS = {"thead", "tbody", "tfoot", "tr"}

STYLE = """body { font-family: serif; line-height: 1.45; }
h1 { font-family: sans-serif; font-size: 1.4em; }
.meta, .missing { color: #666; font-family: sans-serif; font-size: 0.85em; }
img { max-width: 100%; height: auto; }
"""


class ExportFailed(KabarError):
    """The book could not be written (disk full, folder gone); nothing of it was left."""


@dataclass
class _Book:
    archive: zipfile.ZipFile
    images: ImageCache | None
    manifest: list[str] = field(default_factory=list)  # <item> lines beyond the fixed ones
    stored: dict[Path, str] = field(default_factory=dict)  # cache file → href in the book

    def add_image(self, url: str) -> str | None:
        """The book's href of the cached picture at `url`; None when it cannot go in."""
        path = self.images.path_for(url) if self.images is not None else None
        if path is None:
            return None
        if path in self.stored:
            return self.stored[path]
        try:
            data = path.read_bytes()
        except OSError:  # evicted meanwhile
            return None
        mime = sniff_image(data)
        if mime not in IMAGE_TYPES:  # WebP, AVIF, SVG: not core media types for epubcheck 4
            return None
        number = len(self.stored) + 1
        href = f"images/img-{number:04d}.{IMAGE_TYPES[mime]}"
        self.archive.writestr(f"OEBPS/{href}", data, compress_type=zipfile.ZIP_STORED)
        self.manifest.append(f'<item id="img-{number:04d}" href="{href}" media-type="{mime}"/>')
        self.stored[path] = href
        return href


def write(
    articles: Sequence[Article],
    out: Path,
    images: ImageCache | None,
    on_progress: Progress | None,
    should_stop: Stop | None,
) -> list[Path]:
    """Write `articles` as one EPUB 3 book at `out`, atomically; returns [out]."""
    try:
        with atomic_file(out) as temp, temp.open("wb") as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                _write_book(_Book(archive, images), by_source(articles), on_progress, should_stop)
            handle.flush()
    except OSError as error:
        raise ExportFailed(f"Could not write {out.name}: {error.strerror or error}.") from error
    return [out]


def by_source(articles: Sequence[Article]) -> list[Article]:
    """Articles grouped by source (sources in order of first appearance): the TOC's order,
    which must also be the reading order."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(source_name(article), []).append(article)
    return [article for group in groups.values() for article in group]


def _write_book(book: _Book, articles: list[Article], on_progress: Progress | None,
                should_stop: Stop | None) -> None:  # fmt: skip
    # The OCF rule: `mimetype` first, stored, no extra field.
    book.archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip",
                          compress_type=zipfile.ZIP_STORED)  # fmt: skip
    book.archive.writestr("META-INF/container.xml", CONTAINER)
    book.archive.writestr("OEBPS/style.css", STYLE)
    chapters: list[tuple[str, Article]] = []
    for done, article in enumerate(articles, 1):
        check_stop(should_stop)
        href = f"chapter-{done:04d}.xhtml"
        book.archive.writestr(f"OEBPS/{href}", chapter(article, book))
        chapters.append((href, article))
        if on_progress is not None:
            on_progress(done, len(articles))
    check_stop(should_stop)
    now = datetime.now(UTC).replace(microsecond=0)
    title = book_title(articles)
    language = book_language(articles)
    book.archive.writestr("OEBPS/cover.xhtml", cover(title, language, now, len(articles)))
    book.archive.writestr("OEBPS/nav.xhtml", nav(chapters, language))
    book.archive.writestr("OEBPS/content.opf", package(title, language, now, chapters, book))


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>
"""


def package(
    title: str, language: str, now: datetime, chapters: list[tuple[str, Article]], book: _Book
) -> str:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    items = [
        '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        *(f'<item id="c{n:04d}" href="{href}" media-type="application/xhtml+xml"/>'
          for n, (href, _) in enumerate(chapters, 1)),
        *book.manifest,
    ]  # fmt: skip
    spine = ['<itemref idref="cover"/>', '<itemref idref="nav"/>',
             *(f'<itemref idref="c{n:04d}"/>' for n in range(1, len(chapters) + 1))]  # fmt: skip
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id"
         xml:lang="{language}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:{uuid.uuid4()}</dc:identifier>
    <dc:title>{_text(title)}</dc:title>
    <dc:language>{language}</dc:language>
    <dc:creator>Kabar</dc:creator>
    <dc:date>{stamp}</dc:date>
    <meta property="dcterms:modified">{stamp}</meta>
  </metadata>
  <manifest>
{chr(10).join(items)}
  </manifest>
  <spine>{"".join(spine)}</spine>
</package>
"""


def _page(title: str, language: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
      xml:lang="{language}" lang="{language}">
<head><meta charset="UTF-8"/><title>{_text(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>
{body}
</body></html>
"""


def cover(title: str, language: str, now: datetime, count: int) -> str:
    noun = "article" if count == 1 else "articles"
    body = (f'<section epub:type="titlepage"><h1>{_text(title)}</h1>'
            f'<p class="meta">Exported {now:%Y-%m-%d %H:%M} UTC · {count} {noun}</p>'
            "</section>")  # fmt: skip
    return _page(title, language, body)


def nav(chapters: list[tuple[str, Article]], language: str) -> str:
    groups: dict[str, list[str]] = {}
    for href, article in chapters:
        entry = f'<li><a href="{href}">{_text(article_title(article))}</a></li>'
        groups.setdefault(source_name(article), []).append(entry)
    items = "\n".join(
        f"<li><span>{_text(source)}</span><ol>{''.join(entries)}</ol></li>"
        for source, entries in groups.items()
    )
    body = f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>\n{items}\n</ol></nav>'
    return _page("Contents", language, body)


def chapter(article: Article, book: _Book) -> str:
    language = language_tag(article.language)
    when = article.published or article.first_seen
    parts = (source_name(article), article.author or "", f"{when:%Y-%m-%d %H:%M}")
    meta = " · ".join(_text(part) for part in parts if part)
    link = _href(article.link)
    source = f'<p class="meta"><a href="{_text(link)}">{_text(link)}</a></p>' if link else ""
    body = to_xhtml(article_html(article), article.link, book)
    head = f"<h1>{_text(article_title(article))}</h1>\n<p class='meta'>{meta}</p>{source}"
    return _page(article_title(article), language, f"{head}\n{body}")


# ---- metadata from articles -------------------------------------------------------------


def source_name(article: Article) -> str:
    return _clean(article.source_title or "").strip() or UNKNOWN_SOURCE


def article_title(article: Article) -> str:
    return _clean(article.title).strip() or UNTITLED


def article_html(article: Article) -> str:
    whole = article.full_html if article.full_state == "done" else ""
    body = whole or article.content_html or article.summary_html
    return body if body.strip() else f"<p>{html.escape(article.text)}</p>"


def book_title(articles: Sequence[Article]) -> str:
    sources = {source_name(article) for article in articles}
    return f"Kabar: {sources.pop()}" if len(sources) == 1 else f"Kabar: {len(articles)} articles"


def language_tag(raw: str | None) -> str:
    """A well-formed BCP 47 tag, or "und": feeds say "ru_RU", "Russian" or nothing."""
    tag = (raw or "").strip().replace("_", "-")
    return tag if _LANGUAGE.fullmatch(tag) and len(tag) <= 35 else "und"


def book_language(articles: Sequence[Article]) -> str:
    counts = Counter(language_tag(a.language) for a in articles)
    counts.pop("und", None)
    return counts.most_common(1)[0][0] if counts else "und"


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text)  # control characters: XML 1.0 cannot hold them


def _text(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def _href(url: str | None) -> str | None:
    """A link a reading system may follow: http(s) or mailto, percent-encoded."""
    url = _clean(url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed IPv6 host
        return None
    return quote(url, safe=_URL_SAFE) if scheme in {"http", "https", "mailto"} else None


# ---- sanitized HTML → XHTML that epubcheck accepts --------------------------------------


def to_xhtml(body: str, base: str | None, book: _Book) -> str:
    try:
        root = lxml_html.fragment_fromstring(_clean(body), create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable left
        return "<div></div>"
    _normalize_tags(root)
    _fix(root, book, base, phrasing=False, in_link=False, no_heading=False)
    return str(etree.tostring(root, method="xml", encoding="unicode"))


def _normalize_tags(root: Any) -> None:
    """Rename obsolete tags, drop comments and embedded code, unwrap unknown tags."""
    for node in list(root.iter()):
        if node is root:
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = _RENAME.get(tag, tag)
        if not tag or tag in _DROP:
            node.drop_tree()  # keeps the tail text
        elif tag not in _ALLOWED:
            node.drop_tag()  # e.g. <picture>: its <img> stays
        else:
            node.tag = tag


def _fix(
    parent: Any, book: _Book, base: str | None, phrasing: bool, in_link: bool, no_heading: bool
) -> None:
    """Make each child valid where it stands: blocks inside phrasing become spans, list items
    outside lists become divs, tables and lists that break their model become divs."""
    for node in list(parent):
        tag = node.tag
        if phrasing and tag not in _PHRASING:
            if tag == "hr":
                node.drop_tree()
                continue
            tag = "span"
        if in_link and tag == "a":
            tag = "span"  # no link inside a link
        if no_heading and tag in _HEADINGS:
            tag = "p"  # th and dt may not hold headings
        if parent.tag not in _PARENTS.get(tag, {parent.tag}):
            tag = "div"
        if tag in _CHILDREN and not _valid_children(node, tag):
            tag = "div"
        node.tag = tag
        _attributes(node)
        if tag == "img":
            _image(node, book, base)
            continue
        _fix(node, book, base, phrasing or tag in _PHRASING_ONLY, in_link or tag == "a",
             no_heading or tag in {"th", "dt"})  # fmt: skip


def _valid_children(node: Any, tag: str) -> bool:
    """Whether `node` as `tag` keeps its model; a table's rows and sections are checked too,
    since turning one of them into a div later would break the table around it."""
    loose = any((part or "").strip() for part in (node.text, *(c.tail for c in node)))
    sequence = "".join(f"{child.tag} " for child in node)
    if (loose and tag != "figure") or not _CHILDREN[tag].fullmatch(sequence):
        return False  # loose text is fine in a figure only
    inner = [c for c in node if c.tag in _TABLE_PARTS] if tag in _TABLE_PARTS | {"table"} else []
    return all(_valid_children(child, child.tag) for child in inner)


_KEEP = {"a": {"href", "title"}, "img": {"src", "alt"}, "abbr": {"title"},
         "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "ol": {"start"}}  # fmt: skip


def _attributes(node: Any) -> None:
    keep = _KEEP.get(node.tag, set())
    for name, value in list(node.attrib.items()):
        numeric = name in {"colspan", "rowspan", "start"}
        if name not in keep or (numeric and not _small_number(value, name)):
            del node.attrib[name]
    if node.tag == "a":  # a relative or fragment link points at nothing in the book: dropped
        href = _href(node.attrib.pop("href", None))
        if href is not None:
            node.set("href", href)


def _small_number(value: str, name: str) -> bool:
    lowest = -(10**6) if name == "start" else 1
    return value.strip().lstrip("-").isdigit() and lowest <= int(value) <= 1000


def _image(node: Any, book: _Book, base: str | None) -> None:
    """Embed the cached picture, or leave its description as a small note."""
    src = (node.get("src") or "").strip()
    href = book.add_image(resolve(base, src)) if src and not src.startswith("data:") else None
    alt = _clean(node.get("alt") or "").strip()
    if href is not None:
        node.attrib.clear()
        node.set("src", href)
        node.set("alt", alt)
        return
    note = lxml_html.Element("span")
    note.set("class", "missing")
    note.text = f"[Picture: {alt}]" if alt else "[Picture not saved]"
    note.tail = node.tail
    node.getparent().replace(node, note)
