"""Pure text helpers for the window: dates, counts, previews and article HTML that Qt can lay out.

They live in the Qt-free core so they can be tested exhaustively without a display, and so
the window never depends on the process locale: a Kazakh interface on an English system must
still say "кеше" and "16 маусым", which `strftime("%B")` cannot promise.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["NOUNS", "count_phrase", "flatten_deep_tables", "plural", "preview_line",
           "relative_time"]  # fmt: skip

_LANGUAGES = ("ru", "kk", "en")
_YESTERDAY = {"ru": "вчера", "kk": "кеше", "en": "yesterday"}
# Russian needs the genitive ("16 июня"); Kazakh month names do not decline after a day.
_MONTHS = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def _language(language: str) -> str:
    """Reduce a locale name to a supported language: "ru_RU", "ru-RU.UTF-8", "RU" are "ru".

    Anything unknown falls back to English rather than failing: a label must always show.
    """
    code = language.strip().lower().replace("-", "_").split("_", 1)[0].split(".", 1)[0]
    return code if code in _LANGUAGES else "en"


def relative_time(when: datetime, now: datetime, language: str) -> str:
    """The headline list's date column: as short as it can be while staying unambiguous.

    Today shows the time ("11:37", 24-hour in every language: the column is narrow), then
    "yesterday", then day and month within the current year, then a full date. Days are
    calendar days in the time zone of ``now``, so a story from 23:50 is "yesterday" at 00:10.
    A naive datetime means system local time, as `datetime.astimezone` treats it; two naive
    values are compared as they are. A future date (a source's clock is ahead) is never
    "yesterday": it is the time if it is today, otherwise a date.
    """
    lang = _language(language)
    if now.tzinfo is not None or when.tzinfo is not None:
        try:
            now = now.astimezone() if now.tzinfo is None else now
            when = when.astimezone(now.tzinfo)
        except (OverflowError, ValueError, OSError):
            pass  # a year-1 or year-9999 date from a broken feed: shown unshifted, not a crash
    day, today = when.date(), now.date()
    if day == today:
        return f"{when.hour:02d}:{when.minute:02d}"
    if (today - day).days == 1:
        return _YESTERDAY[lang]
    if day.year == today.year:
        return f"{day.day} {_MONTHS[lang][day.month - 1]}"
    if lang == "en":
        return f"{day.day} {_MONTHS['en'][day.month - 1][:3]} {day.year}"
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _category(n: int, lang: str) -> int:
    """CLDR cardinal category of an integer as an index: 0 one, 1 few/other, 2 many.

    Only integers are counted here, so CLDR's "v = 0" conditions always hold. Kazakh and
    English have one/other; Russian one/few/many (1 статья, 2 статьи, 5 статей, 11 статей).
    """
    n = abs(n)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def plural(n: int, forms: tuple[str, ...], language: str) -> str:
    """The form of a word that agrees with the count ``n`` (the word only, not the number).

    ``forms`` lists the language's CLDR categories in order: Russian (one, few, many),
    Kazakh and English (one, other). A shorter tuple is tolerated, its last form standing in
    for the missing ones, so Kazakh nouns, which never change after a numeral, need one form.
    """
    if not forms:
        return ""
    return forms[min(_category(n, _language(language)), len(forms) - 1)]


# The nouns the window counts. "unread" agrees with an implied статья ("5 непрочитанных").
# "failed_source" reads as a clause in English ("2 sources failed") because it ends the sync
# summary ("12 new articles, 2 sources failed"); Russian and Kazakh keep a noun phrase there,
# which reads just as naturally ("2 источника с ошибкой", "2 қатесі бар дереккөз").
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {"ru": ("статья", "статьи", "статей"), "kk": ("мақала",),
                "en": ("article", "articles")},
    "new_article": {"ru": ("новая статья", "новые статьи", "новых статей"),
                    "kk": ("жаңа мақала",), "en": ("new article", "new articles")},
    "source": {"ru": ("источник", "источника", "источников"), "kk": ("дереккөз",),
               "en": ("source", "sources")},
    "failed_source": {"ru": ("источник с ошибкой", "источника с ошибкой",
                             "источников с ошибкой"),
                      "kk": ("қатесі бар дереккөз",), "en": ("source failed", "sources failed")},
    "unread": {"ru": ("непрочитанная", "непрочитанные", "непрочитанных"),
               "kk": ("оқылмаған",), "en": ("unread",)},
}  # fmt: skip


def _number(n: int, lang: str) -> str:
    """Digits grouped the CLDR way: "12,345" in English, "12 345" (no-break space) otherwise."""
    grouped = f"{n:,}"
    return grouped if lang == "en" else grouped.replace(",", "\u00a0")


def count_phrase(n: int, noun_key: str, language: str) -> str:
    """A number and the noun of `NOUNS` agreeing with it: "5 статей", "5 мақала", "5 articles".

    ``noun_key`` may be spelled with a space or an underscore ("new article", "new_article");
    an unknown key raises KeyError, since it can only be a typo in the caller.
    """
    lang = _language(language)
    forms = NOUNS[noun_key.replace(" ", "_")][lang]
    return f"{_number(n, lang)} {plural(n, forms, lang)}"


_WORD = re.compile(r"\S+")
_TRAILING = " ,;:-–—([{«„"  # space and punctuation that must not dangle before the "…"


def preview_line(text: str, limit: int = 160) -> str:
    """The single grey line under a headline: the start of the text, at most ``limit`` chars.

    Line breaks and runs of whitespace become single spaces (a list row has one line). A cut
    happens between words and ends in "…", so the line never ends mid-word; only a single
    word longer than the whole line (a URL) is cut inside. Reads no further than it needs to,
    so a megabyte of text costs no more than a short one.
    """
    if limit <= 0:
        return ""
    words: list[str] = []
    length = -1  # the separator before the first word is not written
    for match in _WORD.finditer(text):
        length += 1 + len(match.group())
        words.append(match.group())
        if length > limit:
            break
    else:
        return " ".join(words)
    # Too long: keep whole words while they and the "…" fit.
    kept: list[str] = []
    used = -1
    for word in words:
        if used + 1 + len(word) + 1 > limit:
            break
        kept.append(word)
        used += 1 + len(word)
    line = " ".join(kept).rstrip(_TRAILING) if kept else words[0][: limit - 1]
    return line + "…"


# Scanners over already-sanitized HTML. `_scanner(names)` matches everything up to the next
# tag with one of those names (group 1), then that tag: "/" if closing (2), name (3),
# attributes (4), ">" unless the text ended first (5). Each alternative always matches once it
# starts (an unclosed comment, tag or quote runs to the end, as in the HTML tokenizer) and
# never backtracks (possessive), so a scan is linear; quoted attribute values are consumed
# whole, so title="<table>" is never taken for a tag. Text and other tags are skipped inside
# the regex engine: Python only sees the few tags it has to act on.
_ATTRS = r"""(?:[^>=]++|=\s*+(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))?)*+"""


def _scanner(names: str) -> re.Pattern[str]:
    name = rf"(?i:{names})(?=[\s/>]|\Z)"
    skip = (
        rf"(?:[^<]++|<!--.*?(?:-->|\Z)|<[!?][^>]*+(?:>|\Z)"
        rf"|<(?!/?{name})(?:/?[a-zA-Z][^\s/>]*+{_ATTRS}(?:>|\Z))?)*+"
    )
    return re.compile(rf"({skip})(?:<(/?)({name})({_ATTRS})(>|\Z))?", re.DOTALL)


_TABLES = _scanner("table")
_GRID = _scanner("table|tr|td|th|thead|tbody|tfoot|caption|colgroup|col")
_TABLE_OPEN = re.compile(r"<table[\s/>]", re.IGNORECASE)


def _grid_to_divs(match: re.Match[str]) -> str:
    skipped, closing, name, attributes, end = match.groups()
    if name is None or not end:
        return match.group()  # the end of the text, or a tag cut off by it
    if name.lower() in ("col", "colgroup"):
        return str(skipped)  # column tags hold no content: a <div> would be an empty line
    return f"{skipped}<{closing}div{attributes}>"  # only the name changes, nothing else


def flatten_deep_tables(html: str, max_depth: int = 3) -> str:
    """Turn tables nested deeper than ``max_depth`` into plain <div> blocks.

    Qt's text layout time doubles with every nested <table> (25 levels froze the window for
    over a minute), and old newsletters and forum quotes do nest that deep. Below the limit,
    tables, rows and cells become <div>s in their original order, so every word is still
    shown, just stacked instead of in a grid. Only the tag name changes: attributes (lang,
    dir, a harmless colspan) stay as they are; <col>/<colgroup> are dropped. Tables at
    ``max_depth`` or shallower are untouched, as is everything outside them. Made for nh3
    output; odd or unbalanced markup never raises: a stray </table> is left alone, an
    unclosed deep table is flattened to the end of the text. Linear time: a megabyte of
    table-heavy markup takes tens of milliseconds.
    """
    max_depth = max(max_depth, 0)
    if len(_TABLE_OPEN.findall(html)) <= max_depth:
        return html  # the common case: too few tables to nest too deep
    out: list[str] = []
    done = 0  # html[:done] is in out
    depth = 0
    deep_start = -1  # where the outermost table deeper than max_depth opened, if one is open
    for tag in _TABLES.finditer(html):
        if tag.group(3) is None or not tag.group(5):
            continue
        if tag.group(2) == "/":
            if depth == 0:
                continue  # a stray </table>
            depth -= 1
            if depth == max_depth:  # that deep table, and all inside it, is complete
                out.append(_GRID.sub(_grid_to_divs, html[deep_start : tag.end()]))
                done, deep_start = tag.end(), -1
        else:
            if depth == max_depth:
                deep_start = tag.start(2) - 1
                out.append(html[done:deep_start])
            depth += 1
    if deep_start >= 0:
        out.append(_GRID.sub(_grid_to_divs, html[deep_start:]))
    else:
        out.append(html[done:])
    return "".join(out)


_CONTAINERS = _scanner(
    "div|blockquote|ul|ol|li|dl|dt|dd|p|span|section|article|aside|header|footer|nav|figure"
    "|figcaption|details|summary|b|i|em|strong|u|s|small|big|sub|sup|font|center|q|cite|code"
    "|pre|h[1-6]|a|table|tr|td|th|thead|tbody|tfoot|caption"
)
MAX_NESTING = 40


def cap_nesting(html: str, max_depth: int = MAX_NESTING) -> str:
    """Drop the markup of elements nested deeper than ``max_depth``, keeping their text.

    Qt's layout time grows with the square of the nesting (measured: 10,000 nested <div>s
    took 7 s, <li>s 33 s, and the same tables flattened 136 s), and a hostile page can nest
    that deep; no article needs more than a few dozen levels. Linear, like
    flatten_deep_tables; tags at ``max_depth`` or shallower are untouched."""
    if html.count("<") <= max_depth:
        return html  # too few tags to nest too deep
    out: list[str] = []
    depth = 0
    for match in _CONTAINERS.finditer(html):
        skipped, closing, name, _attributes, end = match.groups()
        out.append(skipped)
        tag = match.group()[len(skipped) :]
        if name is None or not end:
            out.append(tag)  # the end of the text, or a tag cut off by it
        elif closing:
            if depth > 0:
                depth -= 1
            if depth < max_depth:
                out.append(tag)
        else:
            if depth < max_depth:
                out.append(tag)
            depth += 1
    return "".join(out)
