"""The local FeedServer behaves the way the rest of the suite relies on."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from email.utils import formatdate

import aiohttp
import pytest

from tests.feedserver import FeedServer, feedparser_test_headers
from tests.paths import CONFORMANCE_FEEDS, HOSTILE_FEEDS, REAL_FEEDS

BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


def _conn(server: FeedServer, timeout: float = 5.0) -> http.client.HTTPConnection:
    host, port = server.base_url.removeprefix("http://").split(":")
    return http.client.HTTPConnection(host, int(port), timeout=timeout)


def _get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    return resp.status, resp.headers, resp.read()


def test_fixture_lists_are_populated() -> None:
    assert len(REAL_FEEDS) >= 34
    assert any(p.name == "encoding_WINDOWS-1251.xml" for p in REAL_FEEDS)
    assert any(p.name == "iconv.xml" for p in REAL_FEEDS)
    assert HOSTILE_FEEDS
    assert CONFORMANCE_FEEDS
    assert not any("feeder" in p.parts for p in REAL_FEEDS)  # GPL-3.0, excluded


def test_serves_body_with_validators_and_404(feed_server: FeedServer) -> None:
    url = feed_server.add("/feed.xml", BODY)
    assert url == feed_server.base_url + "/feed.xml"
    assert feed_server.base_url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.read() == BODY
        assert resp.headers["Content-Type"] == "application/rss+xml"
        assert resp.headers["ETag"].startswith('"') and len(resp.headers["ETag"]) == 42
        assert resp.headers["Last-Modified"].endswith("GMT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(feed_server.url("/nope"), timeout=5)
    assert err.value.code == 404
    err.value.close()
    assert feed_server.hits("/feed.xml") == 1
    assert feed_server.hits("/nope") == 1


def test_conditional_get_and_set_body(feed_server: FeedServer) -> None:
    feed_server.add("/f", BODY)
    conn = _conn(feed_server)
    status, headers, _ = _get(conn, "/f")
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert _get(conn, "/f", {"If-None-Match": etag})[0] == 304
    assert _get(conn, "/f", {"If-Modified-Since": modified})[0] == 304
    assert _get(conn, "/f", {"If-Modified-Since": formatdate(usegmt=True)})[0] == 304
    assert _get(conn, "/f", {"If-None-Match": '"other"'})[0] == 200

    feed_server.set_body("/f", BODY + b"<!-- v2 -->")
    status, headers, body = _get(conn, "/f", {"If-None-Match": etag})
    assert status == 200 and body.endswith(b"v2 -->")
    assert headers["ETag"] != etag and headers["Last-Modified"] != modified
    assert _get(conn, "/f", {"If-Modified-Since": modified})[0] == 200
    conn.close()


def test_validators_can_be_disabled(feed_server: FeedServer) -> None:
    feed_server.add("/plain", BODY, etag=False, last_modified=False, headers={"X-A": "1"})
    conn = _conn(feed_server)
    status, headers, _ = _get(conn, "/plain", {"If-None-Match": "*"})
    assert status == 200 and "ETag" not in headers and "Last-Modified" not in headers
    assert headers["X-A"] == "1"
    conn.close()


def test_keep_alive_reuses_one_connection(feed_server: FeedServer) -> None:
    feed_server.add("/a", BODY)
    feed_server.add("/b", BODY * 3)
    conn = _conn(feed_server)
    for path in ["/a", "/b", "/a", "/missing", "/b"]:
        _get(conn, path)
    conn.close()
    assert feed_server.connections_opened == 1
    assert len({r.client_port for r in feed_server.requests}) == 1


def test_many_concurrent_connections(feed_server: FeedServer) -> None:
    feed_server.add("/c", BODY)
    feed_server.latency(0.3)  # keep every connection open long enough to overlap

    async def main() -> list[int]:
        conn = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=conn) as session:

            async def one() -> int:
                async with session.get(feed_server.url("/c")) as resp:
                    await resp.read()
                    return resp.status

            return await asyncio.gather(*(one() for _ in range(40)))

    assert asyncio.run(main()) == [200] * 40
    assert feed_server.max_concurrent_connections >= 30
    assert feed_server.connections_opened == 40


def test_gzip_when_accepted(feed_server: FeedServer) -> None:
    feed_server.add("/z", BODY * 50, gzip=True)
    conn = _conn(feed_server)
    _, headers, raw = _get(conn, "/z", {"Accept-Encoding": "gzip, deflate"})
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(raw) == BODY * 50
    _, headers, raw = _get(conn, "/z", {"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in headers and raw == BODY * 50
    conn.close()


def test_redirects(feed_server: FeedServer) -> None:
    feed_server.add("/new", BODY)
    url = feed_server.redirect("/old", "/new")
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.url == feed_server.url("/new") and resp.read() == BODY
    conn = _conn(feed_server)
    assert _get(conn, "/old")[0] == 301
    feed_server.redirect_loop("/loop")
    status, headers, _ = _get(conn, "/loop")
    assert (status, headers["Location"]) == (302, "/loop?n=1")
    assert _get(conn, "/loop?n=7")[1]["Location"] == "/loop?n=8"
    feed_server.redirect_loop("/ping", cycle=True)
    assert _get(conn, "/ping")[1]["Location"] == "/ping-b"
    assert _get(conn, "/ping-b")[1]["Location"] == "/ping"
    conn.close()
    with pytest.raises(urllib.error.HTTPError) as err:  # urllib gives up after 10 hops
        urllib.request.urlopen(feed_server.url("/loop"), timeout=5)
    err.value.close()
    assert feed_server.hits("/loop") > 5


def test_status_with_headers_and_html(feed_server: FeedServer) -> None:
    feed_server.status("/busy", 429, {"Retry-After": "120"})
    feed_server.status("/gone", 410, body=b"gone")
    feed_server.html_page("/page", "<html><link rel=alternate href=/f></html>")
    conn = _conn(feed_server)
    status, headers, _ = _get(conn, "/busy")
    assert (status, headers["Retry-After"]) == (429, "120")
    assert _get(conn, "/gone")[::2] == (410, b"gone")
    status, headers, body = _get(conn, "/page")
    assert headers["Content-Type"] == "text/html; charset=utf-8" and b"alternate" in body
    conn.close()


def test_gzip_bomb(feed_server: FeedServer) -> None:
    url = feed_server.gzip_bomb("/bomb")
    with urllib.request.urlopen(url, timeout=5) as resp:  # urllib does not decode: raw bytes
        assert resp.headers["Content-Encoding"] == "gzip"
        assert resp.headers["Content-Type"] == "application/rss+xml"
        raw = resp.read()
    assert len(raw) == int(resp.headers["Content-Length"]) < 1_000_000
    dec, total, view = zlib.decompressobj(31), 0, raw
    while view:  # bounded-memory decode, exactly what a careful client must do
        total += len(dec.decompress(view, 2**20))
        view = dec.unconsumed_tail
    assert total == 200 * 2**20


def test_reset_mid_body(feed_server: FeedServer) -> None:
    url = feed_server.reset_mid_body("/rst", BODY * 100, after=100)
    with (
        pytest.raises((http.client.IncompleteRead, ConnectionResetError)),
        urllib.request.urlopen(url, timeout=5) as resp,
    ):
        resp.read()


def test_slow_drips(feed_server: FeedServer) -> None:
    url = feed_server.slow("/slow", b"0123456789", seconds_per_byte=0.05)
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.headers["Content-Length"] == "10"
        assert resp.read() == b"0123456789"
    assert time.monotonic() - start >= 0.45
    url = feed_server.slow("/slower", b"ab", seconds_per_byte=1.0)
    with pytest.raises(TimeoutError), urllib.request.urlopen(url, timeout=0.2) as resp:
        resp.read()  # a read timeout shorter than the drip interval fires


def test_stop_is_prompt_with_requests_in_flight() -> None:
    server = FeedServer()
    server.start()
    server.hang("/hang")
    server.slow("/slow", b"x" * 1000, seconds_per_byte=1.0)
    errors: list[BaseException] = []

    def fetch(path: str) -> None:
        try:
            with urllib.request.urlopen(server.url(path), timeout=30) as resp:
                resp.read()
        except Exception as exc:  # the point is that it ends, not how
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(p,)) for p in ("/hang", "/slow")]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while server.hits("/hang") + server.hits("/slow") < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 2.5
    for t in threads:
        t.join(5)
        assert not t.is_alive()
    assert len(errors) == 2
    with pytest.raises(OSError):  # listening socket is gone
        socket.create_connection(("127.0.0.1", int(server.base_url.rsplit(":", 1)[1])), 1)


def test_latency_and_request_log(feed_server: FeedServer) -> None:
    feed_server.add("/l", BODY)
    feed_server.latency(0.2)
    start = time.monotonic()
    with urllib.request.urlopen(
        urllib.request.Request(feed_server.url("/l?x=1"), headers={"User-Agent": "Kabar/t"}),
        timeout=5,
    ) as resp:
        resp.read()
    assert time.monotonic() - start >= 0.2
    (req,) = feed_server.requests
    assert (req.method, req.path) == ("GET", "/l?x=1")
    assert req.header("user-agent") == "Kabar/t" and req.header("X-None") is None
    assert feed_server.hits("/l") == 1 and feed_server.hits("/l?x=1") == 1


def test_feedparser_test_headers() -> None:
    data = b"<!--\nHeader:      Content-type: text/xml; charset=koi8-r\nExpect: bozo\n-->"
    assert feedparser_test_headers(data) == {"Content-type": "text/xml; charset=koi8-r"}
    assert feedparser_test_headers(BODY) == {}
