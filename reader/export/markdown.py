"""Markdown export: one .md per article in a folder (or one combined file), pictures beside.

Folder layout (`out/` is created whole, atomically)::

    out/Title of the article.md      YAML front matter + the article in Markdown
    out/images/3f2a…9c.png           pictures, named by content; linked as images/3f2a…9c.png

Combined (`out` is a file): one front matter for the export, then each article under a
`##` heading; its pictures go to `images/` beside the file (content names, so an existing
picture is never overwritten by a different one).

The front matter is written here, not by a YAML library: every value is a double-quoted
scalar (JSON string escapes are YAML's too) or a flow list of them, so any title is safe.
HTML becomes Markdown with markdownify (MIT).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from reader.export.atomic import CreatedFiles, atomic_file, atomic_folder, check_stop
from reader.export.html import body_of, meta_line, replace_images, when
from reader.export.jsonfmt import SOURCES
from reader.export.names import safe_filename
from reader.image_check import EXTENSIONS
from reader.images import ImageCache
from reader.types import Article

IMAGES = "images"
# YAML may hold only printable characters, even quoted, and reads NEL, LS and PS as line
# breaks (folded into spaces): all of those are written as \uXXXX escapes.
_NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)


def yaml_string(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def front_matter(values: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            text = "[" + ", ".join(yaml_string(str(v)) for v in value) + "]"
        elif isinstance(value, bool | int):
            text = json.dumps(value)
        else:
            text = yaml_string(str(value))
        lines.append(f"{key}: {text}")
    return "\n".join([*lines, "---", ""])


def _article_meta(article: Article) -> dict[str, Any]:
    source = SOURCES.get().get(article.source_id)
    tags = [t for t in (source.folder if source else None, article.starred and "starred") if t]
    return {
        "title": article.title, "source": article.source_title, "url": article.link,
        "author": article.author, "published": when(article).isoformat(), "id": article.id,
        "tags": tags,
    }  # fmt: skip


class ImageCopier:
    """Copies cached pictures into the images folder once each; the swap for replace_images."""

    def __init__(self, images: ImageCache | None, folder: Path, created: CreatedFiles) -> None:
        self.images, self.folder, self.created = images, folder, created
        self.names: dict[str, str | None] = {}

    def name(self, url: str) -> str | None:
        if url not in self.names:
            found = self.images.get(url) if self.images else None
            self.names[url] = None
            if found is not None:
                name = f"{found.sha256[:20]}.{EXTENSIONS[found.mime]}"
                target = self.folder / name
                if not target.exists():
                    self.created.mkdir(target.parent)
                    self.created.write(target, found.path.read_bytes())
                self.names[url] = name
        return self.names[url]

    def __call__(self, url: str | None, alt: str) -> str:
        name = self.name(url) if url else None
        if name is None:
            note = f"image not saved: {alt}" if alt.strip() else "image not saved"
            return f"<em>[{escape(note)}]</em>"
        return f'<img src="{IMAGES}/{name}" alt="{escape(alt)}">'


def to_markdown(article: Article, copier: ImageCopier, level: int) -> str:
    from markdownify import markdownify  # bs4 loads only when Markdown is exported

    body = replace_images(body_of(article), article.link, copier)
    html = (f"<h{level}>{escape(article.title or '(untitled)')}</h{level}>"
            f"<p><em>{meta_line(article)}</em></p>{body}")  # fmt: skip
    text = markdownify(html, heading_style="ATX", bullets="-", strip=["script", "style"])
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def write(
    articles: Sequence[Article], out: Path, images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None,
) -> list[Path]:  # fmt: skip
    """One .md per article in the folder `out`, pictures in `out/images/`."""
    taken: set[str] = {IMAGES}  # a title "images" must not become the pictures' folder
    names: list[str] = []
    with atomic_folder(out) as temp:
        copier = ImageCopier(images, temp / IMAGES, CreatedFiles())
        for done, article in enumerate(articles, 1):
            check_stop(should_stop)
            name = safe_filename(article.title, ".md", taken)
            text = front_matter(_article_meta(article)) + "\n" + to_markdown(article, copier, 1)
            (temp / name).write_text(text, encoding="utf-8", newline="\n")
            names.append(name)
            if on_progress is not None:
                on_progress(done, len(articles))
        pictures = [p.name for p in copier.created.paths]
    return [out / n for n in names] + [out / IMAGES / p for p in pictures]


def write_combined(
    articles: Sequence[Article], out: Path, images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None,
) -> list[Path]:  # fmt: skip
    """All articles in the one file `out`, pictures in `images/` beside it."""
    created = CreatedFiles()
    copier = ImageCopier(images, out.parent / IMAGES, created)
    head = {"title": f"Kabar: {len(articles)} article(s)", "generator": "Kabar"}
    try:
        with atomic_file(out) as temp, temp.open("w", encoding="utf-8", newline="\n") as f:
            f.write(front_matter(head))
            for done, article in enumerate(articles, 1):
                check_stop(should_stop)
                f.write("\n" + to_markdown(article, copier, 2))
                if on_progress is not None:
                    on_progress(done, len(articles))
    except BaseException:
        created.remove_all()  # pictures of a file that was never written
        raise
    return [out, *created.paths]
