"""HTML and text hygiene: what may reach the article view, the list and the search index."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.sanitize import MAX_TITLE_CHARS, clean_html, clean_text, html_to_text
from tests.htmlcheck import tags_of, unsafe_parts
from tests.paths import FEEDS_DIR

BASE = "https://news.example.kz/section/page.html"
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAW"
    "jR9awAAAABJRU5ErkJggg=="
)
_CASES: list[dict[str, str]] = json.loads(
    (FEEDS_DIR / "hostile/html-xss/html5lib-sanitizer-tests1.json").read_text("utf-8")
)


def _urls(fragment: str) -> list[str]:
    return [
        value
        for _tag, attrs in tags_of(fragment)
        for name, value in attrs
        if name in {"href", "src", "cite"} and value is not None
    ]


# --- the html5lib sanitizer corpus ----------------------------------------------------------


@pytest.mark.parametrize("case", _CASES, ids=[case["name"] for case in _CASES])
def test_html5lib_attack_cases_come_out_harmless(case: dict[str, str]) -> None:
    for base in (BASE, None):
        cleaned = clean_html(case["input"], base)
        assert not unsafe_parts(cleaned), cleaned
        for url in _urls(cleaned):
            # Absolute web URLs only: a relative src is read from disk by the text view.
            assert url.startswith(("https://", "http://", "mailto:", "data:image/")), url


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("should_handle_non_html", "abc"),
        ("allow_colons_in_path_component", "foo"),
        ("platypus", "never trust your upstream platypus"),
        ("should_strip_href_attribute_in_a_with_bad_protocols", "boo"),
        ("should_strip_src_attribute_in_img_with_bad_protocols", "boo"),
        ("xml_base", "foo"),
        ("xul", "fubar"),
        ("div_expression", "foo"),
        ("list_style_image", "foo"),
        ("non_alpha_non_digit_2", "foo"),
    ],
)
def test_html5lib_benign_text_survives(name: str, text: str) -> None:
    (case,) = [case for case in _CASES if case["name"] == name]
    assert html_to_text(clean_html(case["input"], BASE)) == text


def test_html5lib_safe_links_and_images_are_kept_and_made_absolute() -> None:
    by_name = {case["name"]: case["input"] for case in _CASES}
    assert clean_html(by_name["allow_colons_in_path_component"], BASE) == (
        '<a href="https://news.example.kz/section/this:that" rel="noopener noreferrer nofollow">'
        "foo</a>"
    )
    assert clean_html(by_name["allow_html5_image_tag"], BASE) == (
        '<img src="https://news.example.kz/section/foo">'
    )
    quoted = clean_html(by_name["quotes_in_attributes"], BASE)
    assert tags_of(quoted) == [
        ("img", [("src", "https://news.example.kz/section/foo"), ("title", '"foo" bar')])
    ]


# --- elements, attributes, URLs -------------------------------------------------------------


def test_bold_and_plain_text_are_kept() -> None:
    cleaned = clean_html("<b>bold</b> text", BASE)
    assert cleaned == "<b>bold</b> text"
    assert html_to_text(cleaned) == "bold text"


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>safe</p><script>alert(1)</script>",
        "<p>safe</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<p>safe</p><style>body{display:none}</style>",
        '<p>safe</p><iframe src="https://evil.example/"></iframe>',
        '<p>safe</p><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<p>safe</p><object data="evil.swf"><param name="x"></object>',
        '<p>safe</p><embed src="evil.swf">',
        '<p>safe</p><form action="https://evil.example/"><input type="password" name="p">'
        '<button formaction="javascript:alert(1)">Log in</button></form>',
        '<p>safe</p><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<p>safe</p><base href="javascript:alert(1)//">',
        '<p>safe</p><link rel="stylesheet" href="file:///etc/passwd">',
        '<p>safe</p><svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>',
        "<p>safe</p><template><script>alert(1)</script></template>",
        "<p>safe</p><noscript><img src=x onerror=alert(1)></noscript>",
        '<p>safe</p><textarea><img src="x" onerror="alert(1)"></textarea>',
    ],
)
def test_active_elements_are_removed_and_text_around_them_kept(fragment: str) -> None:
    cleaned = clean_html(fragment, BASE)
    assert not unsafe_parts(cleaned), cleaned
    assert html_to_text(cleaned).startswith("safe")
    assert "alert" not in cleaned and "evil" not in cleaned


@pytest.mark.parametrize(
    "fragment",
    [
        '<img src="/a.png" onerror="alert(1)">',
        '<a href="/a" onclick="alert(1)" onmouseover="alert(2)">a</a>',
        '<p ONLOAD="alert(1)">p</p>',
        "<div onfocus=alert(1) autofocus tabindex=0>d</div>",
        '<body onload="alert(1)">b</body>',
        '<img src="/a.png" style="background:url(javascript:alert(1))">',
        '<p style="behavior:url(x.htc)">p</p>',
    ],
)
def test_event_handlers_and_style_attributes_are_removed(fragment: str) -> None:
    cleaned = clean_html(fragment, BASE)
    assert not unsafe_parts(cleaned), cleaned
    assert not re.search(r"\son\w+\s*=", cleaned, re.IGNORECASE)
    assert "alert" not in cleaned


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x0A;script:alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "file://attacker/share/x.png",
        "smb://attacker/share",
        "ms-msdt:/id PCWDiagnostic",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "qrc:/icons/app.png",
    ],
)
def test_dangerous_urls_are_removed_from_links_images_and_quotes(url: str) -> None:
    fragment = (
        f'<a href="{url}">link</a><img src="{url}" alt="img">'
        f'<blockquote cite="{url}">quote</blockquote><q cite="{url}">q</q>'
    )
    cleaned = clean_html(fragment, BASE)
    assert not unsafe_parts(cleaned), cleaned
    assert _urls(cleaned) == []
    text = html_to_text(cleaned)
    assert all(word in text for word in ("link", "quote", "q")), text


def test_only_raster_images_may_be_inline_data() -> None:
    kept = clean_html(f'<img src="{PNG}" alt="dot">', BASE)
    assert _urls(kept) == [PNG]
    for fragment in (
        f'<a href="{PNG}">png link</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
        '<img src="DATA:IMAGE/SVG+XML;base64,PHN2Zz48L3N2Zz4=">',
        '<img src="data:text/html,hello">',
        '<img src="data:image/png;base64,abc&quot; onerror=&quot;alert(1)">',
        f'<blockquote cite="{PNG}">q</blockquote>',
    ):
        cleaned = clean_html(fragment, BASE)
        assert not [url for url in _urls(cleaned) if url.lower().startswith("data:")], cleaned


def test_tracking_pixels_are_dropped_and_real_images_kept() -> None:
    fragment = (
        '<p>Story<img src="/stats/p.gif" width="1" height="1">'
        '<img src="/stats/q.gif" width="1px" height="1px">'
        '<img src="/stats/zero.gif" width="0" height="0">'
        '<img src="http://feeds.feedburner.com/~r/news/~4/abcdef">'
        '<img src="https://pixel.wp.com/g.gif?blog=1">'
        '<img src="https://mc.yandex.ru/watch/123">'
        '<img src="/photos/kolsai.jpg" width="640" height="480" alt="Kolsai lakes">'
        '<img src="https://cdn.example.kz/chart.png" alt="Chart"></p>'
    )
    cleaned = clean_html(fragment, BASE)
    assert _urls(cleaned) == [
        "https://news.example.kz/photos/kolsai.jpg",
        "https://cdn.example.kz/chart.png",
    ]
    assert html_to_text(cleaned) == "Story"


def test_relative_urls_become_absolute_against_the_base() -> None:
    fragment = (
        '<a href="/about">a</a><a href="next.html">b</a><a href="//cdn.example.com/x">c</a>'
        '<a href="?page=2">d</a><a href="#comments">e</a><img src="../img/x.png" alt="x">'
        '<q cite="javascript:x()">q</q>'  # cite= is dropped: nothing reads it
    )
    assert _urls(clean_html(fragment, BASE)) == [
        "https://news.example.kz/about",
        "https://news.example.kz/section/next.html",
        "https://cdn.example.com/x",
        "https://news.example.kz/section/page.html?page=2",
        "https://news.example.kz/section/page.html#comments",
        "https://news.example.kz/img/x.png",
    ]


def test_without_a_base_relative_urls_are_dropped_not_left_relative() -> None:
    cleaned = clean_html('<a href="/a">a</a><img src="secret.png" alt="s"><img src="../../x">')
    assert _urls(cleaned) == []
    assert html_to_text(cleaned) == "a"


def test_links_lose_tracking_parameters_and_open_safely() -> None:
    cleaned = clean_html(
        '<a href="https://example.kz/a?utm_source=rss&amp;id=3&amp;fbclid=xyz">a</a>', BASE
    )
    assert tags_of(cleaned) == [
        ("a", [("href", "https://example.kz/a?id=3"), ("rel", "noopener noreferrer nofollow")])
    ]


def test_nothing_in_nothing_out() -> None:
    assert clean_html("", BASE) == ""
    assert clean_html("\x00\x01", BASE) == ""
    assert html_to_text("") == ""
    assert clean_text(None) == ""
    assert clean_text("") == ""


# --- plain text -----------------------------------------------------------------------------


def test_html_to_text_breaks_paragraphs_and_unescapes_entities() -> None:
    html = clean_html(
        "<h2>Title</h2><p>One &amp; only</p><p>Two&nbsp;&lt;three&gt; &#8212; four</p>"
        "<ul><li>a</li><li>b</li></ul>line<br>break<script>var x = 1;</script>",
        BASE,
    )
    assert html_to_text(html) == "Title\nOne & only\nTwo <three> — four\na\nb\nline\nbreak"


def test_html_to_text_never_glues_a_block_to_the_text_before_it() -> None:
    html = clean_html(
        "Intro<blockquote>Quote</blockquote>After<div>Div</div>more<p>Para</p>"
        "<table><tr><td>cell 1</td><td>cell 2</td></tr></table>",
        BASE,
    )
    assert html_to_text(html) == "Intro\nQuote\nAfter\nDiv\nmore\nPara\ncell 1\ncell 2"


def test_a_plain_text_title_with_markup_stays_literal() -> None:
    title = "<img src=x onerror=alert(1)>"
    assert clean_text(title) == title  # the views escape it; the reader sees what was sent
    assert clean_text("Tom &amp; Jerry") == "Tom &amp; Jerry"


def test_an_html_title_is_reduced_to_its_text() -> None:
    assert clean_text("<b>AT&amp;T</b> <script>x()</script>wins", is_html=True) == "AT&T wins"


def test_clean_text_strips_control_characters_and_bounds_length() -> None:
    assert clean_text("a\x00b\x07c\x1bd\x7fe\ud800f") == "abcdef"
    assert clean_text("  line one\n\n\tline   two \u00a0 ") == "line one line two"
    assert len(clean_text("x" * 50_000)) == MAX_TITLE_CHARS
    assert clean_text("Қазақстан жаңалықтары", max_chars=9) == "Қазақстан"
    assert clean_text("عربي \u202eRTL") == "عربي \u202eRTL"  # bidi marks are the views' job


# --- properties -----------------------------------------------------------------------------

_MARKUP = st.sampled_from(
    [
        "<script>", "</script>", "<SCRIPT ", "<scr\x00ipt>", "<img ", "<a ", "<svg ", "<iframe ",
        "<style>", "<p>", "</p>", "<b>", ">", "/>", "<", "<!--", "-->", "<![CDATA[", "]]>",
        "<math>", "<object ", "<embed ", "<form ", "<input ", "<base ", "<meta ", "<template>",
        "<noscript>", "<textarea>", "<table>", "<td>", "<blockquote ", "<q ", "</", "<!DOCTYPE ",
    ]
)  # fmt: skip
_ATTRIBUTES = st.sampled_from(
    [
        "onerror=", "onload=", 'onclick="', "OnMouseOver=", "src=", "href=", "cite=",
        "xlink:href=", "style=", "srcdoc=", "formaction=", "action=", "'", '"', "`", "=", " ",
        "\t", "\n", "javascript:", "JaVaScRiPt:", "java\tscript:", "&#106;avascript:",
        "&#x6A;avascript&#58;", "vbscript:", "file:///etc/passwd", "data:text/html,",
        "data:image/svg+xml;base64,PHN2Zz4=", PNG, "alert(1)", "&", "&amp;", "&#0;", "&lt;",
        "\x00", "//evil.example/", "width=1", "height=1",
    ]
)  # fmt: skip
_HTMLISH = st.lists(st.one_of(_MARKUP, _ATTRIBUTES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=st.one_of(_HTMLISH, st.text()), base=st.sampled_from([BASE, None]))
def test_clean_html_output_is_always_safe(fragment: str, base: str | None) -> None:
    cleaned = clean_html(fragment, base)
    assert "<script" not in cleaned.lower()
    assert not unsafe_parts(cleaned), (fragment, cleaned)
    for _tag, attrs in tags_of(cleaned):
        for name, value in attrs:
            assert not name.startswith("on")
            assert not (value or "").lower().lstrip().startswith(("javascript:", "vbscript:"))
    html_to_text(cleaned)  # never raises either


@settings(max_examples=300, deadline=None)
@given(value=st.text(), max_chars=st.integers(min_value=1, max_value=2000), is_html=st.booleans())
def test_clean_text_is_one_bounded_line_without_control_characters(
    value: str, max_chars: int, is_html: bool
) -> None:
    cleaned = clean_text(value, max_chars, is_html=is_html)
    assert len(cleaned) <= max_chars
    assert cleaned == cleaned.strip()
    assert not [ch for ch in cleaned if unicodedata.category(ch) in {"Cc", "Cs"}]


def test_an_iframe_shows_nothing_of_its_inside_and_hides_nothing_after_it() -> None:
    # A video embedded XHTML-style, then the article: the article must stay.
    embedded = '<p>Видео:</p><iframe src="https://www.youtube.com/embed/x"/><p>Текст статьи.</p>'
    assert html_to_text(clean_html(embedded)) == "Видео:\nТекст статьи."
    # What is inside an iframe is raw text to a browser, which shows none of it; kept, the
    # reader would see markup as words ("<b>описание</b>").
    fallback = 'безопасно<iframe src="https://example.com/"> <b>описание</b></iframe>'
    assert html_to_text(clean_html(fallback)) == "безопасно"
    assert clean_text('<iframe src="x"/>Заголовок', is_html=True) == "Заголовок"
