"""Following many sources at once: OPML import and export, and Kabar's suggested list.

One place for what the command line and the window both do, so both skip sources already
followed, report the same problems and never leave a half-written export behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reader.errors import KabarError, UsageError
from reader.opml import OpmlSource, parse_opml, write_opml
from reader.storage import Storage


@dataclass(frozen=True)
class ImportResult:
    added: int
    already: int  # sources in the file the user follows already
    problems: tuple[str, ...]  # one sentence per entry that was skipped


def default_sources() -> bytes:
    """Kabar's suggested news sources (Kazakhstan in ru/kk/en, and a few world sources)."""
    return resources.files("reader.resources").joinpath("default-sources.opml").read_bytes()


def read_opml_file(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"Cannot read {path}: {error.strerror}.") from None


def import_opml(storage: Storage, data: bytes) -> ImportResult:
    """Follow every good entry; known ones are left as they are, bad ones reported."""
    result = parse_opml(data)
    known = {s.url for s in storage.sources()}
    fresh = [entry for entry in result.sources if entry.url not in known]
    for entry in fresh:
        storage.add_source(entry.url, entry.title, entry.folder)
    return ImportResult(len(fresh), len(result.sources) - len(fresh), result.problems)


def export_opml(storage: Storage) -> bytes:
    return write_opml(OpmlSource(s.url, s.title, s.site_url, s.folder) for s in storage.sources())


def save_opml(storage: Storage, target: str | os.PathLike[str]) -> int:
    """Write the subscriptions atomically (a temporary file, then a rename); returns the count."""
    target = Path(target)
    data = export_opml(storage)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise KabarError(f"Cannot write {target}: {error.strerror}.") from None
    return len(storage.sources())
