"""Export articles to take them anywhere: HTML, Markdown, JSON (EPUB and PDF plug in).

Public API::

    export(storage, selection, fmt, out, *, cache_dir, force=False, combined=False,
           on_progress=None, should_stop=None) -> ExportResult
    select(storage, selection, limit=None) -> list[int]      # reader.export.selection
    register(fmt, writer)                                    # add or replace a format
    writer_for(fmt) -> Writer                                # UsageError when unknown
    FORMATS: dict[str, Writer]                               # "html", "md", "json", …

The writer contract (every format implements exactly this)::

    def write(articles: Sequence[Article], out: Path, images: ImageCache | None,
              on_progress: Callable[[int, int], None] | None,
              should_stop: Callable[[], bool] | None) -> list[Path]

- `articles` are complete (`Storage.article`: full_html/full_text included), newest first.
- `out` is the final path: a file, or a folder for one-file-per-article formats. Whether it
  may be replaced was decided before (`refuse_existing`); the writer just replaces it.
- `images` gives cached pictures offline (`images.path_for(url)`); None: no cache, so no
  pictures. A writer never fetches anything from the network.
- `on_progress(done, total)` after each article; `should_stop()` polled between articles.
- Atomic: everything goes to a temporary name in `out`'s folder (reader.export.atomic) and
  is renamed at the end. On failure or stop the writer removes its temporary files and
  raises ExportCancelled (stop) or a KabarError (failure): no partial file remains.
- Returns the paths written (the file, or every file inside the folder).

"epub" is looked up lazily as module `reader.export.epub` (its `write`) when present; "pdf"
needs Qt, so the window's launcher calls `register("pdf", write)` before running the CLI.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import UsageError
from reader.export.atomic import ExportCancelled, check_stop, refuse_existing
from reader.export.html import write as write_html
from reader.export.jsonfmt import SOURCES
from reader.export.jsonfmt import write as write_json
from reader.export.markdown import write as write_markdown
from reader.export.markdown import write_combined as write_markdown_combined
from reader.export.selection import Selection, select
from reader.images import ImageCache
from reader.storage import Storage
from reader.types import Article

Progress = Callable[[int, int], None]
Stop = Callable[[], bool]
Writer = Callable[
    [Sequence[Article], Path, ImageCache | None, Progress | None, Stop | None], list[Path]
]

FORMATS: dict[str, Writer] = {"html": write_html, "md": write_markdown, "json": write_json}
# Formats whose module may be installed beside the core; imported only when asked for.
_LAZY = {"epub": "reader.export.epub"}
_ELSEWHERE = {"pdf": "PDF export needs the window's libraries (Qt): run the `kabar` command "
                     "installed with the window, not the core alone."}  # fmt: skip

__all__ = [
    "FORMATS", "ExportCancelled", "ExportResult", "Selection", "Writer", "export", "register",
    "select", "writer_for",
]  # fmt: skip


@dataclass(frozen=True)
class ExportResult:
    files: list[Path] = field(default_factory=list)
    articles: int = 0
    bytes: int = 0


def register(fmt: str, writer: Writer) -> None:
    """Make `fmt` exportable with `writer` (see the contract above); replaces an earlier one."""
    FORMATS[fmt] = writer


def writer_for(fmt: str) -> Writer:
    if fmt not in FORMATS and fmt in _LAZY:
        try:
            module = importlib.import_module(_LAZY[fmt])
        except ModuleNotFoundError as error:
            if error.name != _LAZY[fmt]:
                raise  # the module is there but something it needs is not: a real bug
        else:
            register(fmt, module.write)
    if fmt not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(_ELSEWHERE.get(fmt, f"Kabar cannot export {fmt!r}; it can export "
                                             f"{known}."))  # fmt: skip
    return FORMATS[fmt]


def load_articles(storage: Storage, ids: Sequence[int], should_stop: Stop | None) -> list[Article]:
    """Whole articles (full text included), in the order of `ids`."""
    found = []
    for n, article_id in enumerate(ids):
        if n % 50 == 0:
            check_stop(should_stop)
        found.append(storage.article(article_id))
    return found


def _size(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def export(
    storage: Storage, selection: Selection | Sequence[int], fmt: str, out: Path, *,
    cache_dir: Path | None, force: bool = False, combined: bool = False,
    on_progress: Progress | None = None, should_stop: Stop | None = None,
) -> ExportResult:  # fmt: skip
    """Export the selected articles (a Selection, or ids already chosen) to `out`.

    `combined` only matters for "md" (one file instead of a folder); the other formats are
    always one file. Raises UsageError (bad format, empty selection, `out` exists without
    `force`), ExportCancelled when `should_stop` said so, or another KabarError.
    """
    writer = write_markdown_combined if fmt == "md" and combined else writer_for(fmt)
    refuse_existing(out, force)
    ids = select(storage, selection) if isinstance(selection, Selection) else list(selection)
    if not ids:
        raise UsageError("Nothing to export: no article was chosen.")
    articles = load_articles(storage, ids, should_stop)
    images = None
    if cache_dir is not None and (cache_dir / "images").is_dir():
        images = ImageCache(cache_dir)
    token = SOURCES.set({s.id: s for s in storage.sources()})
    try:
        files = writer(articles, out, images, on_progress, should_stop)
    finally:
        SOURCES.reset(token)
    return ExportResult(files, len(articles), _size(files))
