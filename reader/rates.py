"""Exchange rates from central banks: pure parsers, bytes in, `Rate`s out, no I/O.

Every rate is normalised to "base currency per ONE unit of the currency" as an exact
Decimal: the NBK and the CBR quote per `quant`/`Nominal` units (100 UZS, 10000 VND), and
the ECB quotes the other way round (units of the currency per euro). Formats and quirks
are in /work/shared/corpus/rates/FORMATS.md and the README's Ticker section.

A document that is not rates at all (an HTML error page, an empty list, hostile XML) raises
ProviderError; one bad item (a missing field, zero or a negative number) only drops that
item, so one odd currency never hides the others.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from typing import Literal

from reader.errors import FeedRejected, ProviderError
from reader.xmlguard import screen_feed

Direction = Literal["up", "down"]
PROVIDERS = ("nbk", "cbr", "ecb")
PROVIDER_NAMES = {
    "nbk": "National Bank of Kazakhstan",
    "cbr": "Central Bank of Russia",
    "ecb": "European Central Bank",
}
BASES = {"nbk": "KZT", "cbr": "RUB", "ecb": "EUR"}
DEFAULT_URLS = {
    "nbk": "https://nationalbank.kz/rss/rates_all.xml",
    "cbr": "https://www.cbr.ru/scripts/XML_daily.asp",
    "ecb": "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml",
}
NBK_DATE_URL = "https://nationalbank.kz/rss/get_rates.cfm?fdate={day:%d.%m.%Y}"
# rates_all.xml keeps discontinued currencies (LVL 2013, EEK 2010, TRL 2005) with their last
# date; anything this much older than the document's newest date is one of those.
STALE_ITEM_DAYS = 7
_CODE = re.compile(r"^[A-Z]{3}$")
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    code: str  # ISO 4217, e.g. "USD"
    per_unit: Decimal  # `base` per ONE unit of `code`, quant already divided
    change: Decimal | None  # per one unit, as the provider states it; None when it does not
    direction: Direction | None  # the provider's own up/down, if it gives one
    as_of: date  # the day the rate is set for
    base: str  # "KZT", "RUB" or "EUR"


def parse_rates(provider: str, data: bytes) -> list[Rate]:
    """Dispatch to the parser of `provider` ("nbk", "cbr" or "ecb")."""
    parsers: dict[str, Callable[[bytes], list[Rate]]] = {
        "nbk": parse_nbk, "cbr": parse_cbr, "ecb": parse_ecb,
    }  # fmt: skip
    return parsers[provider](data)


def parse_nbk(data: bytes) -> list[Rate]:
    """`rates_all.xml` (RSS, a pubDate per item) or `get_rates.cfm` (<rates>, one <date>)."""
    root = _xml(data, "nbk")
    channel = root.find("channel")
    container = channel if root.tag == "rss" and channel is not None else root
    if root.tag not in ("rss", "rates"):
        raise _junk("nbk", f"an XML document of an unknown kind (<{root.tag}>)")
    shared_day = _day(_text(container, "date"))
    rates = []
    for item in container.iter("item"):
        day = _day(_text(item, "pubDate")) or shared_day
        quant = _number(_text(item, "quant") or "1")
        value = _number(_text(item, "description"))
        change = _number(_text(item, "change"), allow_negative=True)
        index = (_text(item, "index") or "").strip().upper()
        direction: Direction | None = "up" if index == "UP" else "down" if index == "DOWN" else None
        rate = _rate(_text(item, "title"), value, quant, day, "KZT", change, direction)
        if rate is not None:
            rates.append(rate)
    return _current(rates, "nbk")


def parse_cbr(data: bytes) -> list[Rate]:
    """XML_daily.asp: <ValCurs Date="DD.MM.YYYY"><Valute><CharCode/><Nominal/><Value/>…

    Served as windows-1251 with a decimal comma ("96,2378").
    """
    root = _xml(data, "cbr")
    if root.tag != "ValCurs":
        raise _junk("cbr", f"an XML document of an unknown kind (<{root.tag}>)")
    day = _day(root.get("Date"))
    rates = []
    for item in root.iter("Valute"):
        value = _number((_text(item, "Value") or "").replace(",", "."))
        nominal = _number(_text(item, "Nominal") or "1")
        rate = _rate(_text(item, "CharCode"), value, nominal, day, "RUB", None, None)
        if rate is not None:
            rates.append(rate)
    return _current(rates, "cbr")


def parse_ecb(data: bytes) -> list[Rate]:
    """eurofxref-daily.xml: <Cube time="YYYY-MM-DD"><Cube currency="USD" rate="1.0856"/>…

    The ECB quotes units of the currency per euro; Kabar stores euros per unit, like the
    other providers, so the quote is inverted (8 significant digits).
    """
    root = _xml(data, "ecb")
    if _local(root.tag) != "Envelope":
        raise _junk("ecb", f"an XML document of an unknown kind (<{_local(root.tag)}>)")
    rates = []
    for cube in root.iter():
        if _local(cube.tag) != "Cube" or cube.get("time") is None:
            continue
        day = _parse_iso(cube.get("time"))
        for item in cube:
            quote = _number(item.get("rate"))
            if quote is None or day is None:
                continue
            with localcontext() as ctx:
                ctx.prec = 8
                per_unit = Decimal(1) / quote
            rate = _rate(item.get("currency"), per_unit, Decimal(1), day, "EUR", None, None)
            if rate is not None:
                rates.append(rate)
    return _current(rates, "ecb")


# -- helpers ---------------------------------------------------------------------------------


def _junk(provider: str, what: str) -> ProviderError:
    return ProviderError(
        f"{PROVIDER_NAMES[provider]} sent {what} instead of exchange rates; "
        "the last rates are kept."
    )


def _xml(data: bytes, provider: str) -> ET.Element:
    if not data.strip():
        raise _junk(provider, "an empty answer")
    if _HTML.match(data):
        raise _junk(provider, "a web page (the service may be down)")
    try:
        screened = screen_feed(data)
    except FeedRejected as error:
        raise _junk(provider, f"a document Kabar refuses ({error})") from None
    try:
        if _DECLARED.match(screened) is None and not _is_utf8(screened):
            # No declaration and not UTF-8: a Russian-language server sending windows-1251
            # bare (the CBR's charset is in its XML declaration, but mirrors may strip it).
            return ET.fromstring(screened.decode("cp1251"))
        return ET.fromstring(screened)
    except (ET.ParseError, ValueError, LookupError) as error:
        raise _junk(provider, f"a broken document ({error})") from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element, child: str) -> str | None:
    found = element.find(child)
    return found.text.strip() if found is not None and found.text else None


def _number(text: str | None, allow_negative: bool = False) -> Decimal | None:
    """A finite decimal (positive unless `allow_negative`), or None."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip().replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or (not allow_negative and value <= 0):
        return None
    return value


def _day(text: str | None) -> date | None:
    """DD.MM.YYYY or DD.MM.YY (the NBK's RSS pubDate is not RFC 822)."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", (text or "").strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def _parse_iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _rate(
    code: str | None, value: Decimal | None, quant: Decimal | None, day: date | None,
    base: str, change: Decimal | None, direction: Direction | None,
) -> Rate | None:  # fmt: skip
    """One normalised rate, or None when the item is unusable (it is then dropped)."""
    code = (code or "").strip().upper()
    if not _CODE.match(code) or value is None or quant is None or day is None or code == base:
        return None
    per_unit = (value / quant).normalize() if quant != 1 else value
    per_change = None if change is None else (change / quant if quant != 1 else change)
    return Rate(code, _plain(per_unit), per_change, direction, day, base)


def _plain(value: Decimal) -> Decimal:
    """No exponent notation: 1.159E-1 becomes 0.1159 (it is shown and stored as text)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def _current(rates: Iterable[Rate], provider: str) -> list[Rate]:
    """Drop discontinued currencies (far older than the newest date) and duplicates."""
    found = list(rates)
    if not found:
        raise _junk(provider, "no usable rate (missing fields, zero or negative numbers)")
    newest = max(r.as_of for r in found)
    kept: dict[str, Rate] = {}
    for rate in found:
        if rate.as_of >= newest - timedelta(days=STALE_ITEM_DAYS) and rate.code not in kept:
            kept[rate.code] = rate
    return list(kept.values())
