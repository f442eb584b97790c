"""The `kabar` console script: no subcommand opens the window, a subcommand runs headless.

Qt is imported only when the window is wanted, so `kabar sync` in a cron job or on a
server never loads it.

Two options live here, before the core's parser: `--portable` keeps the data (and the
window's settings and picture cache) in `data/` beside the executable, unless --data-dir
or $KABAR_DATA_DIR says otherwise; `--self-test` checks a build offscreen (ui/self_test.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import export
from reader.cli import main as core_main
from reader.images import ImageCache
from reader.paths import ENV_DATA_DIR
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


def portable_dir() -> Path:
    """`data/` beside the frozen executable (beside the script when run from source)."""
    where = sys.executable if getattr(sys, "frozen", False) else sys.argv[0]
    return Path(where).resolve().parent / "data"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--portable" in args:
        args.remove("--portable")
        os.environ.setdefault(ENV_DATA_DIR, str(portable_dir()))
    if "--self-test" in args:
        from ui.self_test import run

        return run()
    export.register("pdf", _write_pdf)
    return core_main(args, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
