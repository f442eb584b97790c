"""Which encoding an XML feed's bytes are in, by evidence, most trustworthy first.

Mis-encoded feeds are what peers' users complain of most in Russian and Kazakh: a
windows-1251 feed with no declaration, sent by a server whose default charset is ISO-8859-1,
shows as "Íîâîñòè". So a label that fits any bytes (a Latin default) is checked against
charset-normalizer's reading before it is believed, and a UTF-8 document spoiled by a few
bad bytes keeps its Cyrillic (the bad bytes become U+FFFD), instead of being read whole as
windows-1252.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']""")
# Byte-order marks, then the first '<' of a document in UTF-32/UTF-16 without one.
_UNICODE_SIGNATURES = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
# Labels that decode any bytes at all: a server default more often than a publisher's choice.
_LATIN_DEFAULTS = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252",
                   "us-ascii", "ascii"}  # fmt: skip
_REPLACEMENT = "\ufffd"
# Russian and Kazakh first: the legacy code pages Kabar's first readers' sites used, and Latin.
_HOME_CODE_PAGES = ("cp1251", "koi8_r", "kz1048", "cp866", "iso8859_5", "mac_cyrillic",
                    "cp1252", "latin_1")  # fmt: skip
GUESS_SAMPLE = 256 * 1024  # charset-normalizer reads samples of it; the cap bounds the worst case


def decide_encoding(body: bytes, content_type: str | None) -> tuple[bytes, str]:
    """(the bytes to parse, their encoding); the encoding decodes the bytes without error."""
    for signature, encoding in _UNICODE_SIGNATURES:
        if body.startswith(signature):
            return body, encoding
    if b"\x00" not in body:
        if _decodes(body, "utf-8"):  # declarations often name a legacy charset for UTF-8 bytes
            return body, "utf-8"
        if _nearly_utf8(body):
            return body.decode("utf-8", "replace").encode("utf-8"), "utf-8"
    declared = _XML_ENCODING.match(body[:1024])
    if declared and (label := _usable(body, declared.group(1).decode("ascii"))):
        return body, label  # the publisher's own word
    header = _usable(body, charset_param(content_type))
    if header and header.lower() not in _LATIN_DEFAULTS:
        return body, header
    return body, _guess_non_latin(body) or header or _latin_fallback(body)


def charset_param(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _usable(body: bytes, label: str | None) -> str | None:
    # gb18030 is a superset: real "gb2312" feeds use characters beyond it.
    candidate = "gb18030" if (label or "").lower() in {"gb2312", "gbk"} else label
    return candidate if candidate and _decodes(body, candidate) else None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (LookupError, ValueError):  # ValueError: UnicodeError, e.g. encoding="undefined"
        return False
    return True


def _nearly_utf8(body: bytes) -> bool:
    """UTF-8 with some bad bytes: at least two good non-ASCII characters for each bad one.
    (Legacy text read as UTF-8 has almost none: its letters are not followed by the 0x80-0xBF
    bytes a UTF-8 sequence continues with.)"""
    text = body.decode("utf-8", "replace")
    bad = text.count(_REPLACEMENT) - body.count(_REPLACEMENT.encode("utf-8"))
    good = sum(1 for ch in text if ord(ch) > 127) - text.count(_REPLACEMENT)
    return bad > 0 and good >= 2 * bad


def undeclared_encoding(body: bytes, fallback: str) -> tuple[bytes, str]:
    """For bytes nothing declares: UTF-8 (repaired if a few bytes are bad), else the
    non-Latin encoding charset-normalizer reads, else windows-1252 for Latin text, else
    `fallback`. Pages use it too (reader/extract.py)."""
    if _decodes(body, "utf-8"):
        return body, "utf-8"
    if _nearly_utf8(body):
        return body.decode("utf-8", "replace").encode("utf-8"), "utf-8"
    guess = _guess(body)
    if guess is None:
        return body, fallback
    encoding, latin = guess
    return body, ("windows-1252" if latin and _decodes(body, "windows-1252") else encoding)


def _guess_non_latin(body: bytes) -> str | None:
    """charset-normalizer's encoding when it reads the text as another script (Cyrillic,
    Greek, Hebrew, CJK...). Its guesses among Latin code pages (cp1250 for French) would
    turn "à" into "ŕ", so there windows-1252 or the label stays."""
    guess = _guess(body)
    return guess[0] if guess is not None and not guess[1] else None


def _guess(body: bytes) -> tuple[str, bool] | None:
    """charset-normalizer's encoding, and whether the text it reads is mostly Latin letters.

    Short Cyrillic runs also decode as Big5 or Shift_JIS with no visible chaos ("Привет" in
    windows-1251 reads as "砎魤殣"); where the Cyrillic and Latin code pages Kabar is built for
    read the bytes at least as cleanly and coherently, they win.
    """
    sample = body[:GUESS_SAMPLE]
    best = charset_normalizer.from_bytes(sample).best()
    ours = charset_normalizer.from_bytes(sample, cp_isolation=list(_HOME_CODE_PAGES)).best()
    if ours is not None and (
        best is None or (ours.chaos <= best.chaos and ours.coherence >= best.coherence)
    ):
        best = ours
    if best is None or not _decodes(body, best.encoding):
        return None
    letters = [ch for ch in body.decode(best.encoding) if ord(ch) > 127 and ch.isalpha()]
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return best.encoding, not letters or latin >= len(letters) / 2


def _latin_fallback(body: bytes) -> str:
    return "windows-1252" if _decodes(body, "windows-1252") else "iso-8859-1"
