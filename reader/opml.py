"""Read and write OPML subscription lists (the format every feed reader imports and exports).

Pure functions: bytes in, plain data out. Parsing uses the standard library's expat-based
ElementTree, after :func:`reader.xmlguard.check_entities` has refused entity bombs and
external entities. Nested outlines become folders: "News/Local" is a folder inside a
folder. When writing, a bare slash separates folders, while one with spaces around it
("Мир / World") stays part of the name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from reader.errors import FeedRejected
from reader.xmlguard import check_entities

__all__ = ["OpmlImport", "OpmlSource", "parse_opml", "write_opml"]


@dataclass(frozen=True)
class OpmlSource:
    """One subscription: the feed's address, its name, its web site and its folder."""

    url: str
    title: str | None
    site_url: str | None
    folder: str | None


@dataclass(frozen=True)
class OpmlImport:
    """The feeds found in an OPML file, and one sentence for every outline that was skipped."""

    sources: tuple[OpmlSource, ...]
    problems: tuple[str, ...]


_WEB_SCHEMES = ("http", "https")
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FOLDER_SEPARATOR = re.compile(r"(?<!\s)/(?!\s)")
_QUOTE_LIMIT = 80
# Deeper folders are flattened into the 20th: ElementTree writes nested elements recursively.
_MAX_FOLDER_DEPTH = 20
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
_FEED_ROOTS = ("rss", "feed", "RDF")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shorten(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _web_address(raw: str) -> str | None:
    """Return ``raw`` with scheme and host in lower case if it is an http(s) address."""
    text = raw.strip()
    if not text or _NOT_IN_URL.search(text):
        return None
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    netloc = f"{userinfo}@{hostport.lower()}" if userinfo else hostport.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def _folder_parts(folder: str) -> list[str]:
    """Split a folder path on bare slashes; "Мир / World" is one name."""
    return [part.strip() for part in _FOLDER_SEPARATOR.split(folder) if part.strip()]


def _attributes(element: ET.Element) -> dict[str, str]:
    """The outline's attributes by lower-case name (exporters disagree on xmlUrl's case)."""
    return {key.lower(): value for key, value in element.attrib.items() if "}" not in key}


def _read_root(data: bytes) -> ET.Element:
    check_entities(data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise FeedRejected(
            "The file is not well-formed XML, so Kabar cannot read it as a subscription list "
            f"(the problem is at line {line}, column {column + 1})."
        ) from None
    name = _local(root.tag)
    if name in _FEED_ROOTS:
        raise FeedRejected(
            "This file is a news feed, not an OPML subscription list; add it as a source instead."
        )
    if name.lower() != "opml":
        raise FeedRejected(
            f"This file is not an OPML subscription list (its main element is <{_shorten(name)}>)."
        )
    return root


def parse_opml(data: bytes, max_outlines: int = 10_000) -> OpmlImport:
    """Read the feeds listed in an OPML document.

    Raises FeedRejected if the document is hostile XML, not XML, or not OPML. Outlines that
    cannot become a source are skipped and described in ``problems``; the rest are kept.
    """
    root = _read_root(data)
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise FeedRejected("The OPML file has no <body> section, so it lists no subscriptions.")

    sources: list[OpmlSource] = []
    problems: list[str] = []
    seen: dict[str, OpmlSource] = {}
    # An explicit stack rather than recursion: a file may nest outlines thousands deep.
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [(iter(body), ())]
    count = 0
    while stack:
        children, path = stack[-1]
        element = next(children, None)
        if element is None:
            stack.pop()
            continue
        if _local(element.tag) != "outline":
            continue
        count += 1
        if count > max_outlines:
            problems.append(
                f"The file lists more than {max_outlines:,} entries; Kabar read the first "
                f"{max_outlines:,} and skipped the rest."
            )
            break
        attrs = _attributes(element)
        text = (attrs.get("text") or "").strip()
        title = (attrs.get("title") or "").strip() or text
        is_feed = "xmlurl" in attrs or attrs.get("type", "").strip().lower() == "rss"
        if not is_feed:
            deeper = title and len(path) < _MAX_FOLDER_DEPTH
            stack.append((iter(element), (*path, title) if deeper else path))
            continue
        # A feed's own child outlines (rare) stay in the feed's folder.
        stack.append((iter(element), path))
        raw_url = (attrs.get("xmlurl") or "").strip()
        name = f'"{_shorten(title)}"' if title else "an outline without a name"
        url = _web_address(raw_url)
        if not raw_url:
            problems.append(f"Skipped {name}: it has no feed address.")
            continue
        if url is None:
            problems.append(
                f'Skipped {name}: its feed address "{_shorten(raw_url)}" is not a web address.'
            )
            continue
        folder = "/".join(path) or None
        if url in seen:
            first = seen[url]
            where = f' in "{first.folder}"' if first.folder else ""
            problems.append(f"Skipped {name}: the same feed is already listed{where}.")
            continue
        source = OpmlSource(
            url=url,
            title=title if title and title != raw_url else None,
            site_url=_web_address(attrs.get("htmlurl") or ""),
            folder=folder,
        )
        seen[url] = source
        sources.append(source)
    return OpmlImport(sources=tuple(sources), problems=tuple(problems))


def _clean(text: str) -> str:
    """Drop characters that XML 1.0 cannot carry at all."""
    return _NOT_IN_XML.sub("", text)


def write_opml(sources: Iterable[OpmlSource], title: str = "Kabar subscriptions") -> bytes:
    """Serialise ``sources`` as a UTF-8 OPML 2.0 document, folders as nested outlines.

    Order is kept exactly: a folder that reappears after another one is opened again.
    """
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _clean(title)
    body = ET.SubElement(root, "body")
    open_path: list[str] = []
    open_elements: list[ET.Element] = [body]
    for source in sources:
        wanted = _folder_parts(_clean(source.folder or ""))[:_MAX_FOLDER_DEPTH]
        common = 0
        while common < min(len(open_path), len(wanted)) and open_path[common] == wanted[common]:
            common += 1
        del open_path[common:], open_elements[common + 1 :]
        for part in wanted[common:]:
            folder = ET.SubElement(open_elements[-1], "outline", text=part, title=part)
            open_path.append(part)
            open_elements.append(folder)
        name = _clean(source.title or "")
        attributes = {"text": name or _clean(source.url)}
        if name:
            attributes["title"] = name
        attributes["type"] = "rss"
        attributes["xmlUrl"] = _clean(source.url)
        if source.site_url:
            attributes["htmlUrl"] = _clean(source.site_url)
        ET.SubElement(open_elements[-1], "outline", attributes)
    ET.indent(root, space="  ")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document.replace(b"<?xml version='1.0' encoding='utf-8'?>", _DECLARATION, 1) + b"\n"
