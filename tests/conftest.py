"""Shared pytest fixtures: a real local feed server and an isolated data directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

# Qt must never try to open a real display in tests (CI has none); set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
