"""Words, terms and snippets for Kabar's offline search (SQLite FTS5 over pre-normalized terms).

The FTS table stores, per article, the space-separated output of `index_terms`: one term per word,
the word's Snowball stem when Kabar has a stemmer for the word's script, else the normalized word.
Queries are built from `query_alternatives` (a word) and `phrase_alternatives` (a phrase), both
returning FTS5 strings that are safe barewords or quoted strings, never user syntax.

Kazakh has no Snowball stemmer: its words are indexed normalized and matched by prefix, after
`kazakh_base` strips up to three common case/plural/possessive suffixes (keeping >= 4 letters).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

import Stemmer  # type: ignore[import-untyped, unused-ignore]

_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}  # fmt: skip
_AVAILABLE = frozenset(str(name) for name in Stemmer.algorithms())
STEMMERS: Mapping[str, str] = MappingProxyType(
    {code: algo for code, algo in _SNOWBALL.items() if algo in _AVAILABLE}
)
"""ISO 639-1 code -> Snowball algorithm name (PyStemmer). Stemmer objects are kept per thread."""

_LANG_SCRIPTS: dict[str, tuple[str, ...]] = {
    "ru": ("Cyrillic",), "sr": ("Cyrillic", "Latin"), "el": ("Greek",), "ar": ("Arabic",),
    "fa": ("Arabic",), "hy": ("Armenian",), "hi": ("Devanagari",), "ne": ("Devanagari",),
    "ta": ("Tamil",), "yi": ("Hebrew",),
}  # fmt: skip
_UNSTEMMED_CYRILLIC = frozenset({"kk", "uk", "be", "bg", "mk", "ky", "mn", "tg", "tt", "ba"})
_SCRIPT_LANGUAGE = {"Latin": "en", "Cyrillic": "ru", "Greek": "el", "Armenian": "hy"}
_KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KK_SUFFIXES = tuple(sorted((
    "лары", "лері", "дары", "дері", "тары", "тері",  # plural + possessive
    "сында", "сінде", "ында", "інде",  # possessive + locative
    "ның", "нің", "дың", "дің", "тың", "тің",  # genitive
    "дан", "ден", "нан", "нен",  # ablative (not -тан/-тен: Қазақстан, Ауғанстан)
    "да", "де", "та", "те",  # locative
    "ға", "ге", "қа", "ке",  # dative
    "ны", "ні", "ды", "ді", "ты", "ті",  # accusative
    "мен", "бен", "пен",  # instrumental
    "лар", "лер", "дар", "дер", "тар", "тер",  # plural
    "ғы", "гі", "қы", "кі", "сы", "сі",  # adjectival (-дағы), possessive
), key=len, reverse=True))  # fmt: skip
_LATIN_FOLD = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
               "þ": "th", "ŀ": "l"}  # fmt: skip
_JOINERS = frozenset("'’ʼ\u00ad\u200c\u200d\u2060")  # inside a word only; dropped by normalize
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})
_LANGUAGE_ALIASES = {"kz": "kk", "iw": "he", "in": "id", "ji": "yi"}
_KEYWORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
_DETECT_CHARS = 4096
MATCH_CACHE = 50_000  # words remembered per matcher
# Languages whose words (in any script: a Latin word in a Russian text is stemmed as English)
# are only ever cut at the end by their stemmer, or not stemmed at all. Not Greek, Polish,
# Indonesian or Arabic: their Snowball stemmers also remove prefixes.
SUFFIX_ONLY = frozenset({"ru", "kk", "uk", "be", "bg", "ky", "en", "de", "fr", "es", "it", "pt",
                         "sv", "da", "no", "nb", "nn", "ro", "tr"})  # fmt: skip
MIN_STEM_PREFIX = 4  # shorter stems as prefixes match too many unrelated words
_ALNUM_RUNS = re.compile(r"[^\W_]+")
_local = threading.local()
_category = lru_cache(maxsize=65536)(unicodedata.category)


@lru_cache(maxsize=8192)
def _char_script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    code = ord(ch)
    if code < 0x250:
        return "Latin"
    if 0x400 <= code < 0x530:
        return "Cyrillic"
    words = unicodedata.name(ch, "").split()
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if script in words:
            return script.capitalize()
    return words[0].capitalize() if words else None


def _word_script(word: str) -> str | None:
    return next((s for s in map(_char_script, word) if s is not None), None)


def language_code(tag: str | None) -> str | None:
    """The ISO 639 code a language tag names ("ru-RU" -> "ru", "kz" -> "kk"), else None."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    if not (2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha()):
        return None
    return None if primary in _NOT_LANGUAGES else _LANGUAGE_ALIASES.get(primary, primary)


def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).casefold())
    folded = folded.replace("ё", "е")
    return "".join(c for c in folded if c not in _JOINERS) if _JOINERS & set(folded) else folded


def _strip_latin(word: str) -> str:
    if word.isascii():
        return word
    if all(c.isascii() or (_char_script(c) != "Latin" and _category(c)[0] != "M") for c in word):
        return word
    out: list[str] = []
    latin = False
    for ch in unicodedata.normalize("NFD", word):
        if _category(ch)[0] == "M":
            if latin:
                continue
        else:
            latin = _char_script(ch) == "Latin"
        out.append(_LATIN_FOLD.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def normalize(word: str) -> str:
    """NFC, casefold, ё→е, drop inner apostrophes/soft hyphens, strip diacritics of Latin letters
    only (é→e, ş→s); Cyrillic is never decomposed (й, ә, ғ, қ, ң, ө, ұ, ү, һ, і stay)."""
    return _strip_latin(_fold(word))


class Token(NamedTuple):
    """A word and where it is; a tuple because snippets make thousands per search."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _WordPatterns:
    word: re.Pattern[str]  # one token, marks and inner apostrophes included
    glue: re.Pattern[str]  # text that could need `word` rather than plain alphanumeric runs


@cache
def _patterns() -> _WordPatterns:
    """Built on first use (~30 ms): the combining marks of every script, so Devanagari or
    Vietnamese words are not cut at their vowel signs. Marks live in planes 0, 1 and 14 only.
    BMP and astral marks are separate classes: sre turns a BMP-only class into a lookup table
    but scans a mixed one range by range (measured 40x slower)."""
    marks = [cp for cp in (*range(0x20000), *range(0xE0000, 0xE1000))
             if unicodedata.category(chr(cp))[0] == "M"]  # fmt: skip
    bmp = _char_ranges([cp for cp in marks if cp <= 0xFFFF])
    astral = _char_ranges([cp for cp in marks if cp > 0xFFFF])
    joiners = re.escape("".join(sorted(_JOINERS)))
    word = r"[^\W_]"  # str.isalnum(): letters and digits of every script
    # The astral class is scanned range by range: a cheap lookahead keeps it off ordinary text.
    glue = f"(?:[{bmp}]+|[{joiners}](?={word})|(?=[\\U00010000-\\U0010FFFF])[{astral}]+)"
    return _WordPatterns(word=re.compile(f"{word}+(?:{glue}{word}*)*"),
                         glue=re.compile(f"[{bmp}{joiners}\U00010000-\U0010FFFF]"))  # fmt: skip


def _char_ranges(code_points: list[int]) -> str:
    """A regex class body of ranges ("a-z"): one char at a time, sre tested 10x slower."""
    runs: list[list[int]] = []
    for cp in code_points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in runs)


def tokenize(text: str) -> list[Token]:
    """Runs of letters/digits (with combining marks, and apostrophes or soft hyphens between
    letters), with offsets into `text`. Hyphens split: "Нур-Султан" is two tokens."""
    return [Token(*m.span(), m.group()) for m in _token_runs(text).finditer(text)]


def _token_runs(text: str) -> re.Pattern[str]:
    """The pattern that tokenizes `text`: plain alphanumeric runs (4x faster) unless it has a
    combining mark or an apostrophe somewhere."""
    patterns = _patterns()
    return patterns.word if patterns.glue.search(text) else _ALNUM_RUNS


def words(text: str) -> list[str]:
    """The texts of `tokenize(text)`, without offsets (the indexer's hot path)."""
    return _token_runs(text).findall(text)


def detect_language(text: str, hint: str | None = None) -> str | None:
    """The hint when it names a language; else from the first 4 KB: mostly Cyrillic with >= 3 %
    Kazakh-specific letters -> "kk", Cyrillic -> "ru", Latin -> "en"; None without letters."""
    code = language_code(hint)
    if code is not None:
        return code
    counts: dict[str, int] = {}
    kazakh = 0
    for ch, count in Counter(text[:_DETECT_CHARS]).items():
        script = _char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + count
            kazakh += count if ch in _KK_LETTERS else 0
    if not counts:
        return None
    script = max(counts, key=counts.__getitem__)
    if script == "Cyrillic" and kazakh * 100 >= 3 * counts[script]:
        return "kk"
    return _SCRIPT_LANGUAGE.get(script)


def _word_language(script: str | None, folded: str) -> str | None:
    if script == "Cyrillic" and _KK_LETTERS & set(folded):
        return "kk"
    return _SCRIPT_LANGUAGE.get(script or "")


def _algorithm(script: str | None, folded: str, lang: str | None) -> str | None:
    """Snowball algorithm for a word: the language's own for its script; a word in another script
    gets that script's default (a Latin word in Russian text: English); unknown languages: none."""
    if lang is not None:
        if lang in STEMMERS and script in _LANG_SCRIPTS.get(lang, ("Latin",)):
            return STEMMERS[lang]
        if lang in _UNSTEMMED_CYRILLIC:
            if script == "Cyrillic":
                return None
        elif lang not in STEMMERS:
            return None
    return STEMMERS.get(_word_language(script, folded) or "")


def _stemmer(algorithm: str) -> Any:
    cache: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    if algorithm not in cache:
        cache[algorithm] = Stemmer.Stemmer(algorithm)
    return cache[algorithm]


def _stem_raw(algorithm: str, folded: str) -> str:
    return str(_stemmer(algorithm).stemWord(folded)) or folded


def index_term(word: str, language: str | None = None) -> str:
    """The term one word is indexed as (see `index_terms`)."""
    folded = _fold(word)
    algorithm = _algorithm(_word_script(folded), folded, language_code(language))
    return _strip_latin(_stem_raw(algorithm, folded) if algorithm else folded)


_TERM_CACHE_SIZE = 400_000  # distinct words per language; news vocabulary repeats, so most hit
_term_cache: dict[str | None, dict[str, str]] = {}


def index_terms(text: str, language: str | None) -> str:
    """Space-separated terms to index; `language` None means detect it from `text`.

    Each distinct word is folded and stemmed once per process (measured: ~6x faster than
    stemming every occurrence); the result is exactly `index_term` of each token."""
    lang = language_code(language) or detect_language(text)
    terms = _term_cache.setdefault(lang, {})
    if len(terms) > _TERM_CACHE_SIZE:
        terms.clear()
    tokens = words(text)
    for word in set(tokens).difference(terms):
        terms[word] = index_term(word, lang)
    return " ".join(map(terms.__getitem__, tokens))


def kazakh_base(word: str) -> str:
    """Strip up to three Kazakh suffixes (longest first) while >= 4 letters remain:
    "қазақстанның" -> "қазақстан", "қалалардың" -> "қала". -тан/-тен are kept (-стан names)."""
    base = word
    for _ in range(3):
        suffix = next((s for s in _KK_SUFFIXES if base.endswith(s) and len(base) - len(s) >= 4), "")
        if not suffix:
            break
        base = base[: -len(suffix)]
    return base


def fts_string(term: str, prefix: bool = False) -> str:
    """`term` as an FTS5 bareword when safe, else a quoted string; `*` marks a prefix."""
    safe = term.isalnum() and term not in _KEYWORDS
    return (term if safe else '"' + term.replace('"', '""') + '"') + ("*" if prefix else "")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def query_alternatives(
    word: str, language: str | None = None, *, prefix: bool = False
) -> list[str]:
    """FTS5 terms any of which a document must contain to match `word`, e.g. «Карабах» ->
    ["караб", "карабах*"]: the stem (and the stem's stem, so «Карабахе» finds «Карабах»), plus the
    normalized word as a prefix (>= 3 letters, or always when `prefix`). Kazakh and unstemmed words:
    `kazakh_base` as a prefix (plus the Russian stem, for Kazakh names in Russian articles)."""
    tokens = tokenize(word)
    if len(tokens) != 1:
        return phrase_alternatives([t.text for t in tokens], language, prefix=prefix)
    folded = _fold(tokens[0].text)
    norm = _strip_latin(folded)
    script = _word_script(folded)
    if script is None:  # numbers match exactly unless the user asked for a prefix
        return [fts_string(norm, prefix)]
    lang = language_code(language)
    algorithm = _algorithm(script, folded, lang)
    exact: list[str] = []
    base = norm
    if algorithm:
        raw = _stem_raw(algorithm, folded)
        exact += [_strip_latin(raw), _strip_latin(_stem_raw(algorithm, raw))]
    else:
        if script == "Cyrillic" and "ru" in STEMMERS:
            exact.append(_stem_raw(STEMMERS["ru"], folded))
        if not prefix and (lang or _word_language(script, folded)) == "kk":
            base = kazakh_base(norm)
    prefixes = [base] if base and (prefix or len(base) >= 3) else []
    if algorithm and len(exact[0]) >= MIN_STEM_PREFIX:
        # A stem can be shorter than another form's stem: «Астана» -> «аста», «Астане» ->
        # «астан». The stem as a prefix finds every form.
        prefixes.append(exact[0])
    starts = tuple(_dedupe(prefixes))
    exact = [e for e in _dedupe([*exact, base]) if not e.startswith(starts)]
    return [fts_string(e) for e in exact] + [
        fts_string(p, True) for p in starts if not any(p != q and p.startswith(q) for q in starts)
    ]


def phrase_alternatives(
    words: list[str], language: str | None = None, *, prefix: bool = False
) -> list[str]:
    """FTS5 phrases for consecutive words, each word indexed as `index_terms` would. Without a
    language, Cyrillic is tried both as Russian (stemmed) and as Kazakh (normalized)."""
    texts = [t.text for w in words for t in tokenize(w)]
    if not texts:
        return []
    lang = language_code(language)
    languages = [lang] if lang else ["ru", "kk"]
    phrases = _dedupe(" ".join(index_term(t, la) for t in texts) for la in languages)
    return [fts_string(p, prefix) for p in phrases]


def _parse_alternative(alternative: str) -> tuple[list[str], list[str]]:
    text = alternative.strip()
    prefix = text.endswith("*")
    text = text.rstrip("*").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    terms = [normalize(t) for t in text.split()]
    return (terms[:-1], terms[-1:]) if prefix else (terms, [])


def matcher(alternatives: Iterable[str], language: str | None = None) -> Callable[[str], bool]:
    """Predicate on an original word: does it match any alternative the way FTS5 would (its
    indexed term, or its normalized form, equals an exact term or starts with a prefix term)?"""
    exact: set[str] = set()
    prefixes: list[str] = []
    for alternative in alternatives:
        whole, starts = _parse_alternative(alternative)
        exact.update(whole)
        prefixes += starts
    lang = language_code(language)
    starts_with = tuple(p for p in prefixes if p)
    # Snowball stemmers of these languages only cut endings, so a word can match only if its
    # first letter is a term's first letter: most words are dismissed without stemming
    # (measured: snippets for 50 hits went from ~30 ms to a few).
    firsts = {t[:1] for t in (*exact, *starts_with)} if lang in SUFFIX_ONLY else None
    seen: dict[str, bool] = {}

    def match(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            if firsts is not None and _first_letter(word) not in firsts:
                found = False
            else:
                forms = (normalize(word), index_term(word, lang))
                found = any(f in exact or f.startswith(starts_with) for f in forms)
            if len(seen) < MATCH_CACHE:
                seen[word] = found
        return found

    return match


def _first_letter(word: str) -> str:
    """normalize(word)[:1], without normalizing the whole word: the first letter with the
    combining marks that follow it (an NFD «и» + breve is «й»)."""
    if len(word) == 1 or _category(word[1])[0] != "M":
        return _normalized_letter(word[0])
    end = 2
    while end < len(word) and _category(word[end])[0] == "M":
        end += 1
    return normalize(word[:end])[:1]


@lru_cache(maxsize=4096)
def _normalized_letter(letter: str) -> str:
    return normalize(letter)[:1]


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) in `text`, Python str indices

    def utf16_highlights(self) -> tuple[tuple[int, int], ...]:
        """The highlights in UTF-16 code units (what Qt's text positions count)."""

        def units(i: int) -> int:
            return len(self.text[:i].encode("utf-16-le", "surrogatepass")) // 2

        return tuple((units(s), units(e)) for s, e in self.highlights)


_SPACES = re.compile(r"\s+")


def snippet(text: str, match: Callable[[str], bool], width: int = 180) -> Snippet:
    """About `width` characters of `text` around the window with the most matching words, cut on
    word boundaries, "…" at cut ends, whitespace runs collapsed, matching words highlighted."""
    width = max(width, 1)
    runs = _token_runs(text)
    texts = runs.findall(text)  # words and their spans as plain lists: thousands per search
    spans = [m.span() for m in runs.finditer(text)]
    if not texts:
        return Snippet(_SPACES.sub(" ", text[:width]).strip(), ())
    hits = [i for i, word in enumerate(texts) if match(word)]
    first = last = hits[0] if hits else 0
    best, j = (0, 0), 0
    for a in range(len(hits)):  # the most different, then most, matching words within `width`
        j = max(j, a)
        while j < len(hits) and spans[hits[j]][1] - spans[hits[a]][0] <= width:
            j += 1
        score = (len({normalize(texts[h]) for h in hits[a:j]}), j - a)
        if score > best:
            best, first, last = score, hits[a], hits[j - 1]

    def fits(a: int, b: int) -> bool:
        return spans[b][1] - spans[a][0] <= width

    a, b = first, last
    spare = width - (spans[b][1] - spans[a][0])
    while a > 0 and fits(a - 1, b) and spans[first][0] - spans[a - 1][0] <= spare // 3:
        a -= 1
    while b + 1 < len(spans) and fits(a, b + 1):
        b += 1
    while a > 0 and fits(a - 1, b):
        a -= 1
    lo, hi = spans[a][0], spans[b][1]
    if hi - lo > width:  # one word longer than the window: cut it, never before a mark
        hi = lo + width
        while hi > lo + 1 and _category(text[hi])[0] == "M":
            hi -= 1
    if a == 0 and hi <= width:
        lo = 0
    if b == len(spans) - 1 and len(text) - lo <= width:
        hi = len(text)
    parts: list[str] = ["…"] if lo > 0 else []
    size = len(parts)
    marks: list[tuple[int, int]] = []
    hit_set = set(hits)
    cursor = lo
    for k in range(a, b + 1):
        s, e = spans[k][0], min(spans[k][1], hi)
        gap = _SPACES.sub(" ", text[cursor:s])
        gap = gap.lstrip() if cursor == lo else gap
        if k in hit_set:
            marks.append((size + len(gap), size + len(gap) + e - s))
        parts += [gap, text[s:e]]
        size += len(gap) + e - s
        cursor = e
    parts.append(_SPACES.sub(" ", text[cursor:hi]).rstrip())
    if hi < len(text):
        parts.append("…")
    return Snippet("".join(parts), tuple(marks))
