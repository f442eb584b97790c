"""The search box: what a reader types, what Kabar finds, and that no input ever breaks FTS5."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.query import MAX_TERMS, Filters, parse_query
from reader.textnorm import matcher, snippet
from tests.test_textnorm import NAMES, R_ACCUSED, fts_table, matching


@pytest.fixture(scope="module")
def conn() -> sqlite3.Connection:
    return fts_table()


def search(conn: sqlite3.Connection, text: str, hint: str | None = None) -> set[str]:
    """What the list shows: rows matching `match`, or everything but `exclude`."""
    query = parse_query(text, hint)
    found = set(NAMES) if query.match is None else matching(conn, query.match)
    if query.exclude is not None:
        found -= matching(conn, query.exclude)
    return found


def test_words_all_match_in_any_form(conn: sqlite3.Connection) -> None:
    assert search(conn, "Карабах") == {"consulate", "accused", "moscow", "shusha", "karabakh"}
    assert search(conn, "эрдогана карабах") == {"consulate", "accused"}
    assert search(conn, "Эрдоган AND Карабахе") == {"consulate", "accused"}
    assert search(conn, "ЁЛКА") == search(conn, "елка") == {"yolka"}
    assert search(conn, "шуша") == {"shusha", "consulate", "declaration"}
    assert search(conn, "running") == {"river"}


def test_kazakh(conn: sqlite3.Connection) -> None:
    kazakhstan = {"kk_genitive", "kk_locative", "kk_nominative"}
    assert search(conn, "Қазақстан") == kazakhstan
    assert search(conn, "қазақстанның") == kazakhstan
    assert search(conn, "Қазақстанда жаңа") == {"kk_locative", "kk_nominative"}
    assert search(conn, "Алматыда", "kk") == search(conn, "lang:kk Алматы") == {"kk_almaty"}


def test_phrase_needs_the_words_together(conn: sqlite3.Connection) -> None:
    assert search(conn, "подписали декларацию") == {"shusha", "declaration"}
    assert search(conn, '"подписали декларацию"') == {"declaration"}
    assert search(conn, '"декларацию подписали"') == set()
    assert search(conn, "Tengrinews.kz") == {"lead"}  # inner punctuation: a phrase


def test_or_not_prefix_and_groups(conn: sqlite3.Connection) -> None:
    assert search(conn, "Эрдоган OR ёлка") == {"lead", "consulate", "accused", "yolka"}
    assert search(conn, "Эрдоган -Карабах") == {"lead"}
    assert search(conn, "Эрдоган NOT Карабах") == {"lead"}
    assert search(conn, "(Алиев OR Эрдоган) Шуша") == {"consulate"}
    assert search(conn, "Азербайдж*") == {"lead", "moscow"}
    assert search(conn, 'Эрдоган -"восстановлению Карабаха"') == {"lead", "accused"}


def test_only_negative_words_exclude(conn: sqlite3.Connection) -> None:
    query = parse_query("-Карабах")
    assert query.match is None and query.exclude is not None and query.words == ()
    assert search(conn, "-Карабах -Эрдоган") == set(NAMES) - {
        "consulate", "accused", "moscow", "shusha", "karabakh", "lead"
    }  # fmt: skip
    assert parse_query("Шуша OR -Карабах").exclude is None  # a negation inside OR is ignored


def test_filters() -> None:
    query = parse_query(
        'Эрдоган source:"Tengri News" folder:Новости is:unread is:starred '
        "after:2021-06-01 before:16.06.2021 lang:ru-RU"
    )
    assert query.filters == Filters(
        source="Tengri News",
        folder="Новости",
        unread=True,
        starred=True,
        after=date(2021, 6, 1),
        before=date(2021, 6, 16),
        language="ru",
    )
    assert query.words == ("Эрдоган",)
    assert parse_query("SOURCE:tengrinews.kz").filters.source == "tengrinews.kz"
    assert parse_query("after:2021/6/1").filters.after == date(2021, 6, 1)
    assert parse_query("(source:Tengri) Шуша").filters.source == "Tengri"


def test_malformed_filters_are_words() -> None:
    assert parse_query("after:2021-13-45").words == ("after", "2021", "13", "45")
    assert parse_query("after:2021-13-45").filters.after is None
    assert parse_query("is:read").words == ("is", "read")
    assert parse_query("source: Шуша").words == ("source", "Шуша")
    assert parse_query("lang:123").filters.language is None
    negated = parse_query("-source:Tengri Шуша")
    assert negated.filters.source is None and negated.words == ("Шуша",)


def test_malformed_syntax_degrades() -> None:
    assert parse_query('"подписали декларацию').words == ("подписали", "декларацию")
    assert parse_query("(Шуша").words == parse_query("Шуша)").words == ("Шуша",)
    for nothing in ("", "OR", "NOT", "-", "( )", '""', "* ^ :", "AND OR NOT - ("):
        query = parse_query(nothing)
        assert query.match is None and query.exclude is None and query.words == ()


def test_snippet_from_query_highlights_original_words() -> None:
    query = parse_query("Карабах эрдоган")
    result = snippet(R_ACCUSED, matcher(query.highlight, "ru"))
    assert [result.text[s:e] for s, e in result.highlights] == ["Эрдогана", "Карабахе"]


def _executes(query_text: str) -> None:
    query = parse_query(query_text)
    db = fts_table({"one": R_ACCUSED})
    for expression in (query.match, query.exclude):
        assert expression != ""
        if expression is not None:
            matching(db, expression)  # never sqlite3.OperationalError


_PIECES = st.sampled_from(
    ["OR", "AND", "NOT", "NEAR", "(", ")", '"', "-", "*", ":", "^", "+", "source:", "is:",
     "after:", "lang:", "Карабах", "Қазақстанның", "e\u0301", "\x00", "\u200f", "\u202e",
     "NEAR(", "terms:", "{terms}", "'", "”", "\ud800", " ", "  ", "2021-06-16", "a*b"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_any_input_is_valid_fts5(text: str) -> None:
    _executes(text)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), min_size=1, max_size=60).map("".join))
def test_long_input_is_valid_fts5(chunk: str) -> None:
    """10,000 characters: a random query repeated."""
    _executes((chunk * (10000 // max(len(chunk), 1) + 1))[:10000])


@pytest.mark.parametrize(
    "text",
    ["(" * 10000, ")" * 10000, '"' * 10001, "-" * 10000, "a OR " * 2000, "NOT " * 2500,
     "(a " * 3000, "-(" * 5000, "x" * 10000, "Шуша " * 2000],
)  # fmt: skip
def test_pathological_input(text: str) -> None:
    _executes(text)
    query = parse_query(text)
    assert query.match is None or query.match.count("(") == query.match.count(")")


def test_word_count_is_capped() -> None:
    query = parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 10)))
    assert len(query.words) == MAX_TERMS
