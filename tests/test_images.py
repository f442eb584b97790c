"""The image cache: finding image URLs, downloading them over real sockets, refusing hostile
files, reading them back with the server gone, eviction, and crash safety."""

from __future__ import annotations

import asyncio
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.fetch import FetchLimits
from reader.image_check import MAX_IMAGE_BYTES, ImageRefused, raster_size, sniff_image
from reader.image_fetch import fetch_images
from reader.images import (
    RETRY_FAILED_AFTER,
    ImageCache,
    ImageReport,
    image_urls,
    url_key,
)
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parent.parent


def png(width: int = 3, height: int = 2, claimed: tuple[int, int] | None = None) -> bytes:
    """A valid RGB PNG (Qt decodes it); `claimed` puts other dimensions in the header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    w, h = claimed or (width, height)
    rows = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


def gif() -> bytes:
    """A valid 1x1 white GIF."""
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
            b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")  # fmt: skip


def jpeg() -> bytes:
    """A valid 8x8 mid-grey baseline JPEG: one block, DC difference 0, then end of block."""

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15) + b"\x00"  # a single 1-bit Huffman code, for symbol 0
    return (b"\xff\xd8" + segment(0xDB, b"\x00" + bytes([1] * 64))
            + segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code + b"\x10" + one_code)
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f\xff\xd9")  # fmt: skip


SVG_CLEAN = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" '
             b'height="20"><defs><linearGradient id="g"/></defs>'
             b'<rect width="40" height="20" fill="url(#g)"/></svg>')  # fmt: skip
HOSTILE_SVG = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "onload": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "href": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<image x:href="http://tracker.example/p.png"/></svg>',
    "foreign": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
    "css": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://x/a.css";</style></svg>',
    "entity": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    "huge": b'<svg xmlns="http://www.w3.org/2000/svg" width="90000" height="90000"/>',
    "system": b'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>',
}
W3C_SVG = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
           b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10"/>')  # fmt: skip


def run_fetch(cache: ImageCache, urls: list[str], **kw: Any) -> ImageReport:
    """fetch_images for the test server's images (it is on 127.0.0.1, a private address)."""
    return asyncio.run(fetch_images(cache, urls, allow_private=True, **kw))


def test_image_urls_in_order_without_trackers_or_inline_images() -> None:
    html = """<p><img src="/a.png?x=1&amp;y=2"><img src="data:image/png;base64,AAAA">
    <img src="https://cdn.example/b.jpg" srcset="https://cdn.example/b-2x.jpg 2x">
    <img src="https://t.example/p.gif" width="1" height="1"><img src="https://pixel.wp.com/g.gif">
    <img src="https://0.gravatar.com/avatar/abc?s=96"><img src="/a.png?x=1&y=2">
    <img srcset="/s-400.jpg 400w, /s-1200.jpg 1200w, /s-3000.jpg 3000w">
    <picture><source srcset="/p.webp"><img src="/p.jpg"></picture>
    <picture><source srcset="/only.avif 1x, /only-2x.avif 2x"></picture>
    <video poster="/poster.jpg"></video><img src="javascript:alert(1)"><img src="ftp://x/y.png">"""
    assert image_urls(html, "https://news.example/story/1") == [
        "https://news.example/a.png?x=1&y=2", "https://cdn.example/b.jpg",
        "https://news.example/s-1200.jpg", "https://news.example/p.jpg",
        "https://news.example/only-2x.avif", "https://news.example/poster.jpg",
    ]  # fmt: skip
    assert image_urls('<img src="rel.png">', None) == []  # nothing to resolve it against


def test_srcset_candidates_may_have_commas_in_their_urls() -> None:
    cdn = "https://c.example/c_fill,w_"
    html = f'<img srcset="{cdn}400/a.jpg 400w, {cdn}800/a.jpg 800w">'
    assert image_urls(html, None) == [f"{cdn}800/a.jpg"]
    html = '<img srcset="https://c.example/a.jpg, https://c.example/b.jpg 2x">'
    assert image_urls(html, None) == ["https://c.example/b.jpg"]


def test_url_key_matches_what_qt_asks_for() -> None:
    # QTextDocument hands loadResource a decoded, lower-cased form of the HTML's src.
    stored = "http://Example.COM:80/a%20b/%D0%9F.png?q=%D1%8F#top"
    assert url_key(stored) == url_key("http://example.com/a b/П.png?q=я")


def test_types_are_sniffed_from_bytes_not_names() -> None:
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + bytes(8) + b"\x1f\x00\x00\x0f\x00\x00"
    bmp = b"BM" + bytes(12) + struct.pack("<Iii", 40, 5, -7) + bytes(8)
    ico = b"\x00\x00\x01\x00\x01\x00" + bytes([16, 16]) + bytes(10) + struct.pack("<I", 22)
    ispe = b"ispe" + bytes(4) + struct.pack(">II", 9, 4)
    avif = struct.pack(">I", 20) + b"ftypavif" + bytes(8) + ispe
    cases = {png(): ("image/png", (3, 2)), jpeg(): ("image/jpeg", (8, 8)),
             gif(): ("image/gif", (1, 1)), webp: ("image/webp", (32, 16)),
             bmp: ("image/bmp", (5, 7)), ico: ("image/x-icon", (16, 16)),
             avif: ("image/avif", (9, 4))}  # fmt: skip
    for data, (mime, size) in cases.items():
        assert sniff_image(data) == mime
        assert raster_size(data, mime) == size
    assert sniff_image(b"\xef\xbb\xbf  <!-- logo --><svg/>") == "image/svg+xml"
    for junk in (b"<!DOCTYPE html><html><svg/></html>", b"%PDF-1.4", b"", b"GIF8"):
        assert sniff_image(junk) is None


def test_images_are_cached_and_shown_after_the_server_is_gone(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    bodies = {"/a.png": png(), "/b.jpg": jpeg(), "/c.gif": gif(), "/d.svg": SVG_CLEAN,
              "/e.svg": W3C_SVG}  # fmt: skip
    # Content types lie on purpose: only the bytes decide.
    urls = [feed_server.add(path, body, "application/x-lie") for path, body in bodies.items()]
    html = "".join(f'<img src="{path}">' for path in bodies)
    assert image_urls(html, feed_server.url("/story")) == urls
    report = run_fetch(ImageCache(tmp_path), [*urls, urls[0]])
    assert not report.failures and len(report.stored) == len(bodies)
    feed_server.stop()

    cache = ImageCache(tmp_path)  # a new session: the index persisted
    for url, body in zip(urls, bodies.values(), strict=True):
        path = cache.path_for(url)
        assert path is not None and path.read_bytes() == body
        assert path.parent.parent == tmp_path / "images" and path.parent.name == path.name[:2]
    assert cache.size() == sum(map(len, bodies.values()))
    again = run_fetch(cache, urls)  # nothing to do, and the network is not touched
    assert again.skipped == len(bodies) and not again.failures


def test_hostile_images_are_refused_and_not_retried_at_once(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    bad = {
        "/huge.png": png() + bytes(MAX_IMAGE_BYTES),
        "/bomb.png": png(claimed=(60000, 60000)),
        "/page.png": b"<!DOCTYPE html><html><body>Not found</body></html>",
        **{f"/{name}.svg": body for name, body in HOSTILE_SVG.items()},
    }
    urls = [feed_server.add(path, body, "image/png") for path, body in bad.items()]
    urls.append(feed_server.status("/gone.png", 404))
    clock = [1_000_000.0]
    cache = ImageCache(tmp_path, clock=lambda: clock[0])
    report = run_fetch(cache, urls)
    assert set(report.failures) == set(urls) and not report.stored
    reasons = report.failures
    assert "larger than 8 MB" in reasons[urls[0]]
    assert "60000x60000" in reasons[urls[1]]
    assert "not an image" in reasons[urls[2]]
    assert "HTTP 404" in reasons[urls[-1]]
    assert cache.size() == 0 and not list((tmp_path / "images").glob("??/*"))

    hits = len(feed_server.requests)
    assert run_fetch(cache, urls).skipped == len(urls)
    assert len(feed_server.requests) == hits
    clock[0] += RETRY_FAILED_AFTER + 1  # a few days later the server may have been fixed
    feed_server.add("/page.png", png(), "image/png")
    retried = run_fetch(cache, urls)
    assert [image.url for image in retried.stored] == [urls[2]]
    assert cache.failure(urls[2]) is None and cache.failure(urls[0]) is not None


def test_network_trouble_is_retried_at_the_next_sync(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.status("/busy.png", 503)
    cache = ImageCache(tmp_path)
    assert "HTTP 503" in run_fetch(cache, [url]).failures[url]
    feed_server.add("/busy.png", png(), "image/png")
    assert [image.url for image in run_fetch(cache, [url]).stored] == [url]


def test_a_silent_server_is_asked_for_one_picture_per_slot_not_for_all(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    with FeedServer() as dead_cdn:  # answers nothing, like a CDN behind a dead network
        silent = [dead_cdn.hang(f"/img/{n}.jpg") for n in range(40)]
        good = [feed_server.add(f"/ok/{n}.png", png(n + 1, 1), "image/png") for n in range(3)]
        limits = FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=2)
        started = time.monotonic()
        report = run_fetch(ImageCache(tmp_path), [*silent, *good], limits=limits)
        took = time.monotonic() - started
        asked = len(dead_cdn.requests)
    assert sorted(image.url for image in report.stored) == sorted(good)  # others unaffected
    assert asked <= 2 and took < 6  # 40 pictures × 2 s, were each asked for
    assert all("did not answer" in report.failures[url] for url in silent)


def test_store_refuses_directly_too(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path)
    for data in (png(claimed=(20000, 10)), b"GIF89a", jpeg()[:20], *HOSTILE_SVG.values()):
        with pytest.raises(ImageRefused):
            cache.store("https://x.example/i", data)
    assert cache.path_for("https://x.example/i") is None


def test_tracking_pixels_and_private_addresses_are_never_requested(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    pixel = feed_server.add("/pixel.gif", gif(), "image/gif")
    photo = feed_server.add("/photo.png", png(), "image/png")
    html = f'<img src="{pixel}" width="1" height="1"><img src="{photo}">'
    urls = image_urls(html, None)
    assert urls == [photo]
    report = asyncio.run(fetch_images(ImageCache(tmp_path), urls))  # a public feed's images
    assert "private network" in report.failures[photo]
    assert feed_server.requests == []


def test_should_stop_ends_the_downloads(feed_server: FeedServer, tmp_path: Path) -> None:
    urls = [feed_server.add(f"/{n}.png", png(n + 1, 1), "image/png") for n in range(6)]
    progress: list[tuple[int, int]] = []
    report = run_fetch(
        ImageCache(tmp_path), urls, connections=1, per_host=1,
        should_stop=lambda: len(progress) >= 2, on_progress=lambda *p: progress.append(p),
    )  # fmt: skip
    assert progress == [(1, 6), (2, 6)] and report.stopped
    assert len(feed_server.requests) == 2


def test_eviction_frees_least_recently_used_and_keeps_starred(tmp_path: Path) -> None:
    clock = [0.0]
    cache = ImageCache(tmp_path, clock=lambda: clock[0])
    images = {}
    for n in range(5):
        clock[0] += 1
        images[n] = cache.store(f"https://x.example/{n}.png", png(n + 1, 1))
    cache.store("https://mirror.example/4.png", png(5, 1))  # same bytes: one file, two URLs
    clock[0] += 1
    cache.touch("https://x.example/0.png")  # just viewed: now the most recent
    starred = {"https://x.example/1.png"}
    budget = cache.size() - images[2].size - images[3].size
    freed = cache.evict(budget, keep=lambda url: url in starred)
    assert freed == images[2].size + images[3].size
    gone = [n for n in range(5) if cache.path_for(f"https://x.example/{n}.png") is None]
    assert gone == [2, 3] and not images[2].path.exists()
    assert cache.evict(0, keep=lambda url: url in starred) == images[0].size + images[4].size
    assert cache.path_for("https://x.example/1.png") == images[1].path
    assert cache.size() == images[1].size


def test_concurrent_stores_of_one_url_are_safe(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path)
    url, bodies = "https://x.example/a.png", [png(n % 3 + 1, 2) for n in range(24)]
    errors: list[BaseException] = []

    def store(body: bytes) -> None:
        try:
            ImageCache(tmp_path).store(url, body)  # a cache per thread, like separate windows
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=store, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    found = cache.get(url)
    assert found is not None and found.path.read_bytes() in bodies
    files = sorted(p.name for p in (tmp_path / "images").glob("??/*"))
    assert len(files) == 3 and not any(name.startswith(".") for name in files)


def test_a_killed_store_never_leaves_a_cached_image(tmp_path: Path) -> None:
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import reader.images as images\n"
        "images.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "cache = images.ImageCache(Path(sys.argv[1]))\n"
        "cache.store('https://x.example/a.png', bytes.fromhex(sys.argv[2]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path), png().hex()], cwd=ROOT)
    assert result.returncode == -signal.SIGKILL
    cache = ImageCache(tmp_path)
    (leftover,) = (tmp_path / "images").glob("??/*")  # the whole temp file, never renamed
    assert leftover.name.startswith(".part-")
    assert cache.path_for("https://x.example/a.png") is None and cache.size() == 0
    assert cache.sweep() == 0  # young leftovers may belong to a running store
    os.utime(leftover, (0, 0))
    assert cache.sweep() == 1 and not leftover.exists()
    assert cache.store("https://x.example/a.png", png()).path.read_bytes() == png()


def test_a_damaged_index_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "index.sqlite3").write_bytes(b"not a database at all" * 100)
    cache = ImageCache(tmp_path)
    assert cache.store("https://x.example/g.gif", gif()).mime == "image/gif"


def test_cache_dir_lives_in_a_chosen_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    assert paths.cache_dir(tmp_path / "archive") == tmp_path / "archive" / "cache"
    assert "Kabar" in str(paths.cache_dir()) and paths.cache_dir() != paths.data_dir() / "cache"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "env"))
    assert paths.cache_dir() == tmp_path / "env" / "cache"
