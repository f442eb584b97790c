"""Shared pytest fixtures: a real local feed server and an isolated data directory."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

# Qt must never try to open a real display in tests (CI has none); set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A window in a test refreshes its ticker strip: point the providers at a closed loopback
# port, so they fail at once instead of resolving real hosts. Ticker tests set their own.
for _name in ("KABAR_RATES_URL", "KABAR_WEATHER_URL", "KABAR_GEOCODING_URL"):
    os.environ.setdefault(_name, "http://127.0.0.1:9/unreachable")

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _loopback_only(address: object) -> None:
    """Tests talk to their own servers on 127.0.0.1 only; anything else is a bug in a test."""
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if not (host.startswith("127.") or host in {"::1", "localhost"}):
            raise ConnectionRefusedError(f"a test tried to reach {host}: tests use 127.0.0.1")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _loopback_only(address)
    _connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _loopback_only(address)
    return _connect_ex(self, address)  # type: ignore[arg-type]


_getaddrinfo = socket.getaddrinfo


def _loopback_names_only(host: object, *args: object, **kwargs: object) -> object:
    """Name lookups reach a resolver on the network: only loopback names are looked up (a feed
    from the test corpus links to real sites, and capturing its pages must fail at once)."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    if not (name.startswith("127.") or name in {"::1", "localhost", "None", "", "0.0.0.0"}):
        raise socket.gaierror(socket.EAI_NONAME, f"a test tried to look up {name}")
    return _getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
socket.getaddrinfo = _loopback_names_only  # type: ignore[assignment]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started FeedServer on 127.0.0.1, stopped (promptly) after the test."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Kabar data directory, also exported as KABAR_DATA_DIR."""
    path = tmp_path / "kabar-data"
    path.mkdir()
    monkeypatch.setenv("KABAR_DATA_DIR", str(path))
    return path
