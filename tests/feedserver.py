"""A real HTTP/1.1 feed server on 127.0.0.1 for the test suite.

Tests exercise the real fetcher against real sockets instead of mocks, so behaviours such as
keep-alive reuse, conditional GET, redirects, slow or broken peers and decompression bombs are
checked end to end. Everything runs on the loopback interface; nothing touches the network.

Usage: ``with FeedServer() as srv: url = srv.add("/f.xml", body); ...; srv.hits("/f.xml")``.
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module  # `gzip` is a parameter name of add()
import hashlib
import re
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FeedServer", "Request", "feedparser_test_headers"]

_CONTENT_TYPES = {
    ".json": "application/feed+json",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
    ".htm": "text/html",
}

# Building a 200 MiB bomb costs ~0.5 s; tests may ask for it many times, so keep one per size.
_BOMBS: dict[int, bytes] = {}
_BOMBS_LOCK = threading.Lock()


def _gzip_of_zeros(size: int) -> bytes:
    """Gzip stream of `size` zero bytes, built in 1 MiB chunks to avoid a huge allocation."""
    with _BOMBS_LOCK:
        if size not in _BOMBS:
            comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31 = gzip container
            chunk = bytes(min(size, 2**20))
            parts, left = [], size
            while left > 0:
                parts.append(comp.compress(chunk[: min(left, len(chunk))]))
                left -= len(chunk)
            parts.append(comp.flush())
            _BOMBS[size] = b"".join(parts)
        return _BOMBS[size]


def feedparser_test_headers(data: bytes) -> dict[str, str]:
    """Parse the `Header: Name: value` lines of a feedparser conformance test file.

    Those files expect the headers to be sent as HTTP response headers (mostly Content-type
    with a charset). Only works for ASCII-compatible files; returns {} when there are none.
    """
    text = data[:4096].decode("latin-1")
    return {
        m.group(1).strip(): m.group(2).strip()
        for m in re.finditer(r"^Header:\s+([^:]+):(.*)$", text, re.MULTILINE)
    }


@dataclass(frozen=True)
class Request:
    """One request as received: raw target (path + query), headers, monotonic arrival time."""

    method: str
    path: str
    headers: dict[str, str]
    time: float
    client_port: int = 0  # distinguishes connections: same port = same (reused) connection

    def header(self, name: str, default: str | None = None) -> str | None:
        """Case-insensitive header lookup (HTTP header names are case-insensitive)."""
        found = (v for k, v in self.headers.items() if k.lower() == name.lower())
        return next(found, default)


@dataclass
class _Resource:
    """A body served with validators; `set_body` swaps it for a new version."""

    body: bytes
    content_type: str
    headers: dict[str, str]
    etag: bool
    last_modified: bool
    gzip: bool
    modified: int = 0  # epoch seconds, strictly increasing per version
    gzipped: bytes = b""
    tag: str = field(init=False, default="")

    def refresh(self, modified: int) -> None:
        self.modified = modified
        self.tag = '"' + hashlib.sha1(self.body).hexdigest() + '"'
        self.gzipped = gzip_module.compress(self.body, mtime=0) if self.gzip else b""


def _accepts_gzip(value: str | None) -> bool:
    for part in (value or "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() in ("gzip", "x-gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _etag_matches(header: str, tag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): ignore the W/ prefix on either side.
    wanted = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == wanted for t in header.split(","))


_Route = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    """Routes each request to the owning FeedServer; HTTP/1.1 so keep-alive works."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.owner._dispatch(self)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass  # stderr noise per request would drown pytest output

    def send(self, code: int, headers: dict[str, str], body: bytes = b"") -> None:
        """Send a complete response; Content-Length always set so the connection stays usable."""
        self.send_response(code)
        lower = {k.lower() for k in headers}
        for key, value in headers.items():
            self.send_header(key, value)
        if code != 304 and "content-length" not in lower:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code != 304:
            self.wfile.write(body)

    def start_body(self, length: int) -> None:
        """Status line and headers announcing `length` bytes of RSS; the caller sends them."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(length))
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # FeedServer.stop() joins with a deadline instead of forever
    request_queue_size = 1024  # default 5 drops SYNs under many concurrent connects

    def __init__(self, owner: FeedServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.owner._opened(request)
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self.owner._threads.append(thread)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.owner._closed(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up and stop() aborting sockets are normal in these tests.
        if isinstance(sys.exc_info()[1], OSError | ValueError):
            return
        super().handle_error(request, client_address)


class FeedServer:
    """Threaded HTTP/1.1 server on 127.0.0.1 with scriptable per-path behaviours."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        """`tls`: (certificate, key) PEM files: serve HTTPS with them (e.g. self-signed)."""
        self._tls = tls
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._routes: dict[str, _Route] = {}
        self._resources: dict[str, _Resource] = {}
        self._requests: list[Request] = []
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._latency = 0.0
        self._open = 0
        self._last_modified = 0  # see _next_modified
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self.max_concurrent_connections = 0
        self.connections_opened = 0

    # ---- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Bind an OS-chosen port on 127.0.0.1 and serve in a daemon thread."""
        self._stopping.clear()  # allow start() again after stop()
        self._server = _Server(self)
        scheme = "http"
        if self._tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self._tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            scheme = "https"
        self.base_url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop promptly, even with hanging/slow handlers: their sockets are shut down."""
        if self._server is None:
            return
        self._stopping.set()  # wakes hang/slow/latency waits
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _abort(sock)
        deadline = time.monotonic() + 2.0  # bounded: daemon threads may be abandoned
        for thread in [self._thread, *self._threads]:
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        self._server = None

    def __enter__(self) -> FeedServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ---- introspection -----------------------------------------------------------------
    def url(self, path: str) -> str:
        """Absolute URL for `path` on this server."""
        return self.base_url + _norm(path)

    @property
    def requests(self) -> list[Request]:
        """Snapshot (copy) of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def hits(self, path: str) -> int:
        """Number of requests for `path`; the query string is ignored unless `path` has one."""
        path = _norm(path)
        with self._lock:
            if "?" in path:
                return sum(r.path == path for r in self._requests)
            return sum(r.path.split("?", 1)[0] == path for r in self._requests)

    def latency(self, seconds: float) -> None:
        """Delay every following response by `seconds` (0 disables)."""
        self._latency = seconds

    # ---- behaviours ----------------------------------------------------------------------
    def add(
        self,
        path: str,
        body: bytes,
        content_type: str = "application/rss+xml",
        headers: dict[str, str] | None = None,
        *,
        etag: bool = True,
        last_modified: bool = True,
        gzip: bool = False,
    ) -> str:
        """Serve `body` with ETag/Last-Modified validators, 304s and optional gzip.

        `headers` are sent as given and override the defaults (e.g. a Content-Type with charset).
        """
        path = _norm(path)
        res = _Resource(body, content_type, dict(headers or {}), etag, last_modified, gzip)
        res.refresh(self._next_modified())
        with self._lock:
            self._resources[path] = res
        self._routes[path] = lambda h: self._serve_resource(h, res)
        return self.url(path)

    def add_file(self, path: str, file: Path, content_type: str | None = None, **kw: Any) -> str:
        """`add` with the bytes of `file`; type guessed from its extension when not given."""
        ctype = content_type or _CONTENT_TYPES.get(file.suffix.lower(), "application/rss+xml")
        return self.add(path, file.read_bytes(), ctype, **kw)

    def set_body(self, path: str, body: bytes) -> None:
        """Replace the body of an `add`ed path: new ETag and a later Last-Modified."""
        with self._lock:
            res = self._resources[_norm(path)]
        modified = self._next_modified()
        with self._lock:
            res.body = body
            res.refresh(modified)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        """Redirect `path` to `to` (a path or absolute URL, sent verbatim as Location)."""
        self._routes[_norm(path)] = lambda h: h.send(status, {"Location": to})
        return self.url(path)

    def redirect_loop(self, path: str, cycle: bool = False) -> str:
        """Endless redirects: path -> path?n=1 -> path?n=2 ... or, with `cycle`, path <-> path-b."""
        path = _norm(path)
        if cycle:
            self.redirect(path, path + "-b", 302)
            self.redirect(path + "-b", path, 302)
            return self.url(path)

        def route(h: _Handler) -> None:
            n = int(parse_qs(urlsplit(h.path).query).get("n", ["0"])[0])
            h.send(302, {"Location": f"{path}?n={n + 1}"})

        self._routes[path] = route
        return self.url(path)

    def status(
        self, path: str, code: int, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> str:
        """Always answer `code` (410, 429 + Retry-After, 500, 503, ...) with `headers`/`body`."""
        hdrs = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        self._routes[_norm(path)] = lambda h: h.send(code, hdrs, body)
        return self.url(path)

    def html_page(self, path: str, html: str) -> str:
        """Serve an HTML page (e.g. for feed autodiscovery or 'not a feed' errors)."""
        return self.add(path, html.encode("utf-8"), "text/html; charset=utf-8")

    def slow(self, path: str, body: bytes, seconds_per_byte: float) -> str:
        """Send the full Content-Length, then drip the body one byte at a time."""

        def route(h: _Handler) -> None:
            h.start_body(len(body))
            for i in range(len(body)):
                if self._stopping.wait(seconds_per_byte):
                    h.close_connection = True
                    return
                h.wfile.write(body[i : i + 1])

        self._routes[_norm(path)] = route
        return self.url(path)

    def reset_mid_body(self, path: str, body: bytes, after: int, reset: bool = True) -> str:
        """Promise len(body) bytes, send `after` of them, then RST (or FIN) the connection."""

        def route(h: _Handler) -> None:
            h.start_body(len(body))
            h.wfile.write(body[:after])
            h.close_connection = True
            if reset:  # SO_LINGER (on, 0 s) makes close() send RST instead of a graceful FIN.
                linger = struct.pack("ii", 1, 0)
                h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            h.rfile.close()  # drop makefile's reference so close() really closes the fd
            h.connection.close()

        self._routes[_norm(path)] = route
        return self.url(path)

    def overlong(self, path: str, body: bytes, extra: bytes, pause: float = 0.0) -> str:
        """Promise len(body) bytes, send body (+ `pause` s) + extra, keep the connection open."""

        def route(h: _Handler) -> None:
            h.start_body(len(body))
            h.wfile.write(body if pause else body + extra)
            if pause and not self._stopping.wait(pause):
                h.wfile.write(extra)

        self._routes[_norm(path)] = route
        return self.url(path)

    def gzip_bomb(self, path: str, decoded_size: int = 200 * 2**20) -> str:
        """Serve gzip of `decoded_size` zero bytes as Content-Encoding: gzip RSS."""
        bomb = _gzip_of_zeros(decoded_size)
        hdrs = {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        self._routes[_norm(path)] = lambda h: h.send(200, hdrs, bomb)
        return self.url(path)

    def hang(self, path: str) -> str:
        """Read the request and never answer (until stop())."""

        def route(h: _Handler) -> None:
            self._stopping.wait()
            h.close_connection = True

        self._routes[_norm(path)] = route
        return self.url(path)

    # ---- internals -----------------------------------------------------------------------
    def _next_modified(self) -> int:
        # HTTP dates have 1 s resolution: each version needs a later second, or the old
        # version's If-Modified-Since would match the new one. Starting an hour in the past
        # keeps even many quick set_body calls from claiming a future modification time.
        with self._lock:
            self._last_modified = max(int(time.time()) - 3600, self._last_modified + 1)
            return self._last_modified

    def _opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)
            self.connections_opened += 1
            self._open += 1
            self.max_concurrent_connections = max(self.max_concurrent_connections, self._open)
            stopping = self._stopping.is_set()
        if stopping:
            _abort(sock)

    def _closed(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
            self._open -= 1

    def _dispatch(self, h: _Handler) -> None:
        target = h.path
        req = Request(
            h.command, target, dict(h.headers.items()), time.monotonic(), h.client_address[1]
        )
        with self._lock:
            self._requests.append(req)
        if self._latency and self._stopping.wait(self._latency):
            h.close_connection = True
            return
        route = self._routes.get(target) or self._routes.get(target.split("?", 1)[0])
        if route is None:
            h.send(404, {"Content-Type": "text/plain"}, b"not found\n")
        else:
            route(h)

    def _serve_resource(self, h: _Handler, res: _Resource) -> None:
        with self._lock:  # consistent snapshot against a concurrent set_body
            body, tag, modified, gzipped = res.body, res.tag, res.modified, res.gzipped
        hdrs = {"Content-Type": res.content_type}
        if res.etag:
            hdrs["ETag"] = tag
        if res.last_modified:
            hdrs["Last-Modified"] = formatdate(modified, usegmt=True)
        if res.gzip:
            hdrs["Vary"] = "Accept-Encoding"
        hdrs = _merge(hdrs, res.headers)
        if _not_modified(h, tag if res.etag else None, modified if res.last_modified else None):
            h.send(304, {k: v for k, v in hdrs.items() if k.lower() != "content-type"})
            return
        if res.gzip and _accepts_gzip(h.headers.get("Accept-Encoding")):
            hdrs["Content-Encoding"] = "gzip"
            body = gzipped
        h.send(200, hdrs, body)


def _not_modified(h: _Handler, tag: str | None, modified: int | None) -> bool:
    """RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only when it is absent."""
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        return tag is not None and _etag_matches(inm, tag)
    ims = h.headers.get("If-Modified-Since")
    if ims is None or modified is None:
        return False
    try:
        since = parsedate_to_datetime(ims).timestamp()
    except (TypeError, ValueError, IndexError):
        return False  # unparseable dates must be ignored
    return since >= modified


def _merge(defaults: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    """`defaults` overridden by `extra`, matching header names case-insensitively."""
    override = {k.lower() for k in extra}
    return {**{k: v for k, v in defaults.items() if k.lower() not in override}, **extra}


def _abort(sock: socket.socket) -> None:
    """Unblock any thread reading/writing `sock` (shutdown works despite makefile refs)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _norm(path: str) -> str:
    return path if path.startswith("/") else "/" + path
