"""The search box's language, parsed into an FTS5 MATCH expression and filters. Never raises.

    Карабах Эрдоган          both words (any form: «Карабахе», «Эрдогана»)
    "подписали декларацию"   the words next to each other, in this order
    Шуша OR Шуши             either side; AND is implicit (and the word AND is ignored)
    -Армения, NOT Армения    without that word
    Карабах*                 prefix, also for words under 3 letters (longer ones always are)
    (Алиев OR Эрдоган) Шуша  grouping (nesting beyond 8 levels is flattened)
    source:"Tengri News" folder:Новости is:unread is:starred lang:ru
    after:2021-06-01 before:16.06.2021   (YYYY-MM-DD, YYYY/MM/DD or DD.MM.YYYY)

Anything malformed degrades to plain words: an unbalanced quote is dropped (the rest are words),
a filter with a bad value is its words (`after:2021-13-45`), a lone OR/NOT/-/( or ) is ignored,
`-source:x` is the negated words "source x". Words with inner punctuation ("Нур-Султан",
"tengrinews.kz") are phrases. At most 64 words/phrases are used.

FTS5's NOT is binary (`a NOT b`), so negated words only narrow positive ones. A query with only
negated words has `match` None and `exclude` set: the caller shows everything (that passes the
filters) except `rowid IN (SELECT rowid FROM fts WHERE fts MATCH :exclude)`. A negation inside an
OR or a group with nothing positive (`a OR -b`, `(-b)`) is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from reader.textnorm import (
    language_code,
    phrase_alternatives,
    query_alternatives,
    tokenize,
)

MAX_TERMS = 64
MAX_DEPTH = 8


@dataclass(frozen=True)
class Filters:
    source: str | None = None  # a source's title or id, as typed
    folder: str | None = None
    unread: bool = False
    starred: bool = False
    after: date | None = None  # suggested: published on or after this day
    before: date | None = None  # suggested: published before this day
    language: str | None = None  # ISO 639 code ("ru", "kk")


@dataclass(frozen=True)
class Query:
    match: str | None  # FTS5 MATCH expression over `terms`; None when nothing positive to match
    filters: Filters = field(default_factory=Filters)
    words: tuple[str, ...] = ()  # the user's positive words, as typed (for snippets)
    exclude: str | None = None  # only-negative queries: rows matching this are left out
    highlight: tuple[str, ...] = ()  # FTS5 alternatives of the positive words, for `matcher`


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    prefix: bool
    phrase: bool


@dataclass(frozen=True)
class _Not:
    child: _Node


@dataclass(frozen=True)
class _Group:
    op: str  # "AND" | "OR"
    children: tuple[_Node, ...]


_Node = _Term | _Not | _Group
_Lexeme = _Term | str  # "(", ")", "OR", "NOT"

_FILTER = re.compile(r"(source|folder|is|after|before|lang):", re.IGNORECASE)
_DATES = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII), (1, 2, 3)),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})", re.ASCII), (1, 2, 3)),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII), (3, 2, 1)),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _parse_date(value: str) -> date | None:
    for pattern, (y, m, d) in _DATES:
        found = pattern.fullmatch(value)
        if found:
            try:
                return date(int(found[y]), int(found[m]), int(found[d]))
            except ValueError:
                return None
    return None


def _apply_filter(filters: Filters, key: str, raw: str) -> Filters | None:
    """`filters` with key:raw applied, or None when the value is malformed."""
    value = " ".join(_INVISIBLE.sub("", raw).split())
    if key in ("source", "folder") and value:
        return replace(filters, source=value) if key == "source" else replace(filters, folder=value)
    if key == "is" and value.lower() in ("unread", "starred"):
        return (
            replace(filters, unread=True)
            if value.lower() == "unread"
            else replace(filters, starred=True)
        )
    day = _parse_date(value) if key in ("after", "before") else None
    if day is not None:
        return replace(filters, after=day) if key == "after" else replace(filters, before=day)
    language = language_code(value) if key == "lang" else None
    return replace(filters, language=language) if language else None


def _bare_end(text: str, i: int) -> int:
    while i < len(text) and not text[i].isspace() and text[i] not in '()"':
        i += 1
    return i


def _lex(text: str) -> tuple[list[_Lexeme], Filters]:
    filters = Filters()
    out: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        negated = bool(out) and out[-1] == "NOT"
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(ch)
            i += 1
        elif ch == '"':
            close = text.find('"', i + 1)
            if close < 0:  # unbalanced: the rest are plain words
                i += 1
                continue
            prefix = text.startswith("*", close + 1)
            words = tuple(t.text for t in tokenize(text[i + 1 : close]))
            if words:
                out.append(_Term(words, prefix, phrase=True))
            i = close + 1 + prefix
        elif ch == "-":
            if i + 1 < n and not text[i + 1].isspace():
                out.append("NOT")
            i += 1
        elif (found := _FILTER.match(text, i)) and not negated:
            key, start = found[1].lower(), found.end()
            if text.startswith('"', start) and (close := text.find('"', start + 1)) > 0:
                raw, end = text[start + 1 : close], close + 1
            else:
                end = _bare_end(text, start)
                raw = text[start:end]
            applied = _apply_filter(filters, key, raw)
            if applied is not None:
                filters, i = applied, end
            else:  # malformed: the key is a word, the value is lexed as ordinary text
                out.append(_Term((found[1],), False, False))
                i = start
        else:
            end = _bare_end(text, i)
            raw, i = text[i:end], max(end, i + 1)
            if raw in ("OR", "NOT"):
                out.append(raw)
            elif raw != "AND" and (words := tuple(t.text for t in tokenize(raw))):
                out.append(_Term(words, raw.endswith("*"), phrase=len(words) > 1))
    return _balance(out), filters


def _balance(lexemes: list[_Lexeme]) -> list[_Lexeme]:
    """Drop unmatched ")", parentheses nested deeper than MAX_DEPTH and terms past MAX_TERMS."""
    out: list[_Lexeme] = []
    opened: list[bool] = []
    kept = terms = 0
    for lexeme in lexemes:
        if lexeme == "(":
            opened.append(kept < MAX_DEPTH)
            kept += opened[-1]
            if opened[-1]:
                out.append(lexeme)
        elif lexeme == ")":
            if opened and opened.pop():
                kept -= 1
                out.append(lexeme)
        elif isinstance(lexeme, _Term):
            terms += 1
            if terms <= MAX_TERMS:
                out.append(lexeme)
        else:
            out.append(lexeme)
    return out


class _Parser:
    def __init__(self, lexemes: list[_Lexeme]) -> None:
        self.lexemes = lexemes
        self.i = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.i] if self.i < len(self.lexemes) else None

    def parse(self) -> _Node | None:
        nodes: list[_Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                nodes.append(node)
            if self.peek() == ")":  # cannot happen after _balance; never loop on it anyway
                self.i += 1
        return _group("AND", nodes)

    def parse_or(self) -> _Node | None:
        branches: list[_Node] = []
        while True:
            node = self.parse_and()
            if node is not None:
                branches.append(node)
            if self.peek() != "OR":
                return _group("OR", branches)
            self.i += 1

    def parse_and(self) -> _Node | None:
        items: list[_Node] = []
        while self.peek() not in (None, "OR", ")"):
            node = self.parse_unary()
            if node is not None:
                items.append(node)
        return _group("AND", items)

    def parse_unary(self) -> _Node | None:
        negated = False
        while self.peek() == "NOT":
            self.i += 1
            negated = not negated
        lexeme = self.peek()
        if lexeme is None or lexeme in ("OR", ")"):
            return None  # a lone NOT / -
        self.i += 1
        node: _Node | None = lexeme if isinstance(lexeme, _Term) else None
        if lexeme == "(":
            node = self.parse_or()
            if self.peek() == ")":
                self.i += 1
        if node is None:
            return None
        return _Not(node) if negated else node


def _group(op: str, nodes: list[_Node]) -> _Node | None:
    if len(nodes) <= 1:
        return nodes[0] if nodes else None
    return _Group(op, tuple(nodes))


def _alternatives(term: _Term, language: str | None) -> list[str]:
    if term.phrase:
        return phrase_alternatives(list(term.words), language, prefix=term.prefix)
    return query_alternatives(term.words[0], language, prefix=term.prefix)


def _any(parts: list[str]) -> str | None:
    if len(parts) <= 1:
        return parts[0] if parts else None
    return "(" + " OR ".join(parts) + ")"


def _render(node: _Node, language: str | None) -> str | None:
    if isinstance(node, _Term):
        return _any(_alternatives(node, language))
    if isinstance(node, _Not):
        return None  # FTS5 NOT needs something positive on its left
    parts = [p for c in node.children if not isinstance(c, _Not) and (p := _render(c, language))]
    if node.op == "OR":
        return _any(parts)
    if not parts:
        return None
    positive = parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
    negative = _any(_negatives(node, language))
    return f"({positive} NOT {negative})" if negative else positive


def _negatives(node: _Node, language: str | None) -> list[str]:
    children = node.children if isinstance(node, _Group) and node.op == "AND" else (node,)
    rendered = (_render(c.child, language) for c in children if isinstance(c, _Not))
    return [r for r in rendered if r]


def _positive_terms(node: _Node | None) -> list[_Term]:
    if isinstance(node, _Term):
        return [node]
    if isinstance(node, _Group):
        return [t for child in node.children for t in _positive_terms(child)]
    return []


def parse_query(text: str, language_hint: str | None = None) -> Query:
    """Parse the search box. `language_hint` (else a `lang:` filter) picks the stemmer for all
    words; without either each word is stemmed by its script (Cyrillic: Russian, or Kazakh when it
    has Kazakh letters; Latin: English)."""
    text = _SURROGATE.sub("\ufffd", text)
    lexemes, filters = _lex(text)
    tree = _Parser(lexemes).parse()
    language = language_code(language_hint) or filters.language
    match = _render(tree, language) if tree is not None else None
    exclude = None
    if match is None and tree is not None:
        exclude = _any(_negatives(tree, language))
    positives = _positive_terms(tree)
    words = dict.fromkeys(w for term in positives for w in term.words)
    highlight = dict.fromkeys(a for term in positives for a in _alternatives(term, language))
    return Query(match, filters, tuple(words), exclude, tuple(highlight))
