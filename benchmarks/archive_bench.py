#!/usr/bin/env python3
"""Archive benchmark: Kabar's list queries (reader.storage, no window) on 100k / 1M articles.

Each database gets Kabar's schema from Storage() (the migrations), then is bulk-filled with
raw sqlite3; the triggers keep the per-source counters, checked against a recount before and
after. Databases are cached under --cache-dir and reused while the parameters match.
Each operation is timed --repeat times three ways: "cold" = a fresh process and Storage with
the database evicted from the OS page cache (posix_fadvise DONTNEED), about the first list
after a reboot; "fresh" = a fresh process and Storage, OS cache warm (a new window start);
"warm" = one long-lived Storage after one untimed call. Times include building the result
objects; writes are undone after each timing. RSS is the peak (VmHWM) of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from reader.migrations import LATEST_VERSION
from reader.storage import Storage
from reader.types import ArticleFilter, PageCursor

END = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())  # before any real "now" of a run
SPAN = 3 * 365 * 86400
PAGE = 200
BATCH = 50_000
MODES = ("cold", "fresh", "warm")
FOLDERS = ["Новости", "Экономика", "Спорт", "Қазақстан", "Культура", "Наука", "World", "Tech",
           "Business", "Science", "Blogs", "Podcasts"]  # fmt: skip
WORDS = {
    "ru": "новости город правительство сегодня столица Астана Алматы год государственной "
    "программы министерство новый закон акимат школа погода экономика Казахстан президент "
    "мажилис депутаты проект принял и по для помощь в на что рынок цены тенге заявил суд",
    "kk": "жаңалықтар қала үкімет бүгін елорда Астана Алматы жыл туралы мемлекеттік бағдарлама "
    "білім ғылым өңір халық министрлігі жұмыс жаңа құрылыс әкімдік тұрғындар мектеп ауа райы "
    "Қазақстан президенті мәжіліс депутаттар заң жобасы қабылдады және бойынша үшін",
    "en": "news city government today capital Astana Almaty year state programme education "
    "region residents ministry new law construction school weather railway economy Kazakhstan "
    "president parliament deputies bill adopted and for in on that market prices said",
}
COLUMNS = ("id, source_id, key, guid, link, title, author, published, updated, first_seen, "
           "sort_date, language, content_hash, read, starred, read_at, starred_at")  # fmt: skip
INSERT = f"INSERT INTO article ({COLUMNS}) VALUES ({', '.join('?' * 17)})"
# Schema v3 keeps bodies apart from the narrow article row.
INSERT_BODY = "INSERT INTO article_body (article_id, summary_html, text) VALUES (?, ?, ?)"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = {lang: text.split(" ") for lang, text in WORDS.items()}
        self.pool = {lang: [self.paragraph(lang) for _ in range(400)] for lang in WORDS}

    def sentence(self, lang: str, low: int = 5, high: int = 14) -> str:
        text = " ".join(self.rng.choices(self.words[lang], k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def paragraph(self, lang: str) -> tuple[str, str, int]:
        plain = ". ".join(self.sentence(lang) for _ in range(self.rng.randint(2, 4))) + "."
        html = plain
        if self.rng.random() < 0.3:
            anchor = self.sentence(lang, 2, 4)
            html += f' <a href="https://example.kz/{self.rng.randrange(10**6)}">{anchor}</a>.'
            plain += f" {anchor}."
        html = f"<p>{html}</p>\n" if self.rng.random() < 0.8 else f"<p><b>{html}</b></p>\n"
        return html, plain, len(html.encode())

    def article(self, serial: int, src: int, lang: str, when: int) -> tuple[Any, ...]:
        """One row: 1-3 KB of HTML summary (an image, paragraphs, links) and its plain text."""
        rng, target, size = self.rng, self.rng.randint(1000, 3000), 0
        html = [f'<p><img src="https://cdn.example.kz/{serial}.jpg" width="640"></p>\n']
        plain: list[str] = []
        for part_html, part_plain, part_size in rng.choices(self.pool[lang], k=30):
            html.append(part_html)
            plain.append(part_plain)
            size += part_size
            if size >= target:
                break
        link = f"https://news{src}.example.kz/{serial}"
        read, starred = rng.random() < 0.3, rng.random() < 0.01
        author = self.sentence(lang, 2, 2) if rng.random() < 0.5 else None
        return (src, link, link, link, self.sentence(lang, 4, 10), author, when, None,
                when + rng.randint(60, 3600), when, "".join(html), " ".join(plain), lang,
                f"{serial:040x}", read, starred, when + 600 if read else None,
                when + 900 if starred else None)  # fmt: skip


def generate(path: Path, n: int, n_sources: int, seed: int, marker: str) -> float:
    started = time.perf_counter()
    Storage(path).close()  # the schema, through Kabar's own migrations
    gen, con = Generator(seed), sqlite3.connect(path, isolation_level=None)
    rng = gen.rng
    con.execute("PRAGMA synchronous=OFF")  # generation only; Storage sets NORMAL again
    con.execute("PRAGMA cache_size=-1000000")
    langs = rng.choices(list(WORDS), weights=[5, 2, 3], k=n_sources)
    sources = [(i, f"https://news{i}.example.kz/rss", f"{gen.sentence(lang, 1, 3)} {i}",
                f"https://news{i}.example.kz/", None if rng.random() < 0.05 else
                rng.choice(FOLDERS), lang, END - SPAN)
               for i, lang in enumerate(langs, 1)]  # fmt: skip
    con.execute("BEGIN")
    con.executemany("INSERT INTO source (id, url, title, site_url, folder, language, added, "
                    "synced_once) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", sources)  # fmt: skip
    con.execute("COMMIT")
    weights = [1 / k for k in range(1, n_sources + 1)]  # Zipf: a few very busy sources
    rng.shuffle(weights)
    # Oldest first (ids grow with time, as in a real sync); denser towards the present.
    ages = sorted((int(SPAN * rng.random() ** 1.5) for _ in range(n)), reverse=True)
    for start in range(0, n, BATCH):
        chunk = ages[start : start + BATCH]
        srcs = rng.choices(range(1, n_sources + 1), weights, k=len(chunk))
        pairs = enumerate(zip(srcs, chunk, strict=True), start + 1)
        rows = [(serial, *gen.article(serial, src, langs[src - 1], END - age))
                for serial, (src, age) in pairs]  # fmt: skip
        con.execute("BEGIN")
        con.executemany(INSERT, [row[:11] + row[13:] for row in rows])
        con.executemany(INSERT_BODY, [(row[0], row[11], row[12]) for row in rows])
        con.execute("COMMIT")
    con.execute("INSERT INTO setting (key, value) VALUES ('bench', ?)", (marker,))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return time.perf_counter() - started


def check_counters(db: Path) -> float:
    """The trigger-kept counters must equal a recount (index-only subqueries)."""
    start, con = time.perf_counter(), sqlite3.connect(db)
    wrong = con.execute(
        "SELECT id FROM source WHERE total_count != (SELECT count(*) FROM "
        "article WHERE source_id = source.id) OR unread_count != (SELECT "
        "count(*) FROM article WHERE source_id = source.id AND NOT read)"
    ).fetchall()
    con.close()
    if wrong:
        sys.exit(f"the unread/total counters of sources {wrong} differ from their articles")
    return time.perf_counter() - start


def choose(con: sqlite3.Connection) -> dict[str, Any]:
    """What the operations work on: the busiest source, a ~5k source, folders, a cursor."""
    by_size = con.execute("SELECT id, total_count FROM source ORDER BY total_count DESC").fetchall()
    folders = con.execute("SELECT folder, sum(total_count) FROM source WHERE folder IS NOT NULL "
                          "GROUP BY folder ORDER BY 2").fetchall()  # fmt: skip
    five_k = min(by_size, key=lambda row: abs(row[1] - 5000))
    total = sum(row[1] for row in by_size)
    offset = min(49 * PAGE, max(total - PAGE, 1)) - 1  # page 50, or a small archive's last
    one = "SELECT id FROM article WHERE source_id = ? AND NOT read ORDER BY sort_date DESC"
    return {
        "big": by_size[0][0], "big_total": by_size[0][1],
        "five_k": five_k[0], "five_k_total": five_k[1],
        "five_k_unread": [r[0] for r in con.execute(one, (five_k[0],))],
        "folder_small": folders[0][0], "folder_small_total": folders[0][1],
        "folder_large": folders[-1][0], "folder_large_total": folders[-1][1],
        "cursor": con.execute("SELECT sort_date, id FROM article ORDER BY sort_date DESC, "
                              "id DESC LIMIT 1 OFFSET ?", (offset,)).fetchone(),
        "unread_id": con.execute(one, (by_size[0][0],)).fetchone()[0],
    }  # fmt: skip


# -- the operations -------------------------------------------------------------------------

Op = Callable[[Any, dict[str, Any]], int]  # (Storage, chosen ids) -> rows


def listing(window: bool = False, **flt: Any) -> Op:
    """A first page: articles(200), or article_keys(1000) + headlines(100) as the lazy list."""

    def op(s: Any, p: dict[str, Any]) -> int:
        f = ArticleFilter(**{k: p[v] if isinstance(v, str) else v for k, v in flt.items()})
        if window:
            return len(s.headlines([key.id for key in s.article_keys(f, 1000)[:100]]))
        return len(s.articles(f, PAGE))

    return op


def page_50(s: Storage, p: dict[str, Any]) -> int:
    cursor = PageCursor(datetime.fromtimestamp(p["cursor"][0], UTC), p["cursor"][1])
    return len(s.articles(ArticleFilter(), PAGE, cursor))


def page_through(s: Storage, p: dict[str, Any]) -> int:
    rows, cursor = 0, None
    while True:
        page = s.articles(ArticleFilter(source_id=p["big"]), PAGE, cursor)
        rows += len(page)
        if len(page) < PAGE:
            return rows
        cursor = PageCursor(page[-1].sort_date, page[-1].id)


OPS: dict[str, Op] = {
    "sources() with counts": lambda s, p: len(s.sources()),
    "counts()": lambda s, p: len(s.counts()),
    "page 1: All": listing(),
    "page 1: Unread": listing(unread=True),
    "page 1: Starred": listing(starred=True),
    "page 1: busiest source": listing(source_id="big"),
    "page 1: busiest source, unread": listing(source_id="big", unread=True),
    "page 1: largest folder": listing(folder="folder_large"),
    "page 1: smallest folder": listing(folder="folder_small"),
    "page 1: smallest folder, unread": listing(folder="folder_small", unread=True),
    "page 50: All (keyset)": page_50,
    "all pages: busiest source": page_through,
    "article(id)": lambda s, p: len([s.article(p["unread_id"])]),
    "mark([id], read=True)": lambda s, p: s.mark([p["unread_id"]], read=True),
    "mark_all_read(~5k source)": lambda s, p: s.mark_all_read(p["five_k"]),
}
if hasattr(Storage, "article_keys"):  # the window's lazy headline list (ui/headlines.py)
    OPS["lazy list: All"] = listing(True)
    OPS["lazy list: largest folder"] = listing(True, folder="folder_large")
    OPS["lazy list: smallest folder, unread"] = listing(True, folder="folder_small", unread=True)
UNDO = {"mark([id], read=True)": "unread_id", "mark_all_read(~5k source)": "five_k_unread"}


def undo(db: Path, name: str, p: dict[str, Any]) -> None:
    """Raw SQL after the timing; the triggers put the counters back too."""
    if name in UNDO:
        ids, con = json.dumps(p[UNDO[name]]), sqlite3.connect(db)
        with con:
            con.execute("UPDATE article SET read = 0, read_at = NULL WHERE id IN "
                        "(SELECT value FROM json_each(?))", [ids])  # fmt: skip
        con.close()


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "max": max(values)}


def child(job: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process: one operation once, or ("warm") every operation 1 + repeat times."""
    db, p, warm = Path(job["db"]), json.loads(Path(job["params"]).read_text()), job["op"] == "warm"
    out: dict[str, Any] = {"open": []}
    for _ in range(job["repeat"] if warm else 1):
        start = time.perf_counter()
        s = Storage(db)
        out["open"].append(ms_since(start))
    for name in OPS if warm else [job["op"]]:
        out[name] = []
        for _ in range(1 + job["repeat"] if warm else 1):
            start = time.perf_counter()
            out["rows"] = OPS[name](s, p)
            out[name].append(ms_since(start))
            undo(db, name, p)
        out[name] = out[name][1:] if warm else out[name]
    status = Path("/proc/self/status").read_text()  # VmHWM: ru_maxrss survives fork and exec
    out["rss"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
    return out


def spawn(job: dict[str, Any]) -> dict[str, Any]:
    for path in (job["db"], job["db"] + "-wal") if job.pop("evict", False) else ():
        if os.path.exists(path):
            fd = os.open(path, os.O_RDONLY)
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
    command = [sys.executable, __file__, "--child", json.dumps(job)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{job['op']} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout))


def plans(db: Path, p: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """EXPLAIN QUERY PLAN of every distinct statement each operation runs."""
    seen: list[tuple[str, Any]] = []
    s, con, found = Storage(db), sqlite3.connect(db), {}
    event.listen(s.db.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, params, _ctx, _many: seen.append((sql, params)))  # fmt: skip
    for name, op in OPS.items():
        seen.clear()
        op(s, p)
        undo(db, name, p)
        distinct = {sql: params for sql, params in seen if sql.split()[0] in ("SELECT", "UPDATE")}
        found[name] = [{"sql": " ".join(sql.split()), "plan": [r[3] for r in con.execute(
            "EXPLAIN QUERY PLAN " + sql, params)]} for sql, params in distinct.items()]  # fmt: skip
    s.close()
    con.close()
    return found


def bench(args: argparse.Namespace, n: int) -> dict[str, Any]:
    db = args.cache_dir / f"kabar-{n}-s{args.sources}-seed{args.seed}-v{LATEST_VERSION}.sqlite3"
    marker = json.dumps([n, args.sources, args.seed, LATEST_VERSION])
    if db.exists():
        with sqlite3.connect(db) as con:
            found = con.execute("SELECT value FROM setting WHERE key = 'bench'").fetchone()
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if found != (marker,) else ():
            path.unlink(missing_ok=True)  # unfinished or different: made again
    generated = None
    if not db.exists():
        args.cache_dir.mkdir(parents=True, exist_ok=True)
        generated = generate(db, n, args.sources, args.seed, marker)
        print(f"{n:,} articles generated in {generated:.1f} s", file=sys.stderr)
    recount = check_counters(db)
    with sqlite3.connect(db) as con:
        p = choose(con)
    (params := db.with_suffix(".params.json")).write_text(json.dumps(p))
    base = {"db": str(db), "params": str(params), "repeat": args.repeat}
    result: dict[str, Any] = {"articles": n, "sources": args.sources, "generated_s": generated,
                              "recount_s": recount, "ops": {}, "open": {}}  # fmt: skip
    result["chosen"] = {k: v for k, v in p.items() if k != "five_k_unread"}
    opens: dict[str, list[float]] = {"cold": [], "fresh": []}
    for name in OPS:
        runs: dict[str, list[dict[str, Any]]] = {"cold": [], "fresh": []}
        for _ in range(args.repeat):
            for mode, done in runs.items():
                done.append(spawn({**base, "op": name, "evict": mode == "cold"}))
                opens[mode] += done[-1]["open"]
        times = {mode: stats([r[name][0] for r in done]) for mode, done in runs.items()}
        rss = max(r["rss"] for r in runs["fresh"] + runs["cold"])
        result["ops"][name] = {"rows": runs["fresh"][0]["rows"], "rss": rss, **times}
        print(f"  {n:,}: {name} done", file=sys.stderr)
    warm = spawn({**base, "op": "warm"})
    for name in OPS:
        result["ops"][name]["warm"] = stats(warm[name])
    result["open"] = {**{m: stats(v) for m, v in opens.items()}, "warm": stats(warm["open"])}
    result["warm_rss_mb"] = warm["rss"]
    check_counters(db)  # the marks and their undos went through the triggers too
    result["db_mb"] = sum(os.path.getsize(f) for f in (db, Path(f"{db}-wal")) if f.exists()) / 1e6
    result["plans"] = plans(db, p)
    return result


def show(r: dict[str, Any], with_plans: bool) -> None:
    c = r["chosen"]
    made = "reused" if r["generated_s"] is None else f"generated in {r['generated_s']:.1f} s"
    print(f"\n{r['articles']:,} articles, {r['sources']} sources, DB {r['db_mb']:,.0f} MB "
          f"({made}); counters OK (recount {r['recount_s']:.2f} s); busiest source "
          f"{c['big_total']:,}, ~5k source {c['five_k_total']:,}; folders {c['folder_small']} "
          f"{c['folder_small_total']:,} to {c['folder_large']} {c['folder_large_total']:,}; "
          f"peak RSS of the warm process {r['warm_rss_mb']:.0f} MB")  # fmt: skip
    print(f"{'operation':36} {'rows':>7}", *(f"{m + ' ms med/max':>17}" for m in MODES), "RSS MB")
    for name, o in [("Storage() open", {**r["open"], "rows": "", "rss": 0}), *r["ops"].items()]:
        cells = (f"{o[m]['median']:.1f} / {o[m]['max']:.1f}" for m in MODES)
        rss = f"{o['rss']:6.0f}" if o["rss"] else ""
        print(f"{name:36} {o['rows']:>7}", *(f"{c:>17}" for c in cells), rss)
    for name, statements in r["plans"].items() if with_plans else ():
        for st in statements:
            print(f"\n[{name}] {st['sql'][:160]}...\n    " + "\n    ".join(st["plan"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="articles, comma-separated")
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/kabar-archive-bench"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    runs = []
    for n in (int(x) for x in args.sizes.split(",")):
        runs.append(bench(args, n))
        if not args.json:
            show(runs[-1], args.plans)
    if args.json:
        meta = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
        print(json.dumps({**meta, "runs": runs}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
