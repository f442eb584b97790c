"""Property-based tests (hypothesis) that the older suites do not already state (issue 9).

Already elsewhere: clean_html output is always safe (tests/test_sanitize.py), every query is
valid FTS5 (tests/test_query.py), OPML write→parse round trips (tests/test_opml.py). Here:
the sanitizer keeps the reader's text while it strips attacks around it, export file names
never leave their folder (checked on the real file system), and OPML import of any bytes
either works or refuses in plain words.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import KabarError
from reader.export.names import MAX_NAME_BYTES, safe_filename
from reader.opml import OpmlImport, parse_opml
from reader.sanitize import clean_html, html_to_text, normalize_text
from tests.htmlcheck import tags_of, unsafe_parts

BASE = "https://news.example.kz/a/b.html"

# Words a reader must get back: letters and digits of several scripts, spaces between.
_WORD = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"), max_codepoint=0x2FFF),
    min_size=1, max_size=12,
)  # fmt: skip
_TEXT = st.lists(_WORD, min_size=1, max_size=20).map(" ".join)
_SAFE_TAGS = st.sampled_from(["p", "b", "i", "em", "strong", "a", "span", "div", "blockquote",
                              "li", "h2", "td", "code", "u", "sub", "sup", "q"])  # fmt: skip
_HOSTILE_ATTRIBUTES = st.sampled_from([
    ' onclick="alert(1)"', " onmouseover=alert(1)", ' href="javascript:alert(1)"',
    ' href="JaVaScRiPt&#58;alert(1)"', ' href=" java\tscript:alert(1)"', ' src="file:///etc/passwd"',
    ' href="data:text/html,<script>alert(1)</script>"', ' style="background:url(javascript:x)"',
    ' href="vbscript:msgbox"', ' formaction="javascript:x"', ' href="https://ok.example/"',
    ' cite="javascript:x"', ' href="relative/page"', "",
])  # fmt: skip
_ATTACKS = st.sampled_from([
    "<script>alert(1)</script>", "<style>*{x:y}</style>", '<img src=x onerror="alert(1)">',
    "<iframe src=javascript:alert(1)></iframe>", '<svg onload="alert(1)"></svg>',
    "<object data=x></object>", '<form action="javascript:x"><input></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:x">', "<base href=javascript:/>",
    "<!-- <script>alert(1)</script> -->", '<math><mi xlink:href="javascript:x">m</mi></math>',
])  # fmt: skip


@st.composite
def _article(draw: st.DrawFn) -> tuple[str, list[str]]:
    """HTML of words in safe tags carrying hostile attributes, attacks between them."""
    parts, words = [], []
    for _ in range(draw(st.integers(1, 8))):
        text = draw(_TEXT)
        tag = draw(_SAFE_TAGS)
        parts.append(f"<{tag}{draw(_HOSTILE_ATTRIBUTES)}>{html.escape(text)}</{tag}> ")
        words.extend(text.split())
        if draw(st.booleans()):
            parts.append(draw(_ATTACKS))
    return "".join(parts), words


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=_article(), base=st.sampled_from([BASE, None]))
def test_sanitizer_keeps_every_word_and_no_attack(
    article: tuple[str, list[str]], base: str | None
) -> None:
    fragment, words = article
    cleaned = clean_html(fragment, base)
    assert not unsafe_parts(cleaned), (fragment, cleaned)
    for _tag, attributes in tags_of(cleaned):
        for name, value in attributes:
            assert not name.startswith("on")
            squeezed = "".join((value or "").split()).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:", "data:text", "file:"))
    text = html_to_text(cleaned)
    assert "alert(1)" not in text  # script bodies are dropped, not shown as text
    assert text.split() == [normalize_text(w) for w in words if normalize_text(w)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_plain_text_survives_the_sanitizer_unchanged(text: str) -> None:
    escaped = html.escape(text, quote=False)
    assert html_to_text(clean_html(f"<p>{escaped}</p>", BASE)).split() == (
        normalize_text(text).split()
    )


_NAMES = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["..", ".", "/", "\\", "~", "CON", "nul", "COM1", ":", "\x00",
                              "\u202e", "\u200f", " ", "etc", "passwd", "😀", "Ж", "a", "?"]),
             max_size=60).map("".join),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(titles=st.lists(_NAMES, min_size=1, max_size=8), suffix=st.sampled_from([".md", ".html"]))
def test_export_file_names_never_leave_the_folder(titles: list[str], suffix: str) -> None:
    taken: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "export")
        folder.mkdir()
        for title in titles:
            name = safe_filename(title, suffix, taken)
            assert name not in {"", ".", ".."} and name.endswith(suffix)
            assert not {"/", "\\", "\x00"} & set(name)
            assert len(name.encode()) <= MAX_NAME_BYTES
            path = folder / name
            assert path.resolve().parent == folder.resolve()
            path.write_bytes(b"x")  # the real file system accepts it, and it is new
        assert len(os.listdir(folder)) == len(titles)  # unique: nothing was overwritten
        assert not [p for p in Path(tmp).rglob("*") if p.is_file() and p.parent != folder]


_OPML_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1251"?>', "<opml>",
    '<opml version="2.0">', "</opml>", "<head>", "</head>", "<body>", "</body>", "<outline ",
    'xmlUrl="https://a.example/feed"', 'xmlUrl="javascript:alert(1)"', 'xmlUrl="file:///etc/x"',
    'xmlUrl="|cmd"', 'text="Жаңалықтар"', 'title="&amp;"', "/>", ">", "</outline>",
    '<!DOCTYPE opml [<!ENTITY a "b">]>', '<!DOCTYPE opml SYSTEM "file:///etc/passwd">',
    '<!ENTITY x SYSTEM "file:///etc/passwd">', "&a;", "&x;", "&#0;", "&#xD800;", "\x00",
    "\ufeff", "<", "&", '"', "'", " ",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(_OPML_PIECES, st.text(max_size=6)), max_size=40)
    .map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
))  # fmt: skip
def test_opml_import_of_any_bytes_works_or_refuses_in_plain_words(data: bytes) -> None:
    try:
        result = parse_opml(data)
    except KabarError as error:
        assert str(error) and "Traceback" not in str(error)
        return
    assert isinstance(result, OpmlImport)
    for source in result.sources:
        assert source.url.startswith(("http://", "https://")), source.url
