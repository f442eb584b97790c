"""The `kabar` console script: no subcommand opens the window, a subcommand runs headless.

Qt is imported only when the window is wanted, so `kabar sync` in a cron job or on a
server never loads it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import export
from reader.cli import main as core_main
from reader.images import ImageCache
from reader.types import Article


def _open_window(data_dir: str | None) -> int:
    from ui.app import run

    return run(data_dir)


def _write_pdf(
    articles: Sequence[Article],
    out: Path,
    images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> list[Path]:
    from ui.pdf_export import write_pdf  # Qt loads only when a PDF is really asked for

    return write_pdf(articles, out, images, on_progress, should_stop)


def main(argv: Sequence[str] | None = None) -> int:
    export.register("pdf", _write_pdf)
    return core_main(argv, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
