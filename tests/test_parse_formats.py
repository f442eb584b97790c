"""Feed bytes → ParsedFeed for real feeds: formats, encodings, identity, links, dates.

Pure tests: no network, no database. Fixtures: tests/data/SOURCES.md.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.errors import FeedRejected
from reader.parse import parse_feed
from reader.types import ParsedFeed
from tests.parsehelp import (
    FEED_URL,
    LATIN1_RUN,
    MOJIBAKE,
    entries_by_title,
    fixture_bytes,
    fixture_id,
    json_feed_doc,
    rss_doc,
    served_as,
)
from tests.paths import REAL_FEEDS


@pytest.mark.parametrize("path", REAL_FEEDS, ids=fixture_id)
def test_every_real_feed_shows_its_articles(path: Path) -> None:
    body = path.read_bytes()
    if path.name == "ScriptingNews.json":  # RSS 2.0 mapped to JSON, not a JSON Feed
        with pytest.raises(FeedRejected, match=r"JSON.*not a JSON Feed") as rejected:
            parse_feed(body, FEED_URL, served_as(path))
        assert str(rejected.value).endswith(".")
        return
    feed = parse_feed(body, FEED_URL, served_as(path))
    assert feed.title
    assert feed.warning is None, "a well-formed feed must not be reported as broken"
    assert len(feed.entries) >= 1
    assert len({entry.key for entry in feed.entries}) == len(feed.entries)
    for entry in feed.entries:
        assert entry.title, entry.key
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
        for text in (entry.title, entry.text, feed.title):
            assert not MOJIBAKE.search(text), text[:200]


def test_the_rss_in_json_document_is_refused_with_a_clear_message_however_it_is_served() -> None:
    body = fixture_bytes("real/netnewswire/ScriptingNews.json")
    for headers in (None, {"Content-Type": "application/json"}, {"Content-Type": "text/plain"}):
        with pytest.raises(FeedRejected) as rejected:
            parse_feed(body, FEED_URL, headers)
        message = str(rejected.value)
        assert "feed" in message.lower()
        assert "Traceback" not in message and "Error" not in message


# --- character encodings --------------------------------------------------------------------

CYRILLIC = [
    pytest.param(
        "real/miniflux/encoding_WINDOWS-1251.xml",
        "windows-1251",
        "koi8-r",
        ["Цитата #17703"],
        ["есть у кого жаба программер", "1С изначально проектировалась"],
        id="windows-1251-ibash",
    ),
    pytest.param(
        "real/node-feedparser/iconv.xml",
        "windows-1251",
        "koi8-r",
        [
            "Новости Оренбурга и области",
            "В Бузулуке главные стройплощадки – детсад и Ледовый дворец",
        ],
        ["Работы по возведению детского сада идут с опережением графика"],
        id="windows-1251-oren",
    ),
    pytest.param(
        "hostile/encoding/miniflux/koi8r.xml",
        "koi8-r",
        "windows-1251",
        ["Пример RSS ленты", "Первая новость", "Вторая новость"],
        ["Привет мир! Ёжик, чай, Москва, Санкт-Петербург."],
        id="koi8-r",
    ),
]


def _headers_variants(right: str, wrong_cyrillic: str) -> list[dict[str, str] | None]:
    return [
        None,
        {"Content-Type": "application/rss+xml"},
        {"Content-Type": "text/xml"},  # RFC 3023 would read this as US-ASCII
        {"Content-Type": f"application/rss+xml; charset={right}"},
        {"Content-Type": "text/xml; charset=utf-8"},  # wrong
        {"Content-Type": "application/xml; charset=ISO-8859-1"},  # wrong: a server default
        {"Content-Type": 'text/xml; charset="windows-1252"'},  # wrong
        {"Content-Type": f"application/rss+xml; charset={wrong_cyrillic}"},  # wrong Cyrillic
        {"Content-Type": "text/html; charset=utf-8"},  # wrong type and charset
    ]


def _visible_text(feed: ParsedFeed) -> str:
    parts = [feed.title or ""]
    for entry in feed.entries:
        parts += [entry.title, entry.text]
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "right", "wrong", "titles", "texts"), CYRILLIC)
def test_cyrillic_feeds_read_right_whatever_charset_the_server_claims(
    name: str, right: str, wrong: str, titles: list[str], texts: list[str]
) -> None:
    body = fixture_bytes(name)
    for headers in _headers_variants(right, wrong):
        feed = parse_feed(body, FEED_URL, headers)
        shown = [feed.title or "", *(entry.title for entry in feed.entries)]
        for title in titles:
            assert any(title in text for text in shown), (headers, title, shown[:3])
        visible = _visible_text(feed)
        for text in texts:
            assert text in visible, (headers, text)
        assert not MOJIBAKE.search(visible), headers
        assert feed.warning is None, (headers, feed.warning)  # nothing is wrong with the XML
        assert not LATIN1_RUN.search(visible), headers  # "Öèòàòà": cp1251 read as Latin-1


@pytest.mark.parametrize(
    ("name", "right", "words"),
    [
        pytest.param(
            "real/netnewswire/kc0011.rss",
            "gb2312",
            ["投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文", "建国35周年纪念，华表，和平鸽"],
            id="gb2312",
        ),
        pytest.param(
            "real/miniflux/encoding_ISO-8859-1.xml",
            "ISO-8859-1",
            ["Red Dead Redemption 2: Hinweise auf PC-", "Viele Spieler wünschen sich"],
            id="iso-8859-1-golem",
        ),
        pytest.param(
            "real/rss-parser/encoding.rss",
            "ISO-8859-1",
            ["Jornal de Notícias - Últimas Notícias", "Mãe de utente é a nova presidente"],
            id="iso-8859-1-jn",
        ),
        pytest.param(
            "real/feed-rs/rss2/rss_2.0_encoding_1.xml",
            "ISO-8859-1",
            ["RSS Feed do Site Inovação Tecnológica"],
            id="iso-8859-1-inovacao",
        ),
    ],
)
def test_chinese_and_latin1_feeds_read_right(name: str, right: str, words: list[str]) -> None:
    body = fixture_bytes(name)
    for headers in (
        None,
        {"Content-Type": f"application/rss+xml; charset={right}"},
        {"Content-Type": "text/xml"},
        {"Content-Type": "text/xml; charset=utf-8"},
        {"Content-Type": "application/xml; charset=windows-1251"},
    ):
        feed = parse_feed(body, FEED_URL, headers)
        visible = _visible_text(feed)
        for word in words:
            assert word in visible, (headers, word)
        assert not MOJIBAKE.search(visible), headers
        assert feed.warning is None, (headers, feed.warning)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("hostile/encoding/miniflux/utf8-incorrect-prolog.xml", ["테스트 피드", "Café"]),
        ("hostile/encoding/miniflux/windows-1252-incorrect-prolog.xml", ["Euro €"]),
        ("hostile/encoding/miniflux/invalid-prolog.xml", ["테스트 피드", "Café"]),
        ("hostile/encoding/miniflux/no_encoding_ISO-8859-1.xml", ["Flux RSS du magazine"]),
        ("hostile/encoding/rss-parser/uolNoticias.rss", ["simulações de 2º turno"]),
        ("hostile/encoding/simplepie/feed-utf16be.xml", ["Test feed", "Test feed title 1"]),
        ("hostile/encoding/simplepie/feed-utf16le.xml", ["Test feed", "Test feed title 1"]),
    ],
    ids=lambda value: value.rsplit("/", 1)[-1] if isinstance(value, str) else "",
)
def test_mislabelled_documents_still_read_right(name: str, words: list[str]) -> None:
    for headers in (None, {"Content-Type": "text/xml; charset=iso-8859-1"}):
        feed = parse_feed(fixture_bytes(name), FEED_URL, headers)
        visible = _visible_text(feed)
        for word in words:
            assert word in visible, (headers, word, visible[:200])
        assert not MOJIBAKE.search(visible)


def test_only_broken_xml_gets_a_warning() -> None:
    broken = fixture_bytes("hostile/malformed/feedparser/aaa_illformed.xml")
    assert parse_feed(broken, FEED_URL, {"Content-Type": "application/rss+xml"}).warning
    fine = fixture_bytes("real/netnewswire/DaringFireball.rss")
    for content_type in ("application/rss+xml", "text/xml", "text/html", "text/plain", None):
        headers = {"Content-Type": content_type} if content_type else None
        assert parse_feed(fine, FEED_URL, headers).warning is None, content_type


def test_an_encoding_label_python_cannot_decode_with_does_not_crash_the_parse() -> None:
    # encoding="undefined" names a codec that raises a bare UnicodeError, which feedparser
    # alone does not catch.
    body = '<?xml version="1.0" encoding="undefined"?><rss version="2.0"><channel>'
    body += "<title>Café</title><item><title>Crème brûlée</title><guid>g1</guid></item>"
    data = (body + "</channel></rss>").encode("latin-1")
    for headers in (None, {"Content-Type": "text/xml; charset=undefined"}):
        feed = parse_feed(data, FEED_URL, headers)
        assert feed.title == "Café"
        assert [entry.title for entry in feed.entries] == ["Crème brûlée"]


# --- JSON Feed ------------------------------------------------------------------------------


def test_json_feed_1_0() -> None:
    feed = parse_feed(fixture_bytes("real/netnewswire/inessential.json"), FEED_URL, None)
    assert feed.title == "inessential.com"
    assert feed.site_url == "http://inessential.com/"
    first = feed.entries[0]
    assert first.title == "James Dempsey and the Breakpoints Benefit App Camp for Girls"
    assert first.link == first.key
    assert first.link.startswith("http://inessential.com/2017/06/02/james_dempsey_and_the")
    assert first.published == datetime(2017, 6, 3, 5, 5, 47, tzinfo=UTC)  # 22:05:47-07:00
    assert first.author == "Brent Simmons"  # the feed's author stands for every item
    assert "playing keyboard for a few songs" in first.text
    assert len(feed.entries) == 20


def test_json_feed_1_1() -> None:
    feed = parse_feed(fixture_bytes("real/netnewswire/3960.json"), FEED_URL, None)
    assert feed.title == "fboës - Der Blog | Startseite"
    first = feed.entries[0]
    assert first.title == "Lecker, lecker"
    assert first.key == "user/posts/2020-02-21-lecker-lecker/index.md"
    assert first.link == "https://journal.3960.org/posts/2020-02-21-lecker-lecker/"
    assert first.author == "Frank Boës"
    assert first.language == "de"
    assert first.published == datetime(2020, 2, 21, 17, 8, 6, tzinfo=UTC)
    second = feed.entries[1]
    assert second.title == "„Sabine“ am Flughafen Amsterdam"
    assert second.updated == datetime(2020, 2, 11, 7, 51, 21, tzinfo=UTC)


def test_json_feed_with_the_http_version_url() -> None:
    body = fixture_bytes("real/netnewswire/pxlnv.json")
    assert b'"http://jsonfeed.org/version/1"' in body.replace(b"\\/", b"/")
    feed = parse_feed(body, FEED_URL, {"Content-Type": "application/json"})
    assert feed.title == "Pixel Envy"
    first = feed.entries[0]
    assert first.title == "Uber Lost $4.5 Billion in 2017"
    assert first.link == "https://pxlnv.com/linklog/uber-losses-2017/"
    assert first.author == "Nick Heer"
    assert first.published == datetime(2018, 2, 13, 23, 23, 12, tzinfo=UTC)
    assert first.updated == datetime(2018, 2, 13, 23, 51, 35, tzinfo=UTC)
    assert "<em>Bloomberg</em>" in first.content_html


def test_json_feed_with_rfc822_dates_keeps_them() -> None:
    feed = parse_feed(fixture_bytes("real/feed-rs/jsonfeed/jsonfeed_elastic_1.1.json"), FEED_URL)
    first = feed.entries[0]
    assert first.title == "InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark"
    assert first.published == datetime(2019, 5, 31, 19, 17, 58, tzinfo=UTC)  # 12:17:58 -0700
    assert first.author is not None and "Chris Churilo" in first.author  # 1.1 "authors"


def test_json_feed_attachments_become_enclosures() -> None:
    item = {
        "id": "ep-1",
        "url": "/episodes/1?utm_source=rss",
        "title": "Episode 1",
        "content_text": "Show notes.\n\nSecond paragraph.",
        "date_published": "2024-03-01T10:00:00+06:00",
        "authors": [{"name": "Aigerim"}, {"name": "Daniyar"}],
        "attachments": [
            {"url": "/media/ep1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234567},
            {"url": "https://cdn.example.kz/ep1.m4a", "mime_type": "audio/mp4"},
            {"url": "javascript:alert(1)", "mime_type": "audio/mpeg"},
            {"url": "file:///etc/passwd", "mime_type": "text/plain"},
            {"url": "https://cdn.example.kz/bad-size.ogg", "size_in_bytes": "lots"},
            {"url": "https://cdn.example.kz/negative.ogg", "size_in_bytes": -5},
            "not an object",
        ],
    }
    feed = parse_feed(json_feed_doc([item]), FEED_URL, {"Content-Type": "application/feed+json"})
    (entry,) = feed.entries
    assert entry.key == "ep-1"
    assert entry.link == "https://news.example.kz/episodes/1"
    assert entry.author == "Aigerim, Daniyar"
    assert entry.published == datetime(2024, 3, 1, 4, 0, tzinfo=UTC)
    assert entry.text == "Show notes.\nSecond paragraph."
    assert [(e.url, e.type, e.length) for e in entry.enclosures] == [
        ("https://news.example.kz/media/ep1.mp3", "audio/mpeg", 1234567),
        ("https://cdn.example.kz/ep1.m4a", "audio/mp4", None),
        ("https://cdn.example.kz/bad-size.ogg", None, None),
        ("https://cdn.example.kz/negative.ogg", None, None),
    ]


def test_broken_json_feeds_are_refused_with_a_message() -> None:
    for body in (
        fixture_bytes("hostile/malformed/gofeed/invalid.json"),
        b'{"version": "https://jsonfeed.org/version/1.1", "items": "none"}',
        b'{"version": "https://jsonfeed.org/version/1", "title": "x", "items": [',
        b'{"version": "https://example.com/not-json-feed", "items": []}',
        b"[" * 100_000 + b"]" * 100_000,
    ):
        with pytest.raises(FeedRejected) as rejected:
            parse_feed(body, FEED_URL, {"Content-Type": "application/feed+json"})
        assert str(rejected.value).endswith(".")


# --- identity -------------------------------------------------------------------------------


def test_an_entry_is_known_by_its_guid_then_its_link_then_its_title_and_date() -> None:
    items = """
    <item><title>A</title><guid isPermaLink="false">tag:news.example.kz,2024:1</guid>
          <link>https://news.example.kz/a</link></item>
    <item><title>B</title><link>https://news.example.kz/b?utm_source=rss&amp;id=2</link></item>
    <item><title>C</title><pubDate>Tue, 02 Jan 2024 03:04:05 GMT</pubDate></item>
    <item><title>C</title><pubDate>Wed, 03 Jan 2024 03:04:05 GMT</pubDate></item>
    """
    feed = parse_feed(rss_doc(items), FEED_URL)
    keys = [entry.key for entry in feed.entries]
    assert keys[0] == "tag:news.example.kz,2024:1"
    assert keys[1] == "https://news.example.kz/b?id=2"
    assert keys[2].startswith("hash:") and keys[3].startswith("hash:")
    assert keys[2] != keys[3], "same title on two days: two articles"
    again = parse_feed(rss_doc(items), FEED_URL)
    assert [entry.key for entry in again.entries] == keys, "keys must be stable across syncs"


def test_the_same_id_twice_in_one_document_gives_one_entry() -> None:
    items = """
    <item><title>First</title><guid isPermaLink="false">same</guid></item>
    <item><title>Second</title><guid isPermaLink="false">same</guid></item>
    <item><title>Other</title><guid isPermaLink="false">other</guid></item>
    """
    feed = parse_feed(rss_doc(items), FEED_URL)
    assert [(entry.key, entry.title) for entry in feed.entries] == [
        ("same", "First"),
        ("other", "Other"),
    ]
    json_items: list[dict[str, Any]] = [{"id": "x", "title": "One"}, {"id": "x", "title": "Two"}]
    json_items.append({"id": 7, "title": "3"})
    feed = parse_feed(json_feed_doc(json_items), FEED_URL)
    assert [(entry.key, entry.title) for entry in feed.entries] == [("x", "One"), ("7", "3")]


def test_an_enormous_id_gets_a_short_stable_key() -> None:
    huge_a = "tag:example.com," + "a" * 10_240
    huge_b = "tag:example.com," + "b" * 10_240

    def keys() -> list[str]:
        items = "".join(
            f'<item><title>{n}</title><guid isPermaLink="false">{guid}</guid></item>'
            for n, guid in enumerate((huge_a, huge_b))
        )
        return [entry.key for entry in parse_feed(rss_doc(items), FEED_URL).entries]

    first = keys()
    assert len(first) == 2 and first[0] != first[1]
    assert all(len(key) <= 512 for key in first)
    assert keys() == first
    json_feed = parse_feed(json_feed_doc([{"id": huge_a, "title": "j"}]), FEED_URL)
    assert json_feed.entries[0].key == first[0], "same id, same key, whatever the format"


# --- links, images and enclosures -----------------------------------------------------------


def test_links_lose_tracking_parameters_and_become_absolute() -> None:
    items = """
    <item><title>A</title>
      <link>/news/a?utm_source=rss&amp;utm_medium=feed&amp;id=7</link>
      <description>&lt;p&gt;&lt;a href="b.html?utm_campaign=x&amp;amp;page=2"&gt;next&lt;/a&gt;
        &lt;img src="/img/photo.jpg" alt="photo"&gt;
        &lt;img src="pics/two.png"&gt;&lt;/p&gt;</description>
    </item>
    """
    (entry,) = parse_feed(rss_doc(items), FEED_URL).entries
    assert entry.link == "https://news.example.kz/news/a?id=7"
    assert 'href="https://news.example.kz/rss/b.html?page=2"' in entry.summary_html
    assert 'src="https://news.example.kz/img/photo.jpg"' in entry.summary_html
    assert 'src="https://news.example.kz/rss/pics/two.png"' in entry.summary_html
    assert "utm_" not in entry.summary_html


def test_relative_urls_resolve_against_xml_base() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/base/">
      <title>Based</title><link href="/home?utm_source=x"/>
      <entry xml:base="posts/">
        <id>urn:uuid:1</id><title>One</title><updated>2024-01-02T03:04:05Z</updated>
        <link rel="alternate" href="one.html?utm_medium=rss&amp;id=5"/>
        <link rel="enclosure" href="media/a.mp3" type="audio/mpeg" length="123"/>
        <content type="html">&lt;p&gt;&lt;img src="img/x.png"&gt;
          &lt;a href="../other.html"&gt;other&lt;/a&gt;&lt;/p&gt;</content>
      </entry>
    </feed>"""
    feed = parse_feed(atom, FEED_URL, {"Content-Type": "application/atom+xml"})
    assert feed.site_url == "https://blog.example.org/home"
    (entry,) = feed.entries
    assert entry.link == "https://blog.example.org/base/posts/one.html?id=5"
    html = entry.summary_html + entry.content_html
    assert 'src="https://blog.example.org/base/posts/img/x.png"' in html
    assert 'href="https://blog.example.org/base/other.html"' in html
    assert [(e.url, e.type, e.length) for e in entry.enclosures] == [
        ("https://blog.example.org/base/posts/media/a.mp3", "audio/mpeg", 123)
    ]


def test_enclosures_keep_url_type_and_length() -> None:
    feed = parse_feed(fixture_bytes("real/feed-rs/rss2/rss_2.0_nightvale.xml"), FEED_URL)
    enclosures = [e for entry in feed.entries for e in entry.enclosures]
    assert enclosures
    for enclosure in enclosures:
        assert enclosure.url.startswith(("http://", "https://"))
        assert enclosure.type == "audio/mpeg"
        assert enclosure.length is not None and enclosure.length > 0
    iconv = parse_feed(fixture_bytes("real/node-feedparser/iconv.xml"), FEED_URL)
    assert iconv.entries[0].enclosures[0].url == (
        "http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg"
    )
    assert iconv.entries[0].enclosures[0].type == "image/jpeg"
    assert iconv.entries[0].enclosures[0].length == 9683


def test_script_and_file_links_and_enclosures_are_dropped() -> None:
    items = """
    <item><title>Script link</title><guid isPermaLink="false">1</guid>
      <link>javascript:alert(document.cookie)</link>
      <enclosure url="javascript:alert(1)" type="audio/mpeg" length="5"/>
      <enclosure url="file:///etc/passwd" type="text/plain" length="5"/>
      <enclosure url="smb://attacker/share/x.mp3" type="audio/mpeg" length="5"/>
      <enclosure url="/ok.mp3" type="audio/mpeg" length="77"/></item>
    <item><title>File link</title><guid isPermaLink="false">2</guid>
      <link>file:///etc/passwd</link></item>
    <item><title>Vbscript link</title><guid isPermaLink="false">3</guid>
      <link>  VBScript:msgbox(1)</link></item>
    """
    entries = entries_by_title(parse_feed(rss_doc(items), FEED_URL))
    assert {title: entry.link for title, entry in entries.items()} == {
        "Script link": None,
        "File link": None,
        "Vbscript link": None,
    }
    assert [e.url for e in entries["Script link"].enclosures] == ["https://news.example.kz/ok.mp3"]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
      <entry><id>e</id><title>E</title><link href="javascript:alert(1)"/>
        <link rel="enclosure" href="file:///C:/Windows/win.ini" type="text/plain"/>
      </entry></feed>"""
    (entry,) = parse_feed(atom, FEED_URL).entries
    assert entry.link is None and entry.enclosures == ()


# --- dates ----------------------------------------------------------------------------------

EXTREME_DATES = [
    "Mon, 01 Jan 0001 00:00:00 +1400",
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "0001-01-01T00:00:00+14:00",
    "Fri, 31 Dec 9999 23:59:59 -1000",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "9999-12-31T23:59:59-10:00",
    "9999-12-31T23:59:59Z",
    "Sat, 01 Jan 2999 00:00:00 GMT",
    "Fri, 30 Feb 2024 10:00:00 GMT",
    "Tue, 99 Jan 2020 99:99:99 +9999",
    "yesterday-ish",
    "",
    "99999-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
]


@pytest.mark.parametrize("date", EXTREME_DATES)
def test_impossible_dates_are_dropped_or_clamped_never_an_error(date: str) -> None:
    item = f'<item><title>t</title><guid isPermaLink="false">g</guid><pubDate>{date}</pubDate>'
    item += f"<dc:date>{date}</dc:date></item>"
    rss = rss_doc(item).replace(b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" ')
    json_body = json_feed_doc(
        [{"id": "g", "title": "t", "date_published": date, "date_modified": date}]
    )
    for body in (rss, json_body):
        (entry,) = parse_feed(body, FEED_URL).entries
        after = datetime.now(UTC)
        for value in (entry.published, entry.updated):
            if value is not None:
                assert value.tzinfo is not None
                assert datetime(1970, 1, 1, tzinfo=UTC) < value <= after + timedelta(days=1)


def test_far_future_dates_clamp_to_now_and_ordinary_dates_are_kept() -> None:
    before = datetime.now(UTC)
    items = """
    <item><title>future</title><guid isPermaLink="false">f</guid>
      <pubDate>Sat, 01 Jan 2999 00:00:00 GMT</pubDate></item>
    <item><title>normal</title><guid isPermaLink="false">n</guid>
      <pubDate>Tue, 02 Jan 2024 09:04:05 +0600</pubDate></item>
    """
    entries = entries_by_title(parse_feed(rss_doc(items), FEED_URL))
    future = entries["future"].published
    assert future is not None and before <= future <= datetime.now(UTC)
    assert entries["normal"].published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


# --- things that are not feeds --------------------------------------------------------------
