"""Full-article extraction: a web page in, the article's sanitized HTML and metadata out.

trafilatura finds the main content (the best F1 on the Zyte/Scrapinghub benchmark among the
maintained Python extractors; `benchmarks/extract_eval.py` measures ours). Around it:
per-site rules and promo phrases from `resources/extract_rules.json` (data, not code),
figure captions kept, repeated leads dropped, and the same nh3 sanitizer as feed content.
Pure: bytes or str in, `Extracted` out, no I/O beyond reading the packaged rules once.
"""

from __future__ import annotations

import codecs
import copy
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from html import unescape
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import trafilatura
from cssselect import HTMLTranslator, SelectorError
from lxml import etree  # type: ignore[import-untyped]
from trafilatura.htmlprocessing import convert_to_html

from reader.charsets import undeclared_encoding
from reader.errors import ExtractionFailed
from reader.sanitize import clean_html, clean_text, html_to_text
from reader.urls import clean_text_url, host_of

MAX_INPUT_BYTES = 5_000_000  # bigger pages are cut: article text sits near the top
MAX_ELEMENTS = 20_000  # 14x the biggest benchmark page; trafilatura is quadratic on some shapes
MIN_TEXT_CHARS = 200  # less is a teaser, a paywall or a page with no article
_BOM = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))  # fmt: skip
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "figcaption")
_WRAPPERS = frozenset({"html", "body", "main", "article", "form"})
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Extracted:
    html: str  # sanitized: p, h2-h4, lists, quotes, figures with captions, tables; absolute URLs
    text: str  # plain text of `html`, one block a line
    title: str
    author: str | None
    published: datetime | None  # aware, UTC
    lead_image: str | None  # absolute http(s) URL
    language: str | None


@dataclass(frozen=True)
class SiteRules:
    content: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    timezone: str | None = None


@dataclass(frozen=True)
class ExtractRules:
    remove: tuple[str, ...] = ()
    promo_phrases: tuple[str, ...] = ()
    section_headings: frozenset[str] = frozenset()
    credit_prefixes: tuple[str, ...] = ()
    promo_max_chars: int = 300
    credit_max_chars: int = 120
    sites: Mapping[str, SiteRules] = field(default_factory=dict)
    drop_repeats: bool = True  # off only to measure plain trafilatura through our pipeline

    def for_host(self, host: str) -> SiteRules:
        """Rules of the host or its nearest parent domain: kz.tengrinews.kz → tengrinews.kz."""
        parts = host.lower().removeprefix("www.").split(".")
        for start in range(len(parts) - 1):
            found = self.sites.get(".".join(parts[start:]))
            if found:
                return found
        return SiteRules()


def _strings(value: object, fold: bool = False) -> tuple[str, ...]:
    items = tuple(str(item) for item in value) if isinstance(value, list) else ()
    return tuple(item.casefold() for item in items) if fold else items


def _site(rule: Mapping[str, Any]) -> SiteRules:
    content, remove, date = (_strings(rule.get(name)) for name in ("content", "remove", "date"))
    return SiteRules(content, remove, date, rule.get("timezone"))


def parse_rules(data: Mapping[str, Any]) -> ExtractRules:
    generic, sites = data.get("generic", {}), data.get("sites", {})
    return ExtractRules(
        remove=_strings(generic.get("remove")),
        promo_phrases=_strings(generic.get("promo_phrases"), fold=True),
        section_headings=frozenset(_key(h) for h in _strings(generic.get("section_headings"))),
        credit_prefixes=_strings(generic.get("credit_prefixes"), fold=True),
        promo_max_chars=int(generic.get("promo_max_chars", 300)),
        credit_max_chars=int(generic.get("credit_max_chars", 120)),
        sites={host.lower(): _site(rule) for host, rule in sites.items()},
    )


@functools.cache
def load_rules() -> ExtractRules:
    raw = resources.files("reader.resources").joinpath("extract_rules.json").read_bytes()
    return parse_rules(json.loads(raw))


@functools.lru_cache(maxsize=256)
def _xpath(selector: str) -> Any:
    """A CSS selector compiled once; a bad one in the rules file matches nothing."""
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError):
        return None


def _select(tree: Any, selectors: Iterable[str]) -> list[Any]:
    found: list[Any] = []
    for selector in selectors:
        compiled = _xpath(selector)
        found.extend(compiled(tree) if compiled is not None else ())
    return found


def _codec(name: str | bytes | None) -> str | None:
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name.strip()).name if name else None
    except LookupError:
        return None


def decode_html(data: bytes | str, charset: str | None = None) -> str:
    """Text of a page by evidence: BOM, then the HTTP charset, then <meta>, then UTF-8.

    A page that says nothing and is not UTF-8 is read as charset-normalizer reads it
    (reader/charsets.py); when it cannot tell, as windows-1251: the Kazakh and Russian sites
    Kabar is built for were the ones that still served it undeclared.
    """
    if isinstance(data, str):
        return data[:MAX_INPUT_BYTES]
    data = data[:MAX_INPUT_BYTES]
    bom = next((name for mark, name in _BOM if data.startswith(mark)), None)
    meta = _META_CHARSET.search(data[:8192])
    in_page = _codec(meta.group(1) if meta else None)
    if in_page and in_page.startswith(("utf-16", "utf-32")):
        in_page = "utf-8"  # a <meta> readable as ASCII cannot be UTF-16 (the HTML standard)
    declared = bom or _codec(charset) or in_page
    for name in filter(None, (declared, "utf-8")):
        try:  # final=False: a character cut by the size cap is dropped, not an error
            text: str = codecs.getincrementaldecoder(name)().decode(data, final=False)
            return text.removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    data, guessed = undeclared_encoding(data, "windows-1251")
    return data.decode(guessed, errors="replace")


# The first three letters of month names, Russian (any case form) and Kazakh.
_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "окт": 10, "ноя": 11, "дек": 12, "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4,
    "мам": 5, "мау": 6, "шіл": 7, "там": 8, "қыр": 9, "қаз": 10, "қар": 11, "жел": 12,
}  # fmt: skip
_TIME = r"(?:[\s,|в-]+(\d{1,2}):(\d{2}))?"
_WORD_DATE = re.compile(r"(\d{1,2})\s+([^\W\d_]{3,})\.?,?\s+(\d{4})(?:\s*(?:г\.|года?))?" + _TIME)
_KK_DATE = re.compile(r"(\d{4})\s+жылғы\s+(\d{1,2})\s+([^\W\d_]{3,})" + _TIME)
_NUM_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)
_TIME_FIRST = re.compile(r"(\d{1,2}):(\d{2}),?\s+(\d{1,2})\s+([^\W\d_]{3,})\s+(\d{4})")


def _local(parts: tuple[int, int, int, int, int], zone: tzinfo) -> datetime | None:
    year, month, day, hour, minute = parts
    try:
        return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)
    except ValueError:
        return None


def _date_parts(text: str) -> tuple[int, int, int, int, int] | None:
    if m := _TIME_FIRST.search(text):
        month = _MONTHS.get(m[4][:3])
        return (int(m[5]), month, int(m[3]), int(m[1]), int(m[2])) if month else None
    if m := _WORD_DATE.search(text):
        month = _MONTHS.get(m[2][:3])
        if month:
            return (int(m[3]), month, int(m[1]), int(m[4] or 0), int(m[5] or 0))
    if m := _KK_DATE.search(text):
        month = _MONTHS.get(m[3][:3])
        if month:
            return (int(m[1]), month, int(m[2]), int(m[4] or 0), int(m[5] or 0))
    if m := _NUM_DATE.search(text):
        return (int(m[3]), int(m[2]), int(m[1]), int(m[4] or 0), int(m[5] or 0))
    return None


def parse_russian_date(text: str, zone: tzinfo = UTC) -> datetime | None:
    """«16 июня 2021 | 11:37», «16.06.2021, 11:37», «2021 жылғы 16 маусым» → aware UTC."""
    parts = _date_parts(" ".join(text.casefold().split()))
    return _local(parts, zone) if parts else None


def _zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _found_date(value: str | None, zone: tzinfo) -> tuple[datetime | None, bool]:
    """htmldate's answer as aware UTC, and whether it knew the time of day."""
    if not value:
        return None, False
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None, False
    timed = found.tzinfo is not None or (found.hour, found.minute) != (0, 0)
    found = found if found.tzinfo else found.replace(tzinfo=zone)
    return found.astimezone(UTC), timed


def _printed_date(tree: Any, site: SiteRules, zone: tzinfo) -> datetime | None:
    """A date the page prints near its top, where htmldate did not read the time."""
    selectors = site.date or ("time", "[class*=date]", "[class*=time]")
    for element in _select(tree, selectors)[:20]:
        text = " ".join(element.itertext())
        if len(text) < 100 and (found := parse_russian_date(text, zone)):
            return found
    return None


def _published(tree: Any, value: str | None, site: SiteRules) -> datetime | None:
    zone = _zone(site.timezone)
    found, timed = _found_date(value, zone)
    if found and timed:
        return found
    printed = _printed_date(tree, site, zone)
    if printed and (found is None or abs(printed - found).days < 2):
        return printed
    return found


def _key(text: str) -> str:
    """Text for comparisons: case, punctuation and spacing do not count."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _remove(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():  # keep text that follows the element
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _mark_captions(tree: Any) -> set[str]:
    """trafilatura drops <figcaption>: turn each into a <p> and remember its text."""
    captions: set[str] = set()
    for caption in tree.xpath("//figure[.//img]//figcaption"):
        caption.tag = "p"
        captions.add(_key(" ".join(caption.itertext())))
    captions.discard("")
    return captions


def _restore_figures(body: Any, captions: set[str]) -> None:
    for paragraph in list(body.iter("p")):
        image = paragraph.getprevious()
        if (
            image is None
            or image.tag != "img"
            or _key(" ".join(paragraph.itertext())) not in captions
        ):
            continue
        figure = etree.Element("figure")
        image.addprevious(figure)
        figure.append(image)  # moves the tail along, so the tail stays beside the image
        paragraph.tag = "figcaption"
        figure.append(paragraph)


def _content_tree(tree: Any, selectors: tuple[str, ...]) -> Any:
    """A page holding only the site's article element(s), or the page itself."""
    found = _select(tree, selectors)
    text = sum(len(" ".join(node.itertext()).strip()) for node in found)
    if text < MIN_TEXT_CHARS:
        return tree
    page: Any = trafilatura.load_html("<html><body><article></article></body></html>")
    article = page.find(".//article")
    for node in found:
        article.append(copy.deepcopy(node))
    return page


def _same_lead(paragraph: str, lead: str) -> bool:
    stem = lead.removesuffix("...").removesuffix("…").strip()
    if not paragraph or len(stem) < 20:
        return False
    key, lead_key = _key(paragraph), _key(stem)
    return key == lead_key or (lead != stem and key.startswith(lead_key))


def _drop_repeats(body: Any, lead: str) -> None:
    """The lead printed twice, and a first paragraph that only repeats the feed's summary."""
    previous = None
    for paragraph in list(body.iter("p")):
        key = _key(" ".join(paragraph.itertext()))
        if key and key == previous:
            _remove(paragraph)
        previous = key or previous
    first = next((p for p in body.iter("p") if "".join(p.itertext()).strip()), None)
    if first is not None and lead and _same_lead(" ".join(first.itertext()), lead):
        _remove(first)


def _is_link_list(element: Any) -> bool:
    text = _key(" ".join(element.itertext()))
    links = _key(" ".join(t for a in element.iter("a") for t in a.itertext()))
    return element.tag in {"ul", "ol"} or not _LETTER.search(text) or len(links) >= 0.8 * len(text)


def _drop_section(heading: Any) -> None:
    """A "Read also" or "Rates" heading goes with the link lists and figures right after it."""
    following = heading.getnext()
    while following is not None and _is_link_list(following):
        after = following.getnext()
        _remove(following)
        following = after
    _remove(heading)


def _attached(element: Any, body: Any) -> bool:
    return any(ancestor is body for ancestor in element.iterancestors())


def _drop_furniture(body: Any, title: str, rules: ExtractRules) -> None:
    """The headline (a separate field) and a photo credit left as loose text after an image."""
    for heading in list(body.iter("h1")):
        if _key(" ".join(heading.itertext())) == _key(title):
            _remove(heading)
    for image in body.iter("img"):
        tail = " ".join((image.tail or "").casefold().split())
        if tail and len(tail) <= rules.credit_max_chars and tail.startswith(rules.credit_prefixes):
            image.tail = None


def _is_promo(text: str, rules: ExtractRules) -> bool:
    if len(text) <= rules.credit_max_chars and text.startswith(rules.credit_prefixes):
        return True
    return len(text) <= rules.promo_max_chars and any(p in text for p in rules.promo_phrases)


def _drop_promos(body: Any, rules: ExtractRules) -> None:
    for element in list(body.iter(*_BLOCKS)):
        if not _attached(element, body):
            continue  # went with a block removed before it
        text = " ".join(" ".join(element.itertext()).casefold().split())
        if _key(text) in rules.section_headings:
            _drop_section(element)
        elif _is_promo(text, rules):
            _remove(element)
        elif element.tag == "p" and not _LETTER.search(text) and element.find(".//img") is None:
            _remove(element)  # "479.5 535.02 5.16": a rates strip, not prose


def _serialize(body: Any) -> str:
    inner = [etree.tostring(child, encoding="unicode", method="html") for child in body]
    return (body.text or "") + "".join(inner)


def _body_html(document: Any, captions: set[str], lead: str, title: str,
               rules: ExtractRules) -> str:  # fmt: skip
    if document is None or document.body is None:
        return ""
    body = convert_to_html(document.body).find("body")
    _restore_figures(body, captions)
    if rules.drop_repeats:
        _drop_repeats(body, lead)
        _drop_furniture(body, title, rules)
    _drop_promos(body, rules)
    return _serialize(body)


def _prune(tree: Any, selectors: tuple[str, ...], guarded: bool) -> None:
    """Remove what the rules name. A generic class-name rule ("[class*=subscribe]") can hit a
    page wrapper (<body class="unsubscribed">), so those never remove a big share of the page."""
    limit = 0.4 * len(" ".join(tree.itertext())) if guarded else float("inf")
    for element in _select(tree, selectors):
        if element.tag in _WRAPPERS or len(" ".join(element.itertext())) > limit:
            continue
        _remove(element)


def _extract_body(
    tree: Any, url: str, site: SiteRules, rules: ExtractRules
) -> tuple[Any, set[str]]:
    work = _content_tree(tree, site.content)
    work = copy.deepcopy(work) if work is tree else work
    _prune(work, site.remove, guarded=False)
    _prune(work, rules.remove, guarded=True)
    captions = _mark_captions(work)
    document = trafilatura.bare_extraction(
        work, url=url, include_comments=False, include_tables=True, include_images=True,
        include_links=True, include_formatting=True, with_metadata=False,
        favor_precision=True,  # measured: F1 0.957 → 0.973 on the benchmark, recall unchanged
    )  # fmt: skip
    return document, captions


def _language(tree: Any) -> str | None:
    values = tree.xpath("/html/@lang | //meta[@http-equiv='content-language']/@content")
    value = str(values[0]).strip().replace("_", "-").split("-")[0].lower() if values else ""
    return value if re.fullmatch(r"[a-z]{2,3}", value) else None


def _lead_image(fragment: str, metadata_image: str | None, url: str) -> str | None:
    """The publisher's own choice (og:image) first: sites often keep the lead photo out of
    the body (Tengrinews does); else the first picture of the article."""
    first = re.search(r'<img\b[^>]*\bsrc="(https?://[^"]+)"', fragment)
    body_image = unescape(first.group(1)) if first else None
    return clean_text_url(metadata_image, url) or clean_text_url(body_image, url)


def _parse(page: str) -> Any:
    """The page's tree without code and styling: never prose, and on a hostile page a
    million <script> elements would cost trafilatura seconds. JSON-LD stays for metadata."""
    tree = trafilatura.load_html(page)
    if tree is None:
        raise ExtractionFailed("The page is empty or is not HTML.")
    for script in tree.xpath("//script[not(@type='application/ld+json')]"):
        script.tag = "kabar-drop"  # renamed, then stripped in one C-level pass
    etree.strip_elements(tree, "kabar-drop", "style", "template", etree.Comment, with_tail=False)
    if sum(1 for _ in tree.iter()) > MAX_ELEMENTS:
        raise ExtractionFailed("The page is too complex to read as an article.")
    return tree


def extract_article(
    html: bytes | str,
    url: str,
    feed_summary_text: str = "",
    *,
    charset: str | None = None,
    rules: ExtractRules | None = None,
) -> Extracted:
    """The article on a page: structure kept, promos and a repeated lead dropped, sanitized.

    `feed_summary_text` is the feed's own summary, stored beside the article: a first
    paragraph repeating it is dropped. Raises ExtractionFailed when no article is found.
    """
    rules = load_rules() if rules is None else rules
    tree = _parse(decode_html(html, charset))
    site = rules.for_host(host_of(url))
    document, captions = _extract_body(tree, url, site, rules)
    metadata = trafilatura.extract_metadata(tree, default_url=url, date_config=_DATE_CONFIG)
    title = clean_text(metadata.title)
    raw = _body_html(document, captions, feed_summary_text, title, rules)
    fragment = clean_html(raw, base=url)
    text = html_to_text(fragment)
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionFailed("No article text was found on the page.")
    return Extracted(
        html=fragment,
        text=text,
        title=title,
        author=clean_text(metadata.author) or None,
        published=_published(tree, metadata.date, site),
        lead_image=_lead_image(fragment, metadata.image, url),
        language=_language(tree),
    )


# htmldate's time-of-day format: a time it finds is kept (it reads «16 июня 2021 | 11:37»).
_DATE_CONFIG = {"original_date": True, "extensive_search": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z"}  # fmt: skip
