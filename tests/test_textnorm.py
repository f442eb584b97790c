"""Words, terms, alternatives and snippets for search: what a reader typing a query notices."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.textnorm import (
    STEMMERS,
    Snippet,
    detect_language,
    index_term,
    index_terms,
    kazakh_base,
    matcher,
    normalize,
    phrase_alternatives,
    query_alternatives,
    snippet,
    tokenize,
    words,
)

# Short sentences from /work/shared/reference/tengrinews-2021-06-16-turkey-azerbaijan.txt
# (Tengrinews.kz, 16 June 2021: Turkey and Azerbaijan sign the Shusha declaration).
R_LEAD = (
    "Президент Турции Реджеп Тайип Эрдоган и президент Азербайджана Ильхам Алиев договорились "
    "о военном сотрудничестве, передает Tengrinews.kz со ссылкой на YaktriNews."
)
R_SHUSHA = (
    "Лидеры двух стран подписали в карабахском городе Шуша совместную союзническую декларацию "
    "по широкому спектру двустороннего сотрудничества."
)
R_CONSULATE = (
    "В свою очередь Эрдоган сообщил о совместных планах по восстановлению Карабаха и заявил "
    "о намерении открыть в Шуше генеральное консульство Турции."
)
R_ACCUSED = "В связи с этим Эрдогана обвинили в прямой поддержке боевых действий в Карабахе."
R_MOSCOW = (
    "В начале года лидеры Армении, Азербайджана и России провели переговоры в Москве, по итогам "
    "которых стороны подписали совместное заявление о развитии Нагорного Карабаха."
)
# Sentences written for these tests (Russian, Kazakh, English).
W_DECLARATION = "Президенты подписали декларацию в центре Шуши."
W_KARABAKH = "Нагорный Карабах снова в центре внимания."
W_YOLKA = "Главная ёлка Казахстана зажглась в Астане."
K_GENITIVE = "Қазақстанның экономикасы биыл үш пайызға өсті."
K_LOCATIVE = "Қазақстанда жаңа мектептер ашылды."
K_NOMINATIVE = "Қазақстан Түркиямен жаңа келісімге қол қойды."
K_ALMATY = "Алматыда күшті жаңбыр жауды."
E_RIVER = "The river runs through the old town."

DOCS = {
    "lead": R_LEAD,
    "shusha": R_SHUSHA,
    "consulate": R_CONSULATE,
    "accused": R_ACCUSED,
    "moscow": R_MOSCOW,
    "declaration": W_DECLARATION,
    "karabakh": W_KARABAKH,
    "yolka": W_YOLKA,
    "kk_genitive": K_GENITIVE,
    "kk_locative": K_LOCATIVE,
    "kk_nominative": K_NOMINATIVE,
    "kk_almaty": K_ALMATY,
    "river": E_RIVER,
}
NAMES = list(DOCS)


def fts_table(docs: dict[str, str] = DOCS) -> sqlite3.Connection:
    """An in-memory FTS5 table as Kabar builds it: rowid = position in `docs`, terms indexed."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        'CREATE VIRTUAL TABLE t USING fts5(terms, tokenize="unicode61 remove_diacritics 0")'
    )
    for rowid, text in enumerate(docs.values(), start=1):
        conn.execute(
            "INSERT INTO t(rowid, terms) VALUES (?, ?)",
            (rowid, index_terms(text, detect_language(text))),
        )
    return conn


def matching(conn: sqlite3.Connection, expression: str) -> set[str]:
    rows = conn.execute("SELECT rowid FROM t WHERE terms MATCH ?", (expression,))
    return {NAMES[rowid - 1] for (rowid,) in rows}


def find_word(word: str, language: str | None = None) -> set[str]:
    alternatives = query_alternatives(word, language)
    return matching(fts_table(), "(" + " OR ".join(alternatives) + ")")


def test_normalize_folds_case_yo_and_latin_diacritics_only() -> None:
    assert normalize("ЁЛКА") == normalize("ёлка") == normalize("Елка") == "елка"
    assert normalize("École Şişli ÜBER Øresund") == "ecole sisli uber oresund"
    assert normalize("Й") == "й" and normalize("и\u0306") == "й"  # NFD input is composed
    assert normalize("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"
    assert normalize("Карабах") == "карабах"
    assert normalize("don't") == "dont" and normalize("Кара\u00adбах") == "карабах"


def test_tokenize_keeps_original_offsets() -> None:
    text = "«Нур-Султан», Tengrinews.kz — don't 479.5 e\u0301te"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["Нур", "Султан", "Tengrinews", "kz", "don't", "479", "5",
                                        "e\u0301te"]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokens)


@given(st.text(max_size=300))
def test_tokens_are_slices_of_the_original(text: str) -> None:
    end = 0
    for token in tokenize(text):
        assert end <= token.start < token.end and text[token.start : token.end] == token.text
        end = token.end


def _reference_tokens(text: str) -> list[str]:
    """Kabar's tokenizing rule spelled out one character at a time: letters and digits, with
    combining marks, and an apostrophe or soft hyphen only between letters."""
    joiners = "'’ʼ\u00ad\u200c\u200d\u2060"
    tokens, i = [], 0
    while i < len(text):
        if not text[i].isalnum():
            i += 1
            continue
        start, i = i, i + 1
        while i < len(text):
            if text[i].isalnum() or unicodedata.category(text[i]).startswith("M"):
                i += 1
            elif text[i] in joiners and i + 1 < len(text) and text[i + 1].isalnum():
                i += 2
            else:
                break
        tokens.append(text[start:i])
    return tokens


ODD_TEXT = st.text(
    st.sampled_from("аёӘқ aéZ9_'’\u00ad\u0301\u0306\u093f\U0001d17a\U000e0100-. \u0915\U0001f600")
    | st.characters(),
    max_size=200,
)


@given(ODD_TEXT)
def test_tokenize_follows_the_rule_for_any_text(text: str) -> None:
    assert [t.text for t in tokenize(text)] == _reference_tokens(text)
    assert words(text) == _reference_tokens(text)  # the indexer's fast path agrees


def test_marks_keep_words_whole_in_every_script() -> None:
    assert words("हिन्दी समाचार") == ["हिन्दी", "समाचार"]  # Devanagari vowel signs and virama
    assert words("Tiếng Việt") == ["Tiếng", "Việt"]
    assert words("snake_case") == ["snake", "case"]


@given(ODD_TEXT, st.sampled_from([None, "ru", "kk", "en", "de"]))
def test_index_terms_are_each_words_term(text: str, language: str | None) -> None:
    lang = language or detect_language(text)
    expected = " ".join(index_term(t.text, lang) for t in tokenize(text))
    assert index_terms(text, language) == expected
    assert index_terms(text, language) == expected  # again, now from the term cache


def test_detect_language() -> None:
    with open("/work/shared/reference/tengrinews-2021-06-16-turkey-azerbaijan.txt") as f:
        assert detect_language(f.read()) == "ru"
    assert detect_language(R_LEAD) == "ru"
    for kazakh in (K_GENITIVE, K_LOCATIVE, K_NOMINATIVE, K_ALMATY):
        assert detect_language(kazakh) == "kk"
    assert detect_language(E_RIVER) == "en"
    assert detect_language("479.5 535.02 — 5.16") is None
    assert detect_language(R_LEAD, "kk-KZ") == "kk" and detect_language(E_RIVER, "ru_RU") == "ru"
    assert detect_language(K_LOCATIVE, "kz") == "kk"  # feeds often say "kz"
    assert detect_language(R_LEAD, "und") == "ru" and detect_language(R_LEAD, "") == "ru"
    # A Kazakh name in a Russian article does not make it Kazakh.
    assert detect_language("Тоқаев провёл совещание с акимами областей и городов.") == "ru"


def test_stemmers_by_iso_code() -> None:
    assert {"ru", "en", "de", "fr", "es", "it", "pt", "tr"} <= set(STEMMERS)
    assert "kk" not in STEMMERS
    assert index_term("Häuser", "de") == index_term("Haus", "de")


def test_index_terms() -> None:
    terms = index_terms(R_LEAD, "ru").split()
    assert "эрдога" in terms and "tengrinew" in terms  # a Latin word in Russian: English stem
    assert index_terms(K_LOCATIVE, "kk").split()[0] == "қазақстанда"  # Kazakh: normalized
    assert index_terms("16 июня 2021", "ru") == "16 июн 2021"
    assert index_terms(W_YOLKA, None) == index_terms(W_YOLKA.replace("ё", "е"), "ru")


def test_stemmers_are_per_thread() -> None:
    texts = [R_LEAD, R_SHUSHA, R_CONSULATE, R_ACCUSED, R_MOSCOW, E_RIVER] * 20
    expected = [index_terms(t, None) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda t: index_terms(t, None), texts)) == expected


def test_query_alternatives_shapes() -> None:
    assert query_alternatives("Карабах") == ["караб*"]  # the stem as a prefix covers the word
    assert query_alternatives("Астана") == ["аст", "аста*"]  # «Астане» is indexed «астан»
    assert query_alternatives("Қазақстанның") == ["қазақстан*"]
    assert query_alternatives("2021") == ["2021"]
    assert query_alternatives("в") == ["в"]  # no prefix for very short words...
    assert query_alternatives("в", prefix=True) == ["в*"]  # ...unless asked for


def test_kazakh_base_strips_suffixes_keeping_four_letters() -> None:
    assert kazakh_base("қазақстанның") == "қазақстан"
    assert kazakh_base("қазақстанда") == "қазақстан"
    assert kazakh_base("қазақстандағы") == "қазақстан"
    assert kazakh_base("қалалардың") == "қала"
    assert kazakh_base("астананы") == "астана"
    assert kazakh_base("қазақстан") == "қазақстан"  # -тан is not stripped
    assert kazakh_base("елде") == "елде"  # would leave under 4 letters


def test_words_find_their_other_forms() -> None:
    karabakh = {"consulate", "accused", "moscow", "shusha", "karabakh"}
    assert find_word("Карабах") == karabakh
    # The stem as a prefix finds every form, the adjective «карабахском» too.
    assert find_word("Карабахе") == karabakh
    assert find_word("Астана") == find_word("Астане") == find_word("астаны")
    assert find_word("эрдогана") == find_word("ЭРДОГАН") == {"lead", "consulate", "accused"}
    assert find_word("ЁЛКА") == find_word("елка") == find_word("ёлка") == {"yolka"}
    assert find_word("шуша") == {"shusha", "consulate", "declaration"}
    assert find_word("Алиевым") == {"lead"}
    assert find_word("running") == {"river"}
    assert find_word("Tengrinews") == {"lead"}


def test_kazakh_words_find_their_other_forms() -> None:
    kazakhstan = {"kk_genitive", "kk_locative", "kk_nominative"}
    assert find_word("Қазақстан") == kazakhstan
    assert find_word("қазақстанның") == kazakhstan
    assert find_word("ҚАЗАҚСТАНДА", "kk") == kazakhstan
    assert find_word("Алматы", "kk") == {"kk_almaty"}


def test_phrase_alternatives_follow_index_terms() -> None:
    assert phrase_alternatives(["подписали", "декларацию"], "ru") == ['"подписа декларац"']
    conn = fts_table()
    for expression in phrase_alternatives(["подписали", "декларацию"]):
        assert matching(conn, expression) <= {"declaration"}


_SAFE = re.compile(r'(?:[^\W_]+|"(?:[^"]|"")*")\*?')


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "ru", "kk", "en", "de", "xx"]), st.booleans())
def test_alternatives_are_safe_fts5(word: str, language: str | None, prefix: bool) -> None:
    conn = fts_table({"one": R_LEAD})
    for alternative in query_alternatives(word, language, prefix=prefix):
        assert _SAFE.fullmatch(alternative), alternative
        matching(conn, alternative)  # never sqlite3.OperationalError


def karabakh_snippet(text: str, width: int = 180) -> Snippet:
    return snippet(text, matcher(query_alternatives("Карабах"), "ru"), width)


def test_snippet_highlights_the_original_word() -> None:
    result = karabakh_snippet(R_ACCUSED)
    assert result.text == R_ACCUSED
    assert [result.text[s:e] for s, e in result.highlights] == ["Карабахе"]


def test_snippet_cuts_long_text_on_word_boundaries() -> None:
    with open("/work/shared/reference/tengrinews-2021-06-16-turkey-azerbaijan.txt") as f:
        article = f.read()
    result = snippet(article, matcher([*query_alternatives("Эрдогана"), "карабах*"], "ru"))
    assert result.text.startswith("…") and result.text.endswith("…")
    assert len(result.text) <= 182
    words = {t.text for t in tokenize(article)}
    inner = tokenize(result.text)
    assert inner[0].text in words and inner[-1].text in words
    assert " ".join(result.text.strip("…").split()) in " ".join(article.split())
    highlighted = {normalize(result.text[s:e])[:6] for s, e in result.highlights}
    assert highlighted == {"эрдога", "караба"}  # both words, in one window


def test_snippet_without_matches_is_the_beginning() -> None:
    result = snippet(R_MOSCOW, matcher(["ёлка"]), 60)
    assert result.highlights == () and result.text.startswith("В начале года")
    assert result.text.endswith("…") and len(result.text) <= 61


def test_snippet_never_breaks_surrogate_pairs() -> None:
    text = "😀 Реклама 𝔈𝔯𝔡𝔬𝔤𝔞𝔫 👍🏽 " * 20 + "в Карабахе 🇰🇿 " + "новости 😀 " * 30
    result = karabakh_snippet(text, 60)
    encoded = result.text.encode("utf-16-le")  # strict: no lone surrogates
    for (s, e), (s16, e16) in zip(result.highlights, result.utf16_highlights(), strict=True):
        assert result.text[s:e] == "Карабахе"
        assert encoded[2 * s16 : 2 * e16].decode("utf-16-le") == "Карабахе"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.integers(1, 300))
def test_snippet_highlights_are_matching_words(text: str, width: int) -> None:
    match = matcher([*query_alternatives("Карабах"), "a*"], "ru")
    result = snippet(text, match, width)
    result.text.encode("utf-16-le")
    assert len(result.text) <= width + 2
    previous = 0
    for s, e in result.highlights:
        assert previous <= s < e <= len(result.text)
        word = result.text[s:e]
        assert word in text and match(word)
        previous = e
