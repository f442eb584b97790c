"""File names made from article titles, safe on Linux, macOS and Windows alike.

A title is untrusted text from a feed: it may say `../../etc/passwd`, `CON`, hold control or
bidirectional characters (which disguise a name: `txt.exe` shown as `exe.txt`), or be 300
characters long. Letters of any script (Cyrillic, Kazakh) and emoji are kept.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 120  # whole name, suffix included: well under every file system's 255
ZWJ = "\u200d"  # joins emoji sequences (👨‍👩‍👧): a format character worth keeping
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')  # Windows refuses these; `/` and `\` are separators
_SPACES = re.compile(r"\s+")
_DOTS = re.compile(r"\.{2,}")  # `..` never appears in a name: "Wait..." becomes "Wait…"
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{kind}{n}" for kind in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
_STRIP = " .\u200d"  # trailing dots and spaces vanish on Windows; a lone ZWJ joins nothing


def _visible(text: str) -> str:
    """Drop control, format (bidi marks and overrides), separator-line and surrogate chars."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char == ZWJ or category not in {"Cc", "Cf", "Cs", "Zl", "Zp", "Co"}:
            kept.append(char)
    return "".join(kept)


def _fit(stem: str, budget: int) -> str:
    """At most `budget` UTF-8 bytes, cut between characters, never inside one."""
    data = stem.encode("utf-8")
    if len(data) <= budget:
        return stem
    return data[:budget].decode("utf-8", errors="ignore").rstrip(_STRIP)


def clean_stem(title: str) -> str:
    stem = _DOTS.sub("…", _FORBIDDEN.sub("_", _visible(title)))
    stem = _SPACES.sub(" ", stem).strip(_STRIP)  # also turns `..` into nothing
    if not stem:
        return "article"
    # Windows reserves CON, CON.txt and "con .md" alike: the part before the first dot counts.
    if stem.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    return stem


def safe_filename(title: str, suffix: str, taken: set[str]) -> str:
    """A safe, unique (within `taken`) file name for `title`, ending in `suffix`.

    `taken` holds the case-folded names given out so far in one export (macOS and Windows
    do not tell `A.md` from `a.md`); the new name is added to it. Duplicates become
    "Title (2).md", "Title (3).md".
    """
    suffix = _FORBIDDEN.sub("", _visible(suffix))[:16]
    stem = clean_stem(title)
    number = 1
    while True:
        extra = f" ({number})" if number > 1 else ""
        budget = MAX_NAME_BYTES - len(f"{extra}{suffix}".encode())
        name = f"{_fit(stem, budget) or 'article'}{extra}{suffix}"
        if name.casefold() not in taken:
            taken.add(name.casefold())
            return name
        number += 1
