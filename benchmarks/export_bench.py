#!/usr/bin/env python3
"""Export benchmark: `reader.export.export` of N articles with pictures, per format.

The archive is generated (seeded), not synced: N articles over 10 sources, Russian text,
each with a captured full article (~6 KB of HTML, 6 paragraphs) holding two pictures: its
own (a 96x96 noise PNG, ~28 KB, so it does not compress away) and one logo shared by all.
Every picture is stored with ImageCache.store, as a sync would. Then each format is
exported from a fresh process-wide state and timed end to end (selection, loading the
articles, writing, rename): seconds, articles/s and MB written.

    .venv/bin/python benchmarks/export_bench.py [--articles 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import struct
import sys
import tempfile
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.export import Selection, export
from reader.images import ImageCache
from reader.storage import Storage

WORDS = (
    "новости", "правительство", "Астана", "экономика", "решение", "встреча", "страна", "рынок",
    "курс", "проект", "министр", "развитие", "город", "жители", "школа", "погода", "энергия",
)  # fmt: skip


def png(rng: random.Random, size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))  # fmt: skip

    rows = b"".join(b"\x00" + rng.randbytes(3 * size) for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def generate(data: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    storage = Storage(data / DB_FILENAME)
    images = ImageCache(data / "cache")
    logo = "https://example.kz/logo.png"
    images.store(logo, png(rng, 32))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    per_source = count // 10
    for s in range(10):
        source = storage.add_source(f"https://example{s}.kz/rss", f"Источник {s}", "Новости")
        rows, fulls = [], []
        for n in range(per_source):
            serial = s * per_source + n
            link = f"https://example{s}.kz/news/{serial}"
            picture = f"https://example{s}.kz/img/{serial}.png"
            images.store(picture, png(rng, 96))
            paragraphs = [" ".join(sentence(rng) for _ in range(6)) for _ in range(6)]
            html = (
                f'<p><img src="{picture}" alt="фото"></p>'
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + f'<img src="{logo}">'
            )
            when = int((start - timedelta(minutes=serial)).timestamp())
            rows.append({"guid": link, "link": link, "title": f"{sentence(rng)[:70]} №{serial}",
                         "author": "Редакция", "published": when, "updated": None,
                         "summary_html": f"<p>{paragraphs[0]}</p>", "content_html": "",
                         "text": paragraphs[0], "language": "ru", "content_hash": str(serial),
                         "source_id": source.id, "key": link, "first_seen": when,
                         "sort_date": when})  # fmt: skip
            fulls.append((html, "\n\n".join(paragraphs)))
        storage.apply(source.id, WritePlan(tuple(rows), ((),) * len(rows), (), SourcePatch({})))
        ids = [key.id for key in storage.article_keys(None, 10_000) if key.id > s * per_source]
        with storage.db.write() as c:
            for article_id, (html, text) in zip(sorted(ids), fulls, strict=True):
                c.exec_driver_sql(
                    "INSERT INTO article_full (article_id, state, html, text, attempts)"
                    " VALUES (?, 'done', ?, ?, 1)", (article_id, html, text))  # fmt: skip
    storage.close()


def run(data: Path, fmt: str, out: Path, combined: bool = False) -> dict[str, float]:
    storage = Storage(data / DB_FILENAME)
    try:
        began = time.perf_counter()
        result = export(storage, Selection(folder="Новости"), fmt, out,
                        cache_dir=data / "cache", combined=combined)  # fmt: skip
        seconds = time.perf_counter() - began
    finally:
        storage.close()
    return {"seconds": round(seconds, 2), "articles": result.articles,
            "articles_per_s": round(result.articles / seconds), "files": len(result.files),
            "mb": round(result.bytes / 2**20, 1)}  # fmt: skip


def _register_pdf() -> None:
    """PDF is drawn by Qt, outside the core: registered as the `kabar` launcher does."""
    from reader.export import register
    from ui.pdf_export import write_pdf

    register("pdf", write_pdf)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _register_pdf()
    root = Path(tempfile.mkdtemp(prefix="kabar-export-bench-"))
    try:
        began = time.perf_counter()
        generate(root / "data", args.articles, args.seed)
        print(f"generated {args.articles} articles in {time.perf_counter() - began:.1f} s",
              file=sys.stderr)  # fmt: skip
        results = {
            "html": run(root / "data", "html", root / "out.html"),
            "md (folder)": run(root / "data", "md", root / "md"),
            "md (combined)": run(root / "data", "md", root / "one" / "all.md", combined=True),
            "json": run(root / "data", "json", root / "out.json"),
            "epub": run(root / "data", "epub", root / "out.epub"),
            "pdf": run(root / "data", "pdf", root / "out.pdf"),
        }
        print(json.dumps(results, indent=1, ensure_ascii=False))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
