"""`kabar export`: articles to HTML, Markdown, JSON (and EPUB or PDF when those are there)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from reader.errors import UsageError
from reader.paths import cache_dir
from reader.storage import Storage

Command = Callable[[Storage, argparse.Namespace], int]
CHOICES = "html|md|epub|pdf|json"


class ExportProgress:
    """A one-line bar on a terminal; only the last step otherwise (logs stay short)."""

    def __init__(self, out: TextIO | None = None, quiet: bool = False) -> None:
        self.out = out or sys.stderr
        self.quiet = quiet
        self.tty = self.out.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or not (self.tty or done == total):
            return
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        self.out.write(f"\r{'█' * filled}{'░' * (width - filled)} {done}/{total} articles{end}")
        self.out.flush()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def _ids(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of ids like 1,2,3") from None


def _export(storage: Storage, args: argparse.Namespace) -> int:
    from reader.export import Selection, export, writer_for

    writer_for(args.format)  # an unknown format is said first
    if args.combined and args.format != "md":
        raise UsageError("--combined is for --format md; the other formats are one file.")
    selection = Selection(ids=args.ids or (), starred=args.starred, search=args.search,
                          source=args.source, folder=args.folder, since=args.since,
                          until=args.until)  # fmt: skip
    out = Path(args.out).expanduser()
    result = export(storage, selection, args.format, out, cache_dir=cache_dir(args.data_dir),
                    force=args.force, combined=args.combined,
                    on_progress=ExportProgress(quiet=args.quiet))  # fmt: skip
    print(f"Exported {result.articles} article(s) to {out} "
          f"({len(result.files)} file(s), {result.bytes / 2**20:.1f} MB).")  # fmt: skip
    return 0


def export_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = command("export", _export, "save articles as HTML, Markdown, EPUB, PDF or JSON")
    p.add_argument("--format", required=True, metavar=CHOICES, help="what to write")
    p.add_argument("--out", required=True, metavar="PATH",
                   help="the file (a folder for md without --combined)")  # fmt: skip
    p.add_argument("--starred", action="store_true", help="starred articles")
    p.add_argument("--search", metavar="QUERY", help="the matches of a search")
    p.add_argument("--source", metavar="ID", help="one source (id, URL or title)")
    p.add_argument("--folder", metavar="NAME", help="the sources of one folder")
    p.add_argument("--ids", type=_ids, metavar="1,2,3", help="exactly these articles")
    p.add_argument("--since", type=_day, metavar="DATE", help="published on or after (Y-M-D)")
    p.add_argument("--until", type=_day, metavar="DATE", help="published on or before (Y-M-D)")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.add_argument("--combined", action="store_true", help="md: one file, not one per article")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
