"""What the window shows: date column, counts, preview lines and article HTML Qt can lay out."""

from __future__ import annotations

import locale
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.display import (
    NOUNS,
    cap_nesting,
    count_phrase,
    flatten_deep_tables,
    plural,
    preview_line,
    relative_time,
)
from reader.sanitize import clean_html
from tests.htmlcheck import unsafe_parts

ALMATY = timezone(timedelta(hours=5))
NOW = datetime(2024, 6, 20, 14, 5, tzinfo=ALMATY)  # a Thursday afternoon in Almaty


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


# --- relative_time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "ru", "kk", "en"),
    [
        (at(2024, 6, 20, 11, 37), "11:37", "11:37", "11:37"),
        (at(2024, 6, 20, 0, 0), "00:00", "00:00", "00:00"),
        (at(2024, 6, 19, 23, 59), "вчера", "кеше", "yesterday"),
        (at(2024, 6, 19, 0, 1), "вчера", "кеше", "yesterday"),
        (at(2024, 6, 16, 9, 0), "16 июня", "16 маусым", "16 June"),
        (at(2024, 1, 1, 0, 0), "1 января", "1 қаңтар", "1 January"),
        (at(2023, 12, 31, 23, 0), "31.12.2023", "31.12.2023", "31 Dec 2023"),
        (at(2021, 6, 16, 8, 0), "16.06.2021", "16.06.2021", "16 Jun 2021"),
    ],
)
def test_date_column_reads_naturally_in_each_language(
    when: datetime, ru: str, kk: str, en: str
) -> None:
    assert relative_time(when, NOW, "ru") == ru
    assert relative_time(when, NOW, "kk") == kk
    assert relative_time(when, NOW, "en") == en


def test_every_month_has_its_proper_name() -> None:
    ru = [relative_time(at(2024, m, 5), NOW, "ru") for m in range(1, 13)]
    kk = [relative_time(at(2024, m, 5), NOW, "kk") for m in range(1, 13)]
    en = [relative_time(at(2024, m, 5), NOW, "en") for m in range(1, 13)]
    ru_months = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                 "сентября", "октября", "ноября", "декабря")  # fmt: skip
    kk_months = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
                 "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip
    assert ru == [f"5 {m}" for m in ru_months]
    assert kk == [f"5 {m}" for m in kk_months]
    assert en[8] == "5 September"
    assert relative_time(at(2019, 9, 5), NOW, "en") == "5 Sep 2019"


def test_days_are_counted_in_the_readers_time_zone() -> None:
    # 20:30 UTC on the 19th is already 01:30 on the 20th in Almaty: today, not yesterday.
    published = datetime(2024, 6, 19, 20, 30, tzinfo=UTC)
    assert relative_time(published, NOW, "en") == "01:30"
    # The same instant seen from London is still the evening before.
    london_now = NOW.astimezone(timezone(timedelta(hours=1)))
    assert relative_time(published, london_now, "en") == "yesterday"


def test_just_after_midnight_the_evening_is_yesterday() -> None:
    now = at(2024, 6, 20, 0, 10)
    assert relative_time(at(2024, 6, 19, 23, 50), now, "ru") == "вчера"


def test_future_dates_from_a_fast_clock() -> None:
    assert relative_time(at(2024, 6, 20, 18, 0), NOW, "ru") == "18:00"  # later today
    assert relative_time(at(2024, 6, 21, 9, 0), NOW, "ru") == "21 июня"  # tomorrow: not "вчера"
    assert relative_time(at(2025, 1, 2, 9, 0), NOW, "en") == "2 Jan 2025"


def test_unknown_or_regional_language_codes() -> None:
    when = at(2024, 6, 19, 12)
    assert relative_time(when, NOW, "de") == "yesterday"
    assert relative_time(when, NOW, "") == "yesterday"
    assert relative_time(when, NOW, "ru_RU.UTF-8") == "вчера"
    assert relative_time(when, NOW, "kk-KZ") == "кеше"
    assert relative_time(when, NOW, "KK") == "кеше"


def test_naive_datetimes_are_compared_as_they_are() -> None:
    assert relative_time(datetime(2024, 6, 19, 22), datetime(2024, 6, 20, 1), "en") == "yesterday"


def test_independent_of_the_process_locale() -> None:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C")  # strftime("%B") would now say "March"
        assert relative_time(at(2024, 3, 8), NOW, "ru") == "8 марта"
        assert relative_time(at(2024, 3, 8), NOW, "kk") == "8 наурыз"
    finally:
        locale.setlocale(locale.LC_TIME, saved)


_SHAPES = re.compile(
    r"\d\d:\d\d|вчера|кеше|yesterday|\d{1,2} \w+|\d\d\.\d\d\.\d{4}|\d{1,2} \w{3} \d{4}"
)
_ZONES = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(
    when=st.datetimes(datetime(1971, 1, 1), datetime(2200, 1, 1), timezones=_ZONES),
    now=st.datetimes(datetime(1971, 1, 1), datetime(2200, 1, 1), timezones=_ZONES),
    language=st.sampled_from(["ru", "kk", "en", "fr", ""]),
)
def test_relative_time_always_has_one_of_the_column_shapes(
    when: datetime, now: datetime, language: str
) -> None:
    assert _SHAPES.fullmatch(relative_time(when, now, language))


def test_extreme_dates_from_broken_feeds_do_not_crash() -> None:
    assert relative_time(datetime.max.replace(tzinfo=UTC), NOW, "en") == "31 Dec 9999"
    assert relative_time(datetime.min.replace(tzinfo=UTC), NOW, "ru") == "01.01.0001"


# --- plural and count_phrase -----------------------------------------------------------------

STATYA = ("статья", "статьи", "статей")


@pytest.mark.parametrize(
    ("n", "word"),
    [(0, "статей"), (1, "статья"), (2, "статьи"), (4, "статьи"), (5, "статей"), (11, "статей"),
     (12, "статей"), (14, "статей"), (21, "статья"), (22, "статьи"), (25, "статей"),
     (101, "статья"), (111, "статей"), (112, "статей"), (1001, "статья"), (1_000_000, "статей")],
)  # fmt: skip
def test_russian_one_few_many(n: int, word: str) -> None:
    assert plural(n, STATYA, "ru") == word


def test_english_and_kazakh_one_other() -> None:
    assert [plural(n, ("article", "articles"), "en") for n in (0, 1, 2, 21)] == [
        "articles", "article", "articles", "articles"
    ]  # fmt: skip
    assert [plural(n, ("мақала",), "kk") for n in (1, 2, 5, 21)] == ["мақала"] * 4


@pytest.mark.parametrize(
    ("n", "key", "language", "phrase"),
    [
        (5, "article", "ru", "5 статей"),
        (5, "article", "kk", "5 мақала"),
        (5, "article", "en", "5 articles"),
        (1, "article", "en", "1 article"),
        (21, "article", "ru", "21 статья"),
        (1, "new_article", "ru", "1 новая статья"),
        (3, "new_article", "ru", "3 новые статьи"),
        (12, "new_article", "ru", "12 новых статей"),
        (12, "new article", "kk", "12 жаңа мақала"),
        (1, "new_article", "en", "1 new article"),
        (2, "source", "ru", "2 источника"),
        (7, "source", "kk", "7 дереккөз"),
        (1, "source", "en", "1 source"),
        (1, "failed_source", "ru", "1 источник с ошибкой"),
        (3, "failed_source", "ru", "3 источника с ошибкой"),
        (5, "failed source", "ru", "5 источников с ошибкой"),
        (2, "failed_source", "kk", "2 қатесі бар дереккөз"),
        (1, "failed_source", "en", "1 source failed"),
        (2, "failed_source", "en", "2 sources failed"),
        (1, "unread", "ru", "1 непрочитанная"),
        (3, "unread", "ru", "3 непрочитанные"),
        (40, "unread", "ru", "40 непрочитанных"),
        (40, "unread", "kk", "40 оқылмаған"),
        (40, "unread", "en", "40 unread"),
        (5, "article", "pt_BR", "5 articles"),
    ],
)
def test_count_phrases_the_window_shows(n: int, key: str, language: str, phrase: str) -> None:
    assert count_phrase(n, key, language) == phrase


def test_big_counts_are_grouped() -> None:
    assert count_phrase(12_345, "article", "ru") == "12\u00a0345 статей"
    assert count_phrase(1_001, "article", "en") == "1,001 articles"


def test_unknown_noun_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        count_phrase(1, "articel", "en")


@given(n=st.integers(min_value=0), language=st.sampled_from(["ru", "kk", "en", "xx", ""]))
def test_plural_never_raises_and_picks_a_given_form(n: int, language: str) -> None:
    assert plural(n, STATYA, language) in STATYA
    assert plural(n, ("one",), language) == "one"
    assert plural(n, (), language) == ""
    forms_of = "ru" if language == "ru" else "kk" if language == "kk" else "en"
    for key, forms in NOUNS.items():
        assert count_phrase(n, key, language).split(" ", 1)[1] in forms[forms_of]


@given(n=st.integers(min_value=0))
def test_russian_form_depends_only_on_the_last_two_digits(n: int) -> None:
    assert plural(n, STATYA, "ru") == plural(1000 + n % 100, STATYA, "ru")


# --- preview_line ----------------------------------------------------------------------------


def test_preview_joins_lines_and_collapses_whitespace() -> None:
    text = "\n\n  Астана,   20 июня.\n\nПравительство   утвердило\tплан.\n"
    assert preview_line(text) == "Астана, 20 июня. Правительство утвердило план."


def test_preview_is_cut_between_words_with_an_ellipsis() -> None:
    text = "Правительство утвердило план развития региона на ближайшие годы"
    line = preview_line(text, limit=30)
    assert line == "Правительство утвердило план…"
    assert len(line) <= 30


def test_preview_does_not_leave_a_dangling_comma_or_dash() -> None:
    assert preview_line("Астана, Алматы, Шымкент и другие", limit=16) == "Астана, Алматы…"
    assert preview_line("Итоги — кратко и по делу", limit=10) == "Итоги…"


def test_preview_cuts_inside_a_word_only_when_one_word_is_too_long() -> None:
    url = "https://example.kz/" + "a" * 300
    assert preview_line(url, limit=20) == url[:19] + "…"


def test_preview_of_short_or_empty_text() -> None:
    assert preview_line("Коротко.") == "Коротко."
    assert preview_line(" \n\t ") == ""
    assert preview_line("x" * 160) == "x" * 160  # exactly the limit: nothing cut
    assert preview_line("anything", limit=0) == ""


@given(text=st.text(), limit=st.integers(1, 300))
def test_preview_properties(text: str, limit: int) -> None:
    line = preview_line(text, limit)
    assert len(line) <= limit
    assert "\n" not in line and "  " not in line
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        assert line == collapsed
    else:
        assert line.endswith("…")
        assert collapsed.startswith(line[:-1].rstrip(" ,;:-–—([{«„"))


def test_preview_of_a_megabyte_is_instant() -> None:
    started = time.perf_counter()
    assert len(preview_line("слово " * 200_000)) <= 160
    assert time.perf_counter() - started < 0.05


# --- flatten_deep_tables ---------------------------------------------------------------------


class _Depth(HTMLParser):
    """The deepest <table> nesting of a fragment, read the way a browser reads tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <table/> opens a table in HTML

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1


def table_depth(fragment: str) -> int:
    parser = _Depth()
    parser.feed(fragment)
    parser.close()
    return parser.deepest


def visible(fragment: str) -> str:
    return re.sub(r"<[^>]*>", "", fragment)


def nested(levels: int, inner: str = "глубоко") -> str:
    return "<table><tr><td>" * levels + inner + "</td></tr></table>" * levels


def test_shallow_tables_are_left_alone() -> None:
    html = clean_html(nested(3, "<b>x</b>"))
    assert flatten_deep_tables(html) == html
    assert flatten_deep_tables(html, max_depth=2) != html


def test_deep_tables_become_divs_below_the_limit() -> None:
    html = clean_html(
        '<p>Intro</p><table><caption lang="kk">Кесте</caption><tr><td>'
        + nested(5)
        + "</td></tr></table>"
    )
    flat = flatten_deep_tables(html, max_depth=3)
    assert table_depth(html) == 6 and table_depth(flat) == 3
    assert visible(flat) == visible(html)
    assert flat.startswith('<p>Intro</p><table><caption lang="kk">Кесте</caption><tbody><tr><td>')
    assert "<div><div><div><div>" * 3 + "глубоко" in flat  # table, tbody, tr, td: 3 levels
    assert '<caption lang="kk">' in flat  # the outer table is untouched
    assert flat.count("<div") == flat.count("</div>")
    assert unsafe_parts(flat) == []


def test_rows_and_cells_of_a_flattened_table_keep_their_order() -> None:
    html = (
        "<table><tr><td><table><thead><tr><th>Год</th><th>Рост</th></tr></thead>"
        '<tbody><tr><td colspan="2">2024</td></tr></tbody><tfoot><tr><td>итог</td></tr></tfoot>'
        "<colgroup><col></colgroup></table></td></tr></table>"
    )
    flat = flatten_deep_tables(html, max_depth=1)
    assert flat == (
        "<table><tr><td><div><div><div><div>Год</div><div>Рост</div></div></div>"
        '<div><div><div colspan="2">2024</div></div></div><div><div><div>итог</div></div></div>'
        "</div></td></tr></table>"
    )


def test_table_lookalikes_in_attributes_and_comments_are_not_tags() -> None:
    html = (
        '<table><tr><td><a title="<table>">x</a><!-- <table> -->' + nested(2) + "</td></tr></table>"
    )
    flat = flatten_deep_tables(html, max_depth=2)
    assert '<a title="<table>">x</a><!-- <table> -->' in flat
    assert table_depth(flat) == 2


@pytest.mark.parametrize(
    "odd",
    ["<table>" * 6, "</table>" * 6 + nested(5), nested(6)[:-20], "<table/>" * 5 + "<td>x",
     "<TABLE><TR><TD>" * 5 + "x", "<table" * 5, '<table x="' * 5, "<!--" + "<table>" * 5],
)  # fmt: skip
def test_odd_markup_does_not_raise(odd: str) -> None:
    flat = flatten_deep_tables(odd)
    assert visible(flat) == visible(odd)
    if not odd.startswith("<!--"):  # unclosed, it hides the rest (HTMLParser disagrees)
        assert table_depth(flat) <= 3
    assert flatten_deep_tables(flat) == flat


_TAGS = ["table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "col", "colgroup",
         "p", "b", "div", "a"]  # fmt: skip
_ATTRS = ["", ' lang="kk"', ' colspan="2"', ' title="a &lt;table&gt; b"', ' dir="rtl"']
_TOKENS = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.just("<table/>"),
    st.text(st.characters(blacklist_characters="<>&", blacklist_categories=["Cs"]), max_size=8),
    st.sampled_from(["&amp;", "&lt;", "Қазақ", " ", "\n"]),
)
SOUP = st.lists(_TOKENS, max_size=120).map("".join)


@given(html=SOUP, max_depth=st.integers(0, 5))
@settings(max_examples=400, deadline=None)
def test_flatten_keeps_every_word_and_caps_the_depth(html: str, max_depth: int) -> None:
    flat = flatten_deep_tables(html, max_depth)
    assert visible(flat) == visible(html)
    assert table_depth(flat) <= max_depth
    assert flatten_deep_tables(flat, max_depth) == flat  # nothing left to do


@given(html=st.text(st.sampled_from(list("<>/=\"'!- abtlerdhcgpx&;\n")) | st.characters()))
@settings(max_examples=400, deadline=None)
def test_flatten_never_raises_on_any_text(html: str) -> None:
    for max_depth in (0, 1, 3):
        flat = flatten_deep_tables(html, max_depth)
        assert flatten_deep_tables(flat, max_depth) == flat


@given(html=SOUP)
@settings(max_examples=100, deadline=None)
def test_flatten_of_sanitized_soup_is_still_safe_and_shallow(html: str) -> None:
    clean = clean_html(html)
    flat = flatten_deep_tables(clean, 1)
    assert unsafe_parts(flat) == []
    assert table_depth(flat) <= 1
    assert visible(flat) == visible(clean)


def test_twenty_five_levels_are_flattened_fast() -> None:
    html = clean_html(nested(25))
    started = time.perf_counter()
    flat = flatten_deep_tables(html)
    assert time.perf_counter() - started < 1.0
    assert table_depth(html) == 25 and table_depth(flat) == 3
    assert visible(flat) == "глубоко"


def test_a_megabyte_article_is_flattened_fast() -> None:
    paragraph = (
        '<p>Министр <b>заявил</b>, что <a href="https://example.kz/a?b=1">план</a> выполнен.</p>'
        "<table><tbody><tr><th>Год</th><td>2024</td></tr></tbody></table>"
    )
    html = paragraph * (1_000_000 // len(paragraph)) + nested(25)
    started = time.perf_counter()
    flat = flatten_deep_tables(html)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{elapsed:.3f} s for {len(html):,} characters"
    assert table_depth(flat) == 3
    assert flat.startswith(paragraph * 100)


def test_cap_nesting_keeps_every_word_and_at_most_the_limit_of_levels() -> None:
    deep = "<div>" * 100 + "<b>слово</b>" + "</div>" * 100 + "<p>после</p>"
    capped = cap_nesting(deep, 10)
    assert capped.count("<div>") == 10 and capped.count("</div>") == 10
    assert "слово" in capped and capped.endswith("<p>после</p>")
    shallow = "<div><p>a <b>b</b></p></div>"
    assert cap_nesting(shallow, 10) == shallow  # nothing to do: untouched
    assert cap_nesting('<div title="<div>">x</div>', 0) == "x"  # quoted '<div>' is no tag
