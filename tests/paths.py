"""Locations of the third-party test fixtures (see tests/data/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FEEDS_DIR = DATA_DIR / "feeds"

# Documentation files live next to the fixtures; they are not feeds.
_NOT_FEEDS = {"SOURCES.md", "README.md"}


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in _NOT_FEEDS)


REAL_FEEDS: list[Path] = _files(FEEDS_DIR / "real")
"""Real-world captures (RSS 0.9x/1.0/2.0, Atom, JSON Feed; UTF-8, windows-1251, gb2312, ...)."""

HOSTILE_FEEDS: list[Path] = _files(FEEDS_DIR / "hostile")
"""Entity bombs/XXE, XSS payloads, malformed and mis-encoded documents."""

CONFORMANCE_FEEDS: list[Path] = _files(FEEDS_DIR / "conformance")
"""feedparser's conformance tests (encoding, entities, illformed, json, wellformed: 505 files),
expectations in each file's header comment (see conformance/README.md)."""
