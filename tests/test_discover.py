"""Feed discovery: which feeds a user is offered after pasting a web page's address."""

from __future__ import annotations

import codecs

import pytest

from reader.discover import (
    COMMON_FEED_PATHS,
    FoundFeed,
    find_feeds,
    guess_feed_urls,
    looks_like_feed,
)

PAGE = "https://news.example.kz/section/article.html?id=7"


def _page(head: str, body: str = "", charset: str = "utf-8") -> bytes:
    head = f"<!DOCTYPE html><html><head><meta charset='{charset}'>{head}</head>"
    return f"{head}<body>{body}</body></html>".encode(charset)


def test_every_declared_feed_type_is_found_in_document_order() -> None:
    html = _page(
        """
        <link rel="stylesheet" href="/style.css" type="text/css">
        <link rel="alternate" type="application/rss+xml" title="Все новости" href="/rss/all.xml">
        <link rel="alternate" hreflang="kk" type="text/html" href="https://kaz.news.example.kz/">
        <link rel="Alternate Feed" type="Application/Atom+XML; charset=utf-8" href="/atom.xml">
        <link rel="alternate" type="application/feed+json" title="JSON" href="/feed.json">
        <link rel="alternate" type="application/json" href="/v1/feed.json">
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/12">
        <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
        <link rel="nofollow" type="application/rss+xml" href="/not-alternate.rss">
        """
    )
    assert find_feeds(html, PAGE) == [
        FoundFeed("https://news.example.kz/rss/all.xml", "Все новости", "rss"),
        FoundFeed("https://news.example.kz/atom.xml", None, "atom"),
        FoundFeed("https://news.example.kz/feed.json", "JSON", "json"),
        FoundFeed("https://news.example.kz/v1/feed.json", None, "json"),
    ]


def test_relative_addresses_resolve_against_the_page() -> None:
    html = _page(
        """
        <link rel="alternate" type="application/rss+xml" href="feed.rss">
        <link rel="alternate" type="application/rss+xml" href="../up.rss">
        <link rel="alternate" type="application/rss+xml" href="//cdn.example.kz/cdn.rss">
        <link rel="alternate" type="application/rss+xml" href="  /spaced.rss#top  ">
        """
    )
    assert [f.url for f in find_feeds(html, PAGE)] == [
        "https://news.example.kz/section/feed.rss",
        "https://news.example.kz/up.rss",
        "https://cdn.example.kz/cdn.rss",
        "https://news.example.kz/spaced.rss",
    ]


def test_base_href_is_honoured_even_when_it_comes_after_the_links() -> None:
    html = _page(
        """
        <link rel="alternate" type="application/rss+xml" href="rss.xml">
        <base href="/mirror/">
        <base href="https://ignored.example/">
        """
    )
    assert [f.url for f in find_feeds(html, PAGE)] == ["https://news.example.kz/mirror/rss.xml"]


def test_a_javascript_base_is_ignored() -> None:
    html = _page(
        '<base href="javascript:alert(1)//"><link rel="alternate" '
        'type="application/rss+xml" href="rss.xml">'
    )
    assert [f.url for f in find_feeds(html, PAGE)] == ["https://news.example.kz/section/rss.xml"]


def test_only_web_addresses_come_out_and_each_only_once() -> None:
    html = _page(
        """
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
        <link rel="alternate" type="application/rss+xml" href="data:application/rss+xml,x">
        <link rel="alternate" type="application/rss+xml" href="feed://example.kz/rss">
        <link rel="alternate" type="application/rss+xml" title="Main" href="/rss">
        <link rel="alternate" type="application/atom+xml" title="Again" href="/rss">
        """,
        '<a href="https://news.example.kz/rss">RSS</a>',
    )
    assert find_feeds(html, PAGE) == [FoundFeed("https://news.example.kz/rss", "Main", "rss")]


def test_feed_looking_links_in_the_page_come_after_declared_feeds() -> None:
    html = _page(
        '<link rel="alternate" type="application/atom+xml" title="Declared" href="/declared">',
        """
        <a href="/about">About us</a>
        <a href="/news/feed/">  Лента
            новостей </a>
        <a href="/sitemap.xml">Sitemap</a>
        <a href="/export/news.rss"><img src="rss.png" alt=""></a>
        <a href="/atom.xml" title="Atom">Atom</a>
        <a href="https://other.example/feed.json">JSON Feed</a>
        <a href="mailto:editor@example.kz">Write to us</a>
        <a href="/rss">RSS
        """,
    )
    assert find_feeds(html, PAGE) == [
        FoundFeed("https://news.example.kz/declared", "Declared", "atom"),
        FoundFeed("https://news.example.kz/news/feed/", "Лента новостей", "rss"),
        FoundFeed("https://news.example.kz/export/news.rss", None, "rss"),
        FoundFeed("https://news.example.kz/atom.xml", "Atom", "atom"),
        FoundFeed("https://other.example/feed.json", "JSON Feed", "json"),
        FoundFeed("https://news.example.kz/rss", "RSS", "rss"),
    ]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_a_windows_1251_page_gives_readable_titles(meta: str) -> None:
    html = (
        f"<html><head>{meta}<link rel='alternate' type='application/rss+xml' "
        "title='Новости Казахстана' href='/rss'></head></html>"
    ).encode("windows-1251")
    assert find_feeds(html, PAGE)[0].title == "Новости Казахстана"


def test_a_latin1_page_is_read_as_windows_1252_like_browsers_do() -> None:
    html = (
        b"<meta charset=iso-8859-1>"
        b"<link rel=alternate type=application/rss+xml title='\x93Caf\xe9\x94' href=/rss>"
    )
    assert find_feeds(html, PAGE)[0].title == "“Café”"


def test_an_unknown_charset_falls_back_to_utf8_without_failing() -> None:
    html = (
        "<meta charset='no-such-charset'><link rel='alternate' type='application/rss+xml' "
        "title='Жаңалықтар \xff' href='/rss'>"
    ).encode() + b"\xff\xfe"
    assert find_feeds(html, PAGE)[0].title == "Жаңалықтар ÿ"


def test_broken_markup_keeps_the_feeds_found_before_it() -> None:
    html = b'<link rel="alternate" type="application/rss+xml" href="/rss"><![ broken'
    assert [f.url for f in find_feeds(html, PAGE)] == ["https://news.example.kz/rss"]


def test_a_page_without_feeds_gives_nothing_and_common_paths_can_be_tried() -> None:
    assert find_feeds(_page("<title>No feeds</title>", "<p>Hello</p>"), PAGE) == []
    guesses = guess_feed_urls(PAGE)
    assert guesses[0] == "https://news.example.kz/feed"
    assert len(guesses) == len(COMMON_FEED_PATHS)
    assert all(url.startswith("https://news.example.kz/") for url in guesses)
    assert guess_feed_urls("javascript:alert(1)") == []


RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel/></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
RDF = (
    b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>'
)
JSON_FEED = b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}'
PREAMBLE = (
    b'\xef\xbb\xbf \r\n<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl" type="text/xsl"?>\n'
    b'<!-- generated by a CMS -->\n<!DOCTYPE rss [<!ENTITY copy "&#169;">]>\n'
)


@pytest.mark.parametrize(
    "body",
    [
        RSS,
        ATOM,
        RDF,
        JSON_FEED,
        PREAMBLE + b'<rss version="0.91"><channel/></rss>',
        b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>',
        codecs.BOM_UTF16_LE + RSS.decode().encode("utf-16-le"),
        RSS.decode().encode("utf-16-be"),
        b' \n{"title": "x",\n "version" : "https:\\/\\/jsonfeed.org\\/version\\/1"}',
    ],
)
def test_feeds_are_recognised_whatever_the_server_says(body: bytes) -> None:
    assert looks_like_feed(body, None)
    assert looks_like_feed(body, "text/html; charset=utf-8")


HTML = b"<!DOCTYPE html>\n<html><head><title>About <rss> feeds</title></head></html>"


@pytest.mark.parametrize(
    "body",
    [
        HTML,
        b"<html><body><pre>&lt;rss version='2.0'&gt;</pre><rss></rss></body></html>",
        b'<?xml version="1.0"?><opml version="2.0"><body/></opml>',
        b'<?xml version="1.0"?><feedback/>',
        b'{"version": "1.0", "items": []}',
        b"",
        b"<!-- a comment that never ends <rss>",
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_other_documents_are_not_taken_for_feeds(body: bytes) -> None:
    assert not looks_like_feed(body, None)
    assert not looks_like_feed(body, "text/html")


def test_a_feed_content_type_is_trusted_only_for_a_body_shaped_like_a_feed() -> None:
    late_version = b'{"title": "x", "items": [' + b'{"id": "1"},' * 500 + b'{"id": "2"}]}'
    assert looks_like_feed(late_version, "application/feed+json")
    assert not looks_like_feed(late_version, "application/json")
    assert not looks_like_feed(HTML, "application/rss+xml")
    assert not looks_like_feed(b"Not Found", "application/atom+xml")
    assert not looks_like_feed(HTML, "text/html")


def test_feed_content_types_with_an_unusual_root_still_count() -> None:
    assert looks_like_feed(b"<channel><title>Broken RSS</title></channel>", "application/rss+xml")
