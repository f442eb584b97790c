"""How the command line shows things: JSON for scripts, short lines for people."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from reader.types import Article, Headline, Source, SyncProgress, SyncReport

if TYPE_CHECKING:
    from reader.search import SearchHit


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def local(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id, "url": source.url, "title": source.title, "folder": source.folder,
        "site_url": source.site_url, "unread": source.unread, "total": source.total,
        "state": source.state.value, "last_error": source.last_error,
        "warning": source.warning, "last_success": iso(source.last_success),
        "last_attempt": iso(source.last_attempt),
        "update_interval": source.settings.update_interval_minutes,
    }  # fmt: skip


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "source_id": article.source_id, "source": article.source_title,
        "title": article.title, "link": article.link, "author": article.author,
        "published": iso(article.published), "updated": iso(article.updated),
        "first_seen": iso(article.first_seen), "read": article.read, "starred": article.starred,
        "language": article.language,
        "enclosures": [{"url": e.url, "type": e.type, "length": e.length}
                       for e in article.enclosures],
    }  # fmt: skip


def print_json(value: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def print_sources(sources: list[Source], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if not sources:
        out.write("No sources yet. Add one with `kabar add URL` or `kabar import-opml FILE`.\n")
        return
    for s in sources:
        folder = f"[{s.folder}] " if s.folder else ""
        status = f"  ⚠ {s.last_error}" if s.last_error else ""
        if s.state.value != "active":
            status = f"  ({s.state.value}){status}"
        out.write(f"{s.id:>5}  {folder}{s.display_title}  {s.unread}/{s.total} unread{status}\n")


def print_articles(articles: list[Article], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if not articles:
        out.write("No articles.\n")
        return
    for a in articles:
        flags = ("★" if a.starred else " ") + (" " if a.read else "•")
        out.write(f"{a.id:>7} {flags} {local(a.published or a.first_seen)}  {a.title}"
                  f"  — {a.source_title or a.source_id}\n")  # fmt: skip


def print_article(article: Article, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    width = min(shutil.get_terminal_size((88, 24)).columns, 100)
    out.write(article.title + "\n")
    meta = [article.source_title or "", article.author or "", local(article.published)]
    out.write(" · ".join(m for m in meta if m) + "\n")
    if article.link:
        out.write(article.link + "\n")
    if article.full_state == "failed":
        out.write(f"(Only the feed's text is saved: {article.full_error})\n")
    out.write("\n")
    for paragraph in (article.full_text or article.text).split("\n"):
        out.write(textwrap.fill(paragraph, width) + "\n\n" if paragraph else "")
    for enclosure in article.enclosures:
        out.write(f"Attachment: {enclosure.url} ({enclosure.type or 'unknown type'})\n")


class ProgressPrinter:
    """A one-line bar on a terminal; one line per finished source otherwise."""

    def __init__(self, out: TextIO | None = None, quiet: bool = False) -> None:
        self.out = out or sys.stderr
        self.quiet = quiet
        self.tty = self.out.isatty()

    def __call__(self, progress: SyncProgress) -> None:
        if self.quiet:
            return
        if progress.to_index:
            self._indexing(progress)
        elif progress.to_capture:
            self._capturing(progress)
        elif self.tty:
            width = 30
            filled = width * progress.done // max(progress.total, 1)
            bar = "█" * filled + "░" * (width - filled)
            self.out.write(f"\r{bar} {progress.done}/{progress.total} sources, "
                           f"{progress.new} new, {progress.failed} failed ")  # fmt: skip
            if progress.done == progress.total:
                self.out.write("\n")
        elif progress.last is not None:
            last = progress.last
            name = last.title or last.url
            what = f"{last.new} new, {last.updated} updated"
            if last.error:
                what = "error"
            elif last.not_modified:
                what = "not modified"
            self.out.write(f"[{progress.done}/{progress.total}] {name}: {what}\n")
        self.out.flush()

    def _capturing(self, progress: SyncProgress) -> None:
        if self.tty or progress.captured == progress.to_capture:
            end = "\n" if progress.captured == progress.to_capture else ""
            self.out.write(f"\rFull articles: {progress.captured}/{progress.to_capture}{end}")

    def _indexing(self, progress: SyncProgress) -> None:
        if self.tty or progress.indexed == progress.to_index:
            end = "\n" if progress.indexed == progress.to_index else ""
            self.out.write(f"\rIndexed {progress.indexed}/{progress.to_index} article(s) "
                           f"for search{end}")  # fmt: skip


def print_report(report: SyncReport, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for failure in report.failures:
        out.write(f"FAILED {failure.title or failure.url}: {failure.error}\n")
    for warned in (o for o in report.outcomes if o.warning and not o.error):
        out.write(f"WARNING {warned.title or warned.url}: {warned.warning}\n")
    synced = len(report.outcomes)
    cancelled = " (cancelled)" if report.cancelled else ""
    out.write(f"Synced {synced} source{'s' if synced != 1 else ''}{cancelled}: {report.new} new, "
              f"{report.updated} updated, {len(report.failures)} failed.\n")  # fmt: skip
    if report.captured or report.capture_failed:
        failed = f" ({report.capture_failed} could not be)" if report.capture_failed else ""
        out.write(f"Saved {report.captured} full article(s) for offline reading{failed}.\n")


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.article_id, "title": hit.title, "source": hit.source_title,
        "source_id": hit.source_id, "published": iso(hit.published), "score": hit.score,
        "read": hit.read, "starred": hit.starred,
        "snippet": {"text": hit.snippet.text,
                    "highlights": [list(h) for h in hit.snippet.highlights]},
        "title_highlights": [list(h) for h in hit.title_highlights],
    }  # fmt: skip


def print_hits(hits: list[SearchHit], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if not hits:
        out.write("Nothing found.\n")
        return
    for hit in hits:
        text = hit.snippet.text
        for start, end in reversed(hit.snippet.highlights):  # mark matches for the terminal
            text = text[:start] + "[" + text[start:end] + "]" + text[end:]
        out.write(f"{hit.article_id:>7}  {local(hit.published)}  {hit.title}  — "
                  f"{hit.source_title or hit.source_id}\n         {text}\n")  # fmt: skip


def headline_json(headline: Headline) -> dict[str, Any]:
    return {
        "id": headline.id, "title": headline.title, "source": headline.source_title,
        "source_id": headline.source_id, "published": iso(headline.published),
        "read": headline.read, "starred": headline.starred,
    }  # fmt: skip


def print_related(headlines: tuple[Headline, ...], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if not headlines:
        out.write("No related articles.\n")
        return
    for h in headlines:
        out.write(f"{h.id:>7}  {local(h.published or h.first_seen)}  {h.title}"
                  f"  — {h.source_title or h.source_id}\n")  # fmt: skip
