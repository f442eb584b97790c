"""Command-line commands that keep the archive readable offline and safe: capture, cleanup,
storage, backup, restore."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reader.cli_format import ProgressPrinter, print_json
from reader.errors import UsageError
from reader.paths import cache_dir, data_dir
from reader.storage import Storage

Command = Callable[[Storage, argparse.Namespace], int]


def refuse_offline(args: argparse.Namespace, what: str) -> None:
    if getattr(args, "offline", False):
        raise UsageError(f"Offline mode: Kabar makes no network request, so it cannot {what}.")


def _capture(storage: Storage, args: argparse.Namespace) -> int:
    """Full articles that are missing (or failed), without checking the feeds."""
    from reader.sync import Sync, SyncOptions

    refuse_offline(args, "download full articles")
    ids = [storage.find_source(args.source).id] if args.source else None
    options = SyncOptions(capture_only=True, capture_articles=tuple(args.article or ()),
                          cache_dir=cache_dir(args.data_dir))  # fmt: skip
    report = Sync(storage, options, ProgressPrinter(quiet=args.quiet)).run(ids)
    print(f"Saved {report.captured} full article(s) for offline reading"
          + (f"; {report.capture_failed} could not be (the feed's text is kept)."
             if report.capture_failed else "."))  # fmt: skip
    return 0


def _cleanup(storage: Storage, args: argparse.Namespace) -> int:
    from reader.retention import cleanup, policy

    chosen = policy(storage)
    if args.keep_days is not None:
        chosen = replace(chosen, keep_days=args.keep_days)
    if args.max_per_source is not None:
        chosen = replace(chosen, max_per_source=args.max_per_source)
    if args.keep_unread:
        chosen = replace(chosen, keep_unread=True)
    if min(chosen.keep_days, chosen.max_per_source) < 0:
        raise UsageError("--keep-days and --max-per-source take 0 (no limit) or more.")
    report = cleanup(storage, chosen, cache_dir(args.data_dir), dry_run=args.dry_run)
    if report.dry_run:
        print(f"Would remove {report.articles} article(s); starred ones are always kept.")
    else:
        print(f"Removed {report.articles} article(s) (starred ones are always kept); freed "
              f"{_mb(report.database_bytes)} in the database and {_mb(report.image_bytes)} "
              "of images.")  # fmt: skip
    return 0


def _storage(storage: Storage, args: argparse.Namespace) -> int:
    from reader.retention import policy, sizes

    found = sizes(storage, cache_dir(args.data_dir))
    if args.json:
        print_json({**found, "policy": policy(storage).__dict__})
        return 0
    print(f"Database: {_mb(found['database_bytes'])} ({found['articles']} articles)")
    print(f"Full articles: {found['full_texts']} ({_mb(found['full_text_bytes'])})")
    print(f"Image cache: {_mb(found['image_bytes'])}")
    return 0


def _backup(storage: Storage, args: argparse.Namespace) -> int:
    from reader.backup import backup

    info = backup(storage, data_dir(args.data_dir), Path(args.path), force=args.force)
    counts = info.manifest["counts"]
    print(f"Backed up {counts['articles']} article(s) from {counts['sources']} source(s) "
          f"({counts['starred']} starred, {counts['unread']} unread) to {info.path} "
          f"({_mb(info.size)}).")  # fmt: skip
    if not info.settings:
        print("The window has saved no settings yet; the backup holds the database.")
    return 0


def _restore(_storage: Storage | None, args: argparse.Namespace) -> int:
    """Runs with no Storage open (see main): it replaces the database file itself."""
    from reader.backup import restore

    info = restore(data_dir(args.data_dir), Path(args.path))
    made, counts = info.manifest, info.manifest["counts"]
    print(f"Restored {counts['articles']} article(s) from {counts['sources']} source(s) "
          f"({counts['starred']} starred, {counts['unread']} unread) into {info.database}, "
          f"from the backup made {made['created_at']} by Kabar "
          f"{made['kabar_version']}.")  # fmt: skip
    if info.migrated_from is not None:
        print(f"Its database was upgraded from schema {info.migrated_from}.")
    print(f"Your previous database is kept as {info.kept_database}."
          if info.kept_database else "There was no database before.")  # fmt: skip
    if info.kept_settings:
        print(f"Window settings restored; the previous ones are kept as {info.kept_settings}.")
    elif info.settings_restored:
        print("Window settings restored.")
    return 0


def _mb(count: int) -> str:
    return f"{count / 2**20:.1f} MB"


def archive_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = command("capture", _capture, "download the full articles that are missing")
    p.add_argument("--source", help="only this source (id, URL or title)")
    p.add_argument("--article", type=int, action="append", metavar="ID",
                   help="exactly this article, whatever its source wants")  # fmt: skip
    p.add_argument("--quiet", action="store_true")
    p = command("cleanup", _cleanup, "remove old articles and images (starred ones stay)")
    p.add_argument("--dry-run", action="store_true", help="only say how many would go")
    p.add_argument("--keep-days", type=int, help="keep articles this many days (0: forever)")
    p.add_argument("--max-per-source", type=int, help="keep at most this many per source")
    p.add_argument("--keep-unread", action="store_true", help="never remove unread articles")
    p = command("storage", _storage, "how much space the archive takes")
    p.add_argument("--json", action="store_true")
    p = command("backup", _backup, "save the archive and settings to one file (safe while running)")
    p.add_argument("path", help="the backup file to write, e.g. kabar-2026-11-26.kabar-backup")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p = command("restore", _restore, "replace the archive with a backup (the old one is kept)")
    p.add_argument("path", help="a file written by kabar backup")
    p.set_defaults(needs_storage=False)
