"""`kabar`: the window with no arguments; the headless core with a subcommand.

Exit codes: 0 done (a sync with failed sources is still done), 1 a failure the message
explains, 2 a usage error, 3 a storage error (database unreadable, newer, disk full),
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from reader import __version__
from reader.cli_archive import archive_commands, refuse_offline
from reader.cli_export import export_commands
from reader.cli_format import (
    ProgressPrinter,
    article_json,
    headline_json,
    hit_json,
    print_article,
    print_articles,
    print_hits,
    print_json,
    print_related,
    print_report,
    print_sources,
    source_json,
)
from reader.cli_ticker import ticker_commands
from reader.errors import KabarError, UsageError
from reader.paths import cache_dir, database_path
from reader.sources import (
    default_sources,
    export_opml,
    import_opml,
    read_opml_file,
    save_opml,
)
from reader.storage import Storage
from reader.types import ArticleFilter, SourceSettings

Command = Callable[[Storage, argparse.Namespace], int]
FULL_TEXT_MODES = ("auto", "on", "off")


def _add(storage: Storage, args: argparse.Namespace) -> int:
    from reader.subscribe import discover  # network modules load only for the commands using them

    refuse_offline(args, "add a source (Kabar must look at it)")
    found = discover(args.url)
    settings = SourceSettings(full_text=args.full_text)
    source = storage.add_source(found.feed_url, args.title or found.title, args.folder, settings)
    print(f"Added {source.display_title} ({source.url}) as source {source.id}.")
    if found.alternatives:
        print("The page also offers:\n" + "\n".join(f"  {u}" for u in found.alternatives))
    if not found.checked:
        print(f"Could not check it now ({found.note}); it will be tried on the next sync.")
    elif not args.no_sync:
        from reader.sync import Sync, SyncOptions

        options = SyncOptions(cache_dir=cache_dir(args.data_dir))
        print_report(Sync(storage, options).run([source.id]))
    return 0


def _remove(storage: Storage, args: argparse.Namespace) -> int:
    source = storage.find_source(args.source)
    starred = len(storage.articles(ArticleFilter(source_id=source.id, starred=True), 10_000))
    if starred and not args.force:
        raise UsageError(
            f"{source.display_title} has {starred} starred article(s); removing it deletes them. "
            "Run again with --force to remove it anyway."
        )
    storage.remove_source(source.id)
    print(f"Removed {source.display_title}.")
    return 0


def _sources(storage: Storage, args: argparse.Namespace) -> int:
    sources = storage.sources()
    if args.json:
        print_json([source_json(s) for s in sources])
    else:
        print_sources(sources)
    return 0


def _set(storage: Storage, args: argparse.Namespace) -> int:
    source = storage.find_source(args.source)
    values: dict[str, object] = {}
    if args.title is not None:
        values["title"] = args.title or None
    if args.folder is not None:
        values["folder"] = args.folder or None
    if args.interval is not None:
        values["update_interval"] = args.interval or None
    if args.full_text is not None:
        values["full_text"] = args.full_text
    if not values:
        raise UsageError("Nothing to change: give --title, --folder, --interval or --full-text.")
    updated = storage.update_source(source.id, **values)
    print(f"Updated {updated.display_title}.")
    return 0


def _import_opml(storage: Storage, args: argparse.Namespace) -> int:
    if args.defaults:
        data = default_sources()
    elif args.file:
        data = read_opml_file(args.file)
    else:
        raise UsageError("Give an OPML file, or --defaults for Kabar's suggested sources.")
    result = import_opml(storage, data)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    already = f"; {result.already} you already follow." if result.already else "."
    print(f"Imported {result.added} source(s){already}")
    return 0


def _export_opml(storage: Storage, args: argparse.Namespace) -> int:
    if args.file == "-":
        sys.stdout.buffer.write(export_opml(storage))
        return 0
    print(f"Exported {save_opml(storage, args.file)} source(s) to {args.file}.")
    return 0


def _sync(storage: Storage, args: argparse.Namespace) -> int:
    from reader.sync import Sync, SyncOptions

    ids = [storage.find_source(ref).id for ref in args.sources] if args.sources else None
    refuse_offline(args, "sync")
    options = SyncOptions(due_only=args.due, capture=not args.no_capture,
                          cache_dir=cache_dir(args.data_dir))  # fmt: skip
    sync = Sync(storage, options, ProgressPrinter(quiet=args.quiet))
    try:
        report = sync.run(ids)
    except KeyboardInterrupt:
        sync.cancel()
        raise
    print_report(report)
    if not report.cancelled and report.outcomes:
        from reader.auto_backup import backup_if_due

        try:
            made = backup_if_due(storage, database_path(args.data_dir).parent)
        except KabarError as error:  # the sync itself is done: a failed backup only warns
            print(f"kabar: the weekly automatic backup failed: {error}", file=sys.stderr)
        else:
            if made is not None and not args.quiet:
                print(f"Weekly automatic backup: {made}")
    return 0


def _index(storage: Storage, quiet: bool = False) -> int:
    """Bring the search index up to date before a search: never a manual step.

    A sync indexes what it brought; this catches up after an interrupted sync or an upgrade.
    """
    from reader.search_index import index_pending, pending_count
    from reader.sync import IN_PROCESS_INDEX_LIMIT
    from reader.workers import pool_if

    waiting = pending_count(storage)
    if waiting and not quiet:
        print(f"Indexing {waiting} article(s) for search…", file=sys.stderr)
    with pool_if(waiting > IN_PROCESS_INDEX_LIMIT) as pool:
        return index_pending(storage, pool)


def _search(storage: Storage, args: argparse.Namespace) -> int:
    from reader.search import search

    _index(storage, quiet=args.json)  # whatever arrived since the last search
    hits = search(storage, args.query, args.limit, by_date=args.by_date)
    if args.json:
        print_json([hit_json(h) for h in hits])
    else:
        print_hits(hits)
    return 0


def _related(storage: Storage, args: argparse.Namespace) -> int:
    from reader.related import related

    storage.article(args.id)  # an unknown id is a usage error before any indexing
    _index(storage, quiet=args.json)  # related articles are found through the search index
    found = related(storage, args.id, args.limit)
    if args.json:
        print_json([headline_json(h) for h in found])
    else:
        print_related(found)
    return 0


def _reindex(storage: Storage, _args: argparse.Namespace) -> int:
    from reader.search_index import rebuild
    from reader.workers import pool_if

    with pool_if(True) as pool:
        print(f"Indexed {rebuild(storage, pool)} article(s) for search.")
    return 0


def _articles(storage: Storage, args: argparse.Namespace) -> int:
    flt = ArticleFilter(source_id=args.source and storage.find_source(args.source).id,
                        unread=args.unread, starred=args.starred)  # fmt: skip
    articles = storage.articles(flt, args.limit)
    if args.json:
        print_json([article_json(a) for a in articles])
    else:
        print_articles(articles)
    return 0


def _show(storage: Storage, args: argparse.Namespace) -> int:
    print_article(storage.article(args.id))
    return 0


def _mark(storage: Storage, args: argparse.Namespace) -> int:
    read = True if args.read else False if args.unread else None
    starred = True if args.star else False if args.unstar else None
    found = storage.mark(args.ids, read=read, starred=starred)
    missing = len(set(args.ids)) - found
    if missing:
        raise UsageError(f"{missing} of the article ids do not exist; the others were marked.")
    print(f"Marked {found} article(s).")
    return 0


def _mark_all_read(storage: Storage, args: argparse.Namespace) -> int:
    source_id = storage.find_source(args.source).id if args.source else None
    print(f"Marked {storage.mark_all_read(source_id)} article(s) as read.")
    return 0


def _sync_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = command("sync", _sync, "fetch new articles from all (or the named) sources")
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    p.add_argument("--due", action="store_true", help="only sources whose interval has passed")
    p.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    p.add_argument("--no-capture", action="store_true", help="skip downloading full articles")
    archive_commands(command)


def _search_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = command("search", _search, "search the archive offline (see README for the syntax)")
    p.add_argument("query", help='words, "a phrase", OR, -word, prefix*, source:, is:unread …')
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--by-date", action="store_true", help="newest first instead of best first")
    p.add_argument("--json", action="store_true")
    p = command("related", _related, 'articles related to one ("Read also"), found offline')
    p.add_argument("id", type=int)
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--json", action="store_true")
    command("reindex", _reindex, "rebuild the search index from the archive")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kabar", description="Kabar, the offline news reader.")
    parser.add_argument("--version", action="version", version=f"Kabar {__version__}")
    parser.add_argument("--data-dir", help="where the database lives (else $KABAR_DATA_DIR)")
    parser.add_argument("--offline", action="store_true", help="make no network request at all")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, fn: Command, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                       help=argparse.SUPPRESS)  # fmt: skip
        p.set_defaults(run=fn)
        return p

    p = command("add", _add, "follow a feed (or the feed a web page links to)")
    p.add_argument("url")
    p.add_argument("--folder")
    p.add_argument("--title")
    p.add_argument("--no-sync", action="store_true", help="do not fetch its articles now")
    p.add_argument("--full-text", choices=FULL_TEXT_MODES, default="auto",
                   help="download whole articles: auto (for teaser feeds), on, off")  # fmt: skip
    p = command("remove", _remove, "stop following a source and delete its articles")
    p.add_argument("source", help="id, URL or title")
    p.add_argument("--force", action="store_true", help="also when it has starred articles")
    p = command("sources", _sources, "list sources with unread counts and errors")
    p.add_argument("--json", action="store_true")
    p = command("set", _set, "change a source's title, folder or update interval")
    p.add_argument("source")
    p.add_argument("--title")
    p.add_argument("--folder")
    p.add_argument("--interval", type=int, help="minutes between scheduled updates (0: default)")
    p.add_argument("--full-text", choices=FULL_TEXT_MODES, help="download whole articles")
    p = command("import-opml", _import_opml, "follow the sources listed in an OPML file")
    p.add_argument("file", nargs="?")
    p.add_argument("--defaults", action="store_true", help="Kabar's suggested news sources")
    p = command("export-opml", _export_opml, "write your sources to an OPML file ('-': stdout)")
    p.add_argument("file")
    _sync_commands(command)
    _search_commands(command)
    ticker_commands(command)
    export_commands(command)
    p = command("articles", _articles, "list articles, newest first")
    p.add_argument("--source")
    p.add_argument("--unread", action="store_true")
    p.add_argument("--starred", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p = command("show", _show, "print an article as readable text")
    p.add_argument("id", type=int)
    p = command("mark", _mark, "mark articles read, unread, starred or unstarred")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    flags = p.add_mutually_exclusive_group(required=True)
    for flag in ("--read", "--unread", "--star", "--unstar"):
        flags.add_argument(flag, action="store_true")
    p = command("mark-all-read", _mark_all_read, "mark everything (or one source) as read")
    p.add_argument("--source")
    return parser


def main(
    argv: Sequence[str] | None = None, open_window: Callable[[str | None], int] | None = None
) -> int:
    """Run a subcommand; with none, `open_window(data_dir)` (the Qt layer passes it in)."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        if open_window is None:
            build_parser().print_help()
            return 0
        return open_window(args.data_dir)
    storage: Storage | None = None
    try:
        if not getattr(args, "needs_storage", True):
            # restore replaces the database file, so nothing may hold it open, and it must
            # work when the current file is damaged or newer (Storage would refuse it)
            return int(args.run(None, args))
        storage = Storage(database_path(args.data_dir))
        code: int = args.run(storage, args)
        return code
    except KabarError as error:
        print(f"kabar: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("kabar: interrupted; everything finished so far is saved.", file=sys.stderr)
        return 130
    finally:
        if storage is not None:
            storage.close()


if __name__ == "__main__":
    sys.exit(main())
