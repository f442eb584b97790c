#!/usr/bin/env python3
"""Search benchmark: Kabar's offline search (reader.search) on 100k / 1M article archives.

Archives come from archive_bench.py's generator (same sources, dates, HTML, read/starred mix;
Russian, Kazakh and English), but with a news-like vocabulary: each language has its 40 common
words, then 40k invented stems in 3 inflected forms each, drawn with Zipf frequencies (1/rank),
and every paragraph is written afresh, so rare words are rare. A few real words are planted at
fixed ranks: «Карабах/Карабаха/Карабаху» (~rank 300) and «землетрясение/я» (~rank 30k).
Databases are cached under --cache-dir as search-*.sqlite3 (apart from archive_bench's).

Measured:
- index build: reader.search_index.index_pending(storage, pool) with reader.workers.pool_if(True),
  as a sync runs it, over the whole queue; articles/s of wall time. Done once per database and
  remembered in it (the `setting` table); "foreign" is CPU other programs used meanwhile.
- index size: bytes of the FTS5 shadow tables (article_fts_*): dbstat's page counts x page size.
- latency of reader.search.search(storage, text, limit=50), snippets included: "cold" is the
  first query of a fresh process after evicting the database from the OS page cache
  (posix_fadvise DONTNEED); "median"/"p95" over --repeat calls in one process, after one untimed
  call (warm OS and SQLite caches). "hits" counts the FTS5 matches (no filters).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import archive_bench  # benchmarks/ is on sys.path when this file is run as a script

from reader.query import parse_query
from reader.search import search
from reader.search_index import index_pending, pending_count
from reader.storage import Storage
from reader.workers import pool_if

STEMS, FORMS = 40_000, 3
SYLLABLES = {
    "ru": ("бвгджзклмнпрстфхцчш", "аеиоуыя", ["", "а", "ы", "е", "у", "ом", "ой", "ов", "ах"]),
    "kk": ("бғджзқлмнңпрстш", "аәеіоөұүы", ["", "да", "ның", "ға", "лар", "ды", "мен", "ге"]),
    "en": ("bcdfghklmnprstvw", "aeiou", ["", "s", "ed", "ing", "er"]),
}
PLANTED = {"ru": [(300, ["Карабах", "Карабаха", "Карабаху"]),
                  (30_000, ["землетрясение", "землетрясения"])]}  # fmt: skip
# (label, text, by_date); {source}: the title of a Russian source of median size
QUERIES = [
    ("very common word", "Казахстан", False),
    ("very common word, by date", "Казахстан", True),
    ("common English word", "government", False),
    ("rare word", "землетрясение", False),
    ("word form (locative)", "Карабахе", False),
    ("phrase", '"принял закон"', False),
    ("prefix", "прав*", False),
    ("filter only: unread + source", 'is:unread source:"{source}"', False),
    ("filter only: after", "after:2026-10-25", False),
    ("word + unread", "Казахстан is:unread", False),
    ("word + source", 'Казахстан source:"{source}"', False),
]


class SearchGenerator(archive_bench.Generator):
    """archive_bench's articles with a Zipf vocabulary and fresh (not pooled) paragraphs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab: dict[str, tuple[list[str], list[float]]] = {}
        for lang, common in archive_bench.WORDS.items():
            words = common.split(" ")
            weights = [1 / rank for rank in range(1, len(words) + 1)]
            consonants, vowels, endings = SYLLABLES[lang]
            planted = dict(PLANTED.get(lang, []))
            for rank in range(len(words) + 1, len(words) + STEMS + 1):
                forms = planted.get(rank) or self.forms(consonants, vowels, endings)
                words += forms
                weights += [1 / rank / len(forms)] * len(forms)
            self.vocab[lang] = (words, list(itertools.accumulate(weights)))

    def forms(self, consonants: str, vowels: str, endings: list[str]) -> list[str]:
        rng = self.rng
        stem = "".join(
            rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 3))
        )
        stem += rng.choice(consonants) if rng.random() < 0.5 else ""
        return [stem + ending for ending in rng.sample(endings, FORMS)]

    def sentence(self, lang: str, low: int = 5, high: int = 14) -> str:
        words, cum = self.vocab[lang]
        text = " ".join(self.rng.choices(words, cum_weights=cum, k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def article(self, serial: int, src: int, lang: str, when: int) -> tuple[Any, ...]:
        """archive_bench's row (1-3 KB of HTML), its paragraphs written for this article."""
        rng, target, size = self.rng, self.rng.randint(1000, 3000), 0
        html = [f'<p><img src="https://cdn.example.kz/{serial}.jpg" width="640"></p>\n']
        plain: list[str] = []
        while size < target:
            part_html, part_plain, part_size = self.paragraph(lang)
            html.append(part_html)
            plain.append(part_plain)
            size += part_size
        link = f"https://news{src}.example.kz/{serial}"
        read, starred = rng.random() < 0.3, rng.random() < 0.01
        author = self.sentence(lang, 2, 2) if rng.random() < 0.5 else None
        return (src, link, link, link, self.sentence(lang, 4, 10), author, when, None,
                when + rng.randint(60, 3600), when, "".join(html), " ".join(plain), lang,
                f"{serial:040x}", read, starred, when + 600 if read else None,
                when + 900 if starred else None)  # fmt: skip


def busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and its waited-for children (the pool's workers)."""
    me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def setting(db: Path, key: str, value: str | None = None) -> str | None:
    with sqlite3.connect(db) as con:
        if value is not None:
            con.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
        row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    con.close()
    return None if row is None else str(row[0])


def build_index(db: Path) -> dict[str, Any]:
    """index_pending as a sync calls it, over the whole queue (every article)."""
    storage = Storage(db)
    queued = pending_count(storage)
    busy, own, start = busy_s(), own_cpu_s(), time.perf_counter()
    with pool_if(True) as pool:
        indexed = index_pending(storage, pool)
    wall = time.perf_counter() - start
    foreign = max(0.0, busy_s() - busy - (own_cpu_s() - own))
    storage.close()
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"queued": queued, "indexed": indexed, "seconds": wall,
            "per_s": indexed / wall, "foreign_cpu_s": foreign}  # fmt: skip


def index_size(db: Path) -> dict[str, int]:
    """Pages of each FTS5 shadow table (dbstat's aggregate row; its pgsize overflows at 2 GB)."""
    con = sqlite3.connect(db)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                       "name LIKE 'article\\_fts\\_%' ESCAPE '\\'")]  # fmt: skip
    sql = "SELECT pageno FROM dbstat WHERE name = ? AND aggregate = 1"
    sizes = {name: (con.execute(sql, (name,)).fetchone()[0] or 0) * page for name in names}
    con.close()
    return sizes


def choose(db: Path) -> dict[str, Any]:
    """The source for filters (a Russian one of median size) and each query's FTS5 match count."""
    con = sqlite3.connect(db)
    by_size = con.execute("SELECT title, total_count FROM source WHERE language = 'ru' "
                          "ORDER BY total_count").fetchall()  # fmt: skip
    title, total = by_size[len(by_size) // 2]
    texts = {label: text.format(source=title) for label, text, _ in QUERIES}
    hits = {}
    for label, text in texts.items():
        match = parse_query(text).match
        sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"
        hits[label] = con.execute(sql, (match,)).fetchone()[0] if match else None
    con.close()
    return {"source": title, "source_total": total, "texts": texts, "hits": hits}


def child(job: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process: one query once ("cold"), or every query 1 + repeat times ("warm")."""
    start = time.perf_counter()
    storage = Storage(Path(job["db"]))
    out: dict[str, Any] = {"open_ms": (time.perf_counter() - start) * 1000, "times": {}}
    for label, text, by_date in job["queries"]:
        times, rows = [], 0
        for _ in range(1 if job["cold"] else 1 + job["repeat"]):
            start = time.perf_counter()
            rows = len(search(storage, text, limit=50, by_date=by_date))
            times.append((time.perf_counter() - start) * 1000)
        out["times"][label] = times if job["cold"] else times[1:]
        out.setdefault("rows", {})[label] = rows
    storage.close()
    return out


def spawn(job: dict[str, Any], evict: bool) -> tuple[dict[str, Any], float]:
    """Run `child` in a new process; also returns the CPU s other programs used meanwhile."""
    for path in (job["db"], job["db"] + "-wal") if evict else ():
        if os.path.exists(path):
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
    busy, own = busy_s(), own_cpu_s()
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(job)],
                          capture_output=True, text=True)  # fmt: skip
    foreign = max(0.0, busy_s() - busy - (own_cpu_s() - own))
    if done.returncode:
        sys.exit(f"search failed:\n{done.stderr}")
    return dict(json.loads(done.stdout)), foreign


def prepare(args: argparse.Namespace, n: int) -> tuple[Path, float | None]:
    # No schema version in the name: opening an older cache migrates it like any archive.
    db = args.cache_dir / f"search-{n}-s{args.sources}-seed{args.seed}.sqlite3"
    marker = json.dumps([n, args.sources, args.seed, STEMS, FORMS, "zipf-1"])
    if db.exists() and setting(db, "bench") != marker:
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)  # unfinished or different: made again
    generated = None
    if not db.exists():
        args.cache_dir.mkdir(parents=True, exist_ok=True)
        archive_bench.Generator = SearchGenerator  # type: ignore[misc]  # its generate() uses it
        generated = archive_bench.generate(db, n, args.sources, args.seed, marker)
        print(f"{n:,} articles generated in {generated:.0f} s", file=sys.stderr)
    return db, generated


def bench(args: argparse.Namespace, n: int) -> dict[str, Any]:
    db, generated = prepare(args, n)
    built = setting(db, "search_bench_index")
    if built is None or args.reindex:
        if args.reindex:  # what reader.search_index.rebuild does, then the same drain
            with sqlite3.connect(db) as con:
                con.execute("DELETE FROM article_fts")
                con.execute("INSERT OR IGNORE INTO search_pending SELECT id FROM article")
            con.close()
        built = setting(db, "search_bench_index", json.dumps(build_index(db)))
        print(f"{n:,}: index built", file=sys.stderr)
    chosen = choose(db)
    queries = [(label, chosen["texts"][label], by_date) for label, _, by_date in QUERIES]
    job: dict[str, Any] = {"db": str(db), "repeat": args.repeat, "cold": True}
    cold = {}
    for query in queries:
        cold[query[0]] = spawn({**job, "queries": [query]}, evict=True)[0]["times"][query[0]][0]
    warm, foreign = spawn({**job, "cold": False, "queries": queries}, evict=False)
    aim = 20.0 if n <= 100_000 else 50.0
    results = []
    for label, text, by_date in queries:
        times = warm["times"][label]
        median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
        results.append({"query": label, "text": text, "by_date": by_date,
                        "hits": chosen["hits"][label], "results": warm["rows"][label],
                        "cold_ms": cold[label], "median_ms": median, "p95_ms": p95,
                        "max_ms": max(times), "median_ok": median < aim,
                        "p95_ok": p95 < 3 * median})  # fmt: skip
    sizes = index_size(db)
    return {"articles": n, "generated_s": generated, "index": json.loads(built),
            "index_bytes": sum(sizes.values()), "index_tables": sizes,
            "db_bytes": os.path.getsize(db), "aim_ms": aim, "source": chosen["source"],
            "source_total": chosen["source_total"], "warm_foreign_cpu_s": foreign,
            "warm_wall_s": sum(sum(t) for t in warm["times"].values()) / 1000,
            "results": results}  # fmt: skip


def show(r: dict[str, Any]) -> None:
    ix, mb = r["index"], 1e6
    tables = ", ".join(f"{k.removeprefix('article_fts_')} {v / mb:,.0f}"
                       for k, v in r["index_tables"].items())  # fmt: skip
    print(
        f"\n{r['articles']:,} articles: DB {r['db_bytes'] / mb:,.0f} MB; index built in "
        f"{ix['seconds']:.0f} s = {ix['per_s']:,.0f} articles/s (foreign CPU "
        f"{ix['foreign_cpu_s']:.0f} s); FTS5 tables {r['index_bytes'] / mb:,.0f} MB ({tables}); "
        f'source filter: "{r["source"]}" ({r["source_total"]:,} articles); foreign CPU '
        f"during warm timings {r['warm_foreign_cpu_s']:.1f} s of {r['warm_wall_s']:.1f} s"
    )
    print(f"{'query':30} {'text':34} {'hits':>7} {'rows':>4} {'cold':>7} {'median':>7} "
          f"{'p95':>7}  median<{r['aim_ms']:.0f}  p95<3x")  # fmt: skip
    for q in r["results"]:
        hits = "" if q["hits"] is None else f"{q['hits']:,}"
        print(
            f"{q['query']:30} {q['text'][:34]:34} {hits:>7} {q['results']:>4} "
            f"{q['cold_ms']:7.1f} {q['median_ms']:7.1f} {q['p95_ms']:7.1f}  "
            f"{'yes' if q['median_ok'] else 'NO':>9}  {'yes' if q['p95_ok'] else 'NO':>6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="articles, comma-separated")
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/kabar-archive-bench"))
    parser.add_argument("--reindex", action="store_true", help="time the index build again")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    runs = []
    for n in (int(x) for x in args.sizes.split(",")):
        runs.append(bench(args, n))
        if not args.json:
            show(runs[-1])
    if args.json:
        meta = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                "cpus": os.cpu_count()}  # fmt: skip
        print(json.dumps({**meta, "runs": runs}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
