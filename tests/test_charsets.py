"""Feeds that do not say their encoding, or say it wrong, still read right (reader/charsets.py).

The bytes are built here from known text, so each test knows exactly what a reader must see.
"""

from __future__ import annotations

import pytest

from reader.charsets import decide_encoding
from reader.parse import parse_feed
from tests.parsehelp import FEED_URL, LATIN1_RUN

RUSSIAN = [
    ("Курс тенге укрепился к доллару", "Национальный банк Казахстана сообщил об итогах торгов."),
    ("В Алматы ожидается снегопад", "Синоптики предупреждают о гололёде на дорогах города."),
    ("Новый маршрут автобуса в Астане", "Жители столицы смогут быстрее добраться до вокзала."),
]
FRENCH = [
    ("Élection présidentielle à Montréal", "Le résultat était très attendu, même à l'étranger."),
    ("Fête de la musique", "Des concerts gratuits ont lieu près de la cathédrale."),
]
GERMAN = [("Größere Brücke über die Straße", "Die Bürger äußerten sich zufrieden: „endlich“.")]


def document(items: list[tuple[str, str]], declaration: str = "") -> str:
    entries = "".join(
        f"<item><guid>{n}</guid><title>{title}</title><description>{text}</description></item>"
        for n, (title, text) in enumerate(items)
    )
    head = f'<?xml version="1.0"{declaration}?>' if declaration else ""
    return f'{head}<rss version="2.0"><channel><title>Лента</title>{entries}</channel></rss>'


def shown(body: bytes, content_type: str | None) -> list[str]:
    headers = {"Content-Type": content_type} if content_type else None
    feed = parse_feed(body, FEED_URL, headers)
    return [text for entry in feed.entries for text in (entry.title, entry.text)]


def expected(items: list[tuple[str, str]]) -> list[str]:
    return [text for pair in items for text in pair]


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r"])
@pytest.mark.parametrize("content_type", [None, "text/xml", "text/xml; charset=ISO-8859-1",
                                          "text/xml; charset=windows-1252"])  # fmt: skip
def test_undeclared_cyrillic_reads_as_russian_even_under_a_latin_server_default(
    encoding: str, content_type: str | None
) -> None:
    body = document(RUSSIAN).replace("Лента", "Новости").encode(encoding)
    assert shown(body, content_type) == expected(RUSSIAN)


@pytest.mark.parametrize(
    ("items", "encoding", "content_type"),
    [
        (FRENCH, "iso-8859-1", "text/xml; charset=ISO-8859-1"),
        (FRENCH, "iso-8859-1", None),
        (GERMAN, "windows-1252", None),
        (GERMAN, "windows-1252", "application/rss+xml; charset=windows-1252"),
    ],
)
def test_latin_text_is_never_taken_for_another_alphabet(
    items: list[tuple[str, str]], encoding: str, content_type: str | None
) -> None:
    body = document(items).replace("Лента", "Flux").encode(encoding)
    assert shown(body, content_type) == expected(items)


def test_a_few_bad_bytes_in_a_utf8_feed_spoil_only_themselves() -> None:
    good = document(RUSSIAN, ' encoding="utf-8"').encode("utf-8")
    spoiled = good.replace("снегопад".encode(), "снегопад".encode() + b"\xff", 1)
    texts = shown(spoiled, "application/rss+xml; charset=utf-8")
    assert texts[2] == "В Алматы ожидается снегопад\ufffd"  # one mark where the bad byte was
    assert texts[:2] + texts[3:] == expected(RUSSIAN)[:2] + expected(RUSSIAN)[3:]
    assert not any(LATIN1_RUN.search(text) for text in texts)  # not "Ð\x9aÑ\x83Ñ\x80Ñ\x81"


def test_undeclared_kazakh_in_its_own_code_page_reads_as_kazakh() -> None:
    kazakh = [("Ұлттық банк теңге бағамын жариялады", "Алматыда ертең қар жауады деп күтілуде.")]
    body = document(kazakh).replace("Лента", "Жаңалықтар").encode("kz1048")
    assert shown(body, "text/xml; charset=ISO-8859-1") == expected(kazakh)


def test_a_declaration_the_publisher_wrote_is_believed() -> None:
    body = document(RUSSIAN, ' encoding="windows-1251"').encode("windows-1251")
    assert decide_encoding(body, "text/xml; charset=ISO-8859-1") == (body, "windows-1251")
    assert shown(body, "text/xml; charset=ISO-8859-1") == expected(RUSSIAN)
