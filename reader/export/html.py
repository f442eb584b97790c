"""HTML export: one self-contained file that opens offline in any browser.

Pictures are embedded as data: URIs from the image cache; a picture that was never saved
becomes a short note, never its remote address, and a Content-Security-Policy forbids any
other load, so opening the file makes no network request. Bodies were sanitized when they
were stored (reader.sanitize: no scripts, styles or frames; only <img src> loads anything);
titles and metadata are escaped here.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape, unescape
from pathlib import Path

from reader.export.atomic import atomic_file, check_stop
from reader.images import ImageCache, image_urls
from reader.types import Article
from reader.urls import LINK_SCHEMES

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSS = """
:root { color-scheme: light dark; --muted: #666; --rule: #ddd; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --rule: #444; } }
body { font: 18px/1.6 Georgia, "PT Serif", "Noto Serif", serif; max-width: 42em;
  margin: 2em auto; padding: 0 1em; }
h1, h2, .meta, nav { font-family: system-ui, "Segoe UI", "Noto Sans", sans-serif; }
h2 { line-height: 1.25; margin-bottom: .2em; }
.meta, .toc .meta { color: var(--muted); font-size: .85em; }
article { border-top: 1px solid var(--rule); margin-top: 3em; padding-top: 1em; }
img { max-width: 100%; height: auto; }
.missing { color: var(--muted); font-style: italic; }
.toc li { margin: .3em 0; }
.back { font-size: .85em; }
pre, code { white-space: pre-wrap; overflow-wrap: anywhere; }
"""


def body_of(article: Article) -> str:
    """The most complete text kept: the captured page, else the feed's content or summary."""
    if article.full_state == "done" and article.full_html:
        return article.full_html
    return article.content_html or article.summary_html


def when(article: Article) -> datetime:
    return article.published or article.first_seen


def replace_images(body: str, base: str | None, swap: Callable[[str | None, str], str]) -> str:
    """Each <img> becomes `swap(absolute url or None, alt text)`, as reader.images sees it."""

    def one(match: re.Match[str]) -> str:
        urls = image_urls(match[0], base)
        alt = _ALT.search(match[0])
        return swap(urls[0] if urls else None, unescape(alt[1]) if alt else "")

    return _IMG.sub(one, body)


class Embedder:
    """data: URIs of cached pictures, each file read once per export."""

    def __init__(self, images: ImageCache | None) -> None:
        self.images = images
        self.done: dict[str, str | None] = {}

    def data_uri(self, url: str) -> str | None:
        if url not in self.done:
            found = self.images.get(url) if self.images else None
            self.done[url] = None
            if found is not None:
                data = base64.b64encode(found.path.read_bytes()).decode("ascii")
                self.done[url] = f"data:{found.mime};base64,{data}"
        return self.done[url]

    def __call__(self, url: str | None, alt: str) -> str:
        uri = self.data_uri(url) if url else None
        if uri is None:
            note = f"image not saved: {alt}" if alt.strip() else "image not saved"
            return f'<span class="missing">[{escape(note)}]</span>'
        return f'<img src="{uri}" alt="{escape(alt)}">'


def meta_line(article: Article) -> str:
    parts = [escape(article.source_title or ""), escape(article.author or ""),
             f'<time datetime="{when(article).isoformat()}">'
             f"{when(article).astimezone():%Y-%m-%d %H:%M}</time>"]  # fmt: skip
    link = article.link or ""
    if link.split(":", 1)[0].lower() in LINK_SCHEMES:
        parts.append(f'<a href="{escape(link)}">original</a>')
    return " · ".join(p for p in parts if p)


def _toc(articles: Sequence[Article]) -> str:
    rows = "".join(
        f'<li><a href="#article-{a.id}" dir="auto">{escape(a.title or "(untitled)")}</a> '
        f'<span class="meta">{escape(a.source_title or "")} · {when(a).astimezone():%Y-%m-%d}'
        "</span></li>\n"
        for a in articles
    )
    return f'<nav class="toc" id="contents"><h2>Contents</h2><ol>\n{rows}</ol></nav>\n'


def _article(article: Article, embed: Embedder) -> str:
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    body = replace_images(body_of(article), article.link, embed)
    return (
        f'<article id="article-{article.id}"{lang}>\n<header><h2 dir="auto">'
        f'{escape(article.title or "(untitled)")}</h2>\n<p class="meta">{meta_line(article)}'
        f'</p></header>\n<div class="body" dir="auto">{body}</div>\n'
        '<p class="back"><a href="#contents">↑ Contents</a></p></article>\n'
    )


def _head(count: int) -> str:
    now = datetime.now().astimezone()
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Kabar">\n'
        f"<title>Kabar: {count} article(s)</title>\n<style>{CSS}</style></head>\n<body>\n"
        f'<header><h1>Kabar</h1><p class="meta">{count} article(s), exported '
        f"{now:%Y-%m-%d %H:%M}</p></header>\n"
    )


def write(
    articles: Sequence[Article], out: Path, images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None,
) -> list[Path]:  # fmt: skip
    embed = Embedder(images)
    with atomic_file(out) as temp, temp.open("w", encoding="utf-8", newline="\n") as f:
        f.write(_head(len(articles)) + _toc(articles) + "<main>\n")
        for done, article in enumerate(articles, 1):
            check_stop(should_stop)
            f.write(_article(article, embed))
            if on_progress is not None:
                on_progress(done, len(articles))
        f.write("</main>\n</body></html>\n")
    return [out]
