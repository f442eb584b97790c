#!/usr/bin/env python3
"""Sync benchmark: a local farm of generated feeds, `kabar sync` (and optionally newsboat) timed.

The farm serves N RSS 2.0 / Atom feeds (Cyrillic and Latin, ~10% windows-1251) from `--hosts`
threaded HTTP/1.1 servers (keep-alive, ETag, Last-Modified, 304, added latency), each on its
own loopback address 127.0.x.y: Kabar limits connections per host *name*.

Pass 1 syncs a fresh data dir. Pass 2 syncs again after 10% of the feeds gained 3-5 items;
the rest answer 304 to a reader that sent validators. Pass 3 repeats pass 2 with another 10%:
newsboat stores a new feed's validators only from its second download on, so its pass 2
downloads everything again and only its pass 3 is conditional.

maxRSS is wait4()'s ru_maxrss: the largest single process of the reader's tree (Kabar forks
two parser processes; they are not summed). "tree PSS" is the sampled peak of the summed
proportional set sizes of the whole tree. "cpu s" is the tree's user+system CPU; "foreign"
is CPU that other programs on the machine used during the run (non-zero: a noisy result).
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape, quoteattr


def _words(*lines: str) -> list[str]:
    return " ".join(lines).split()


RU = _words(
    "новости город правительство сегодня столица Астана Алматы год государственной программы "
    "министерство новый закон акимат школа погода экономика Казахстан президент мажилис депутаты "
    "проект принял и по для помощь в на что рынок цены тенге области заявил банк суд выборы спорт",
)
KK = _words(
    "жаңалықтар қала үкімет бүгін елорда Астана Алматы жыл туралы мемлекеттік бағдарлама білім "
    "ғылым өңір халық министрлігі жұмыс жаңа құрылыс әкімдік тұрғындар мектеп ауа райы теміржол "
    "Қазақстан президенті мәжіліс депутаттар заң жобасы қабылдады және бойынша үшін көмек теңге",
)
EN = _words(
    "news city government today capital Astana Almaty year state programme agriculture education "
    "region residents ministry new law construction school weather railway economy Kazakhstan "
    "president parliament deputies bill adopted and for in on that market prices tenge said court",
)
ZONES = [UTC, *(timezone(timedelta(hours=h)) for h in (3, 5, 6))]
SUMMARY = re.compile(r"Synced (\d+) sources?.*?: (\d+) new, (\d+) updated, (\d+) failed")


@dataclass
class Doc:
    body: bytes
    etag: str
    last_modified: str
    items: int
    content_type: str


@dataclass
class FeedSpec:
    index: int
    words: list[list[str]]  # one or two vocabularies to mix
    atom: bool
    cp1251: bool
    items: list[str]  # serialized entries, newest first
    newest: datetime


class Generator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now.replace(microsecond=0)
        self.serial = 0

    def sentence(self, words: list[list[str]], low: int = 6, high: int = 16) -> str:
        text = " ".join(self.rng.choices(self.rng.choice(words), k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def body(self, words: list[list[str]], link: str) -> str:
        """1-5 KB of HTML: an image, paragraphs, some links and bold runs."""
        target = self.rng.randint(1000, 5000)
        parts = [f'<p><img src="https://cdn.example.kz/img/{self.serial}.jpg" width="640" '
                 f'height="360" alt="{self.sentence(words, 2, 4)}"></p>']  # fmt: skip
        size = len(parts[0])
        while size < target:
            para = ". ".join(self.sentence(words) for _ in range(self.rng.randint(2, 5))) + "."
            if self.rng.random() < 0.3:
                para += f' <a href="{link}?ref={len(parts)}">{self.sentence(words, 2, 5)}</a>.'
            if self.rng.random() < 0.2:
                para = f"<strong>{para[:40]}</strong>{para[40:]}"
            parts.append(f"<p>{para}</p>")
            size += len(parts[-1].encode())
        return "\n".join(parts)

    def entry(self, feed: FeedSpec, when: datetime) -> str:
        self.serial += 1
        link = f"https://news{feed.index}.example.kz/{when:%Y/%m/%d}/{self.serial}"
        title, body = escape(self.sentence(feed.words, 4, 10)), escape(self.body(feed.words, link))
        author = escape(self.sentence(feed.words, 2, 2))
        stamp = when.astimezone(self.rng.choice(ZONES))
        if feed.atom:
            return (f"<entry><title>{title}</title><link href={quoteattr(link)}/>"
                    f"<id>urn:kabar-bench:{self.serial}</id><published>{stamp.isoformat()}"
                    f"</published><updated>{stamp.isoformat()}</updated><author><name>{author}"
                    f'</name></author><content type="html">{body}</content></entry>')  # fmt: skip
        return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">"
                f"bench-{self.serial}</guid><pubDate>{email.utils.format_datetime(stamp)}</pubDate>"
                f"<category>{escape(self.rng.choice(feed.words[0]))}</category>"
                f"<description>{body}</description></item>")  # fmt: skip

    def feed(self, index: int, low: int, high: int) -> FeedSpec:
        cp1251, pick = self.rng.random() < 0.10, self.rng.random()
        words = ([RU] if cp1251 or pick < 0.4 else [KK] if pick < 0.6 else [EN] if pick < 0.85
                 else [RU, EN])  # fmt: skip
        when = self.now - timedelta(minutes=self.rng.randint(1, 180))
        spec = FeedSpec(index, words, self.rng.random() < 0.35, cp1251, [], when)
        for _ in range(self.rng.randint(low, high)):
            spec.items.append(self.entry(spec, when))
            when -= timedelta(minutes=self.rng.randint(5, 600))
        return spec

    def grow(self, spec: FeedSpec) -> None:
        """3-5 new items at the top, dated a few minutes ago."""
        for _ in range(self.rng.randint(3, 5)):
            spec.newest = self.now - timedelta(seconds=self.rng.randint(10, 300))
            spec.items.insert(0, self.entry(spec, spec.newest))


def render(spec: FeedSpec, url: str) -> Doc:
    encoding = "windows-1251" if spec.cp1251 else "utf-8"
    title = escape(f"{spec.words[0][0].capitalize()} {spec.index}")
    site = f"https://news{spec.index}.example.kz/"
    lang = "kk" if spec.words[0] is KK else "en" if spec.words[0] is EN else "ru"
    items = "".join(spec.items)
    if spec.atom:
        text = (f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}"><title>{title}'
                f'</title><id>{url}</id><link rel="alternate" href="{site}"/><link rel="self" '
                f'href="{url}"/><updated>{spec.newest.isoformat()}</updated>{items}'
                "</feed>")  # fmt: skip
    else:
        text = (f'<rss version="2.0"><channel><title>{title}</title><link>{site}</link>'
                f"<description>{title}</description><language>{lang}</language>{items}"
                "</channel></rss>")  # fmt: skip
    body = f'<?xml version="1.0" encoding="{encoding}"?>\n{text}'.encode(
        encoding, "xmlcharrefreplace"
    )
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
    modified = email.utils.format_datetime(spec.newest, usegmt=True)
    kind = "application/atom+xml" if spec.atom else "application/rss+xml"
    return Doc(body, etag, modified, len(spec.items), kind)


class Farm:
    """`hosts` servers; feed i lives on host i % hosts. Serves `docs`, swapped between passes."""

    def __init__(self, hosts: int, latency: float, mode: str) -> None:
        self.docs: dict[str, Doc] = {}
        self.latency = latency
        self.counts = {"200": 0, "304": 0, "404": 0}
        self.lock = threading.Lock()
        self.servers: list[_Server] = []
        handler = type("Handler", (_Handler,), {"farm": self})
        for h in range(hosts):
            ip = f"127.0.{1 + h // 250}.{1 + h % 250}" if mode == "ips" else "127.0.0.1"
            self.servers.append(_Server((ip, 0), handler))
            threading.Thread(
                target=self.servers[-1].serve_forever, args=(0.2,), daemon=True
            ).start()

    def url(self, index: int) -> str:
        host, port = self.servers[index % len(self.servers)].server_address[:2]
        return f"http://{host!s}:{port}/feed/{index}.xml"

    def take_counts(self) -> dict[str, int]:
        with self.lock:
            counts, self.counts = self.counts, {"200": 0, "304": 0, "404": 0}
        return counts

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a reader that drops a kept-alive connection is not an error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    farm: ClassVar[Farm]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.farm.latency)
        doc = self.farm.docs.get(self.path)
        match, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        fresh = doc is not None and (match == doc.etag if match else since == doc.last_modified)
        with self.farm.lock:
            self.farm.counts["404" if doc is None else "304" if fresh else "200"] += 1
        if doc is None:
            self.send_error(404)
            return
        self.send_response(304 if fresh else 200)
        self.send_header("ETag", doc.etag)
        self.send_header("Last-Modified", doc.last_modified)
        self.send_header("Cache-Control", "max-age=300")
        if not fresh:
            self.send_header("Content-Type", doc.content_type)
            self.send_header("Content-Length", str(len(doc.body)))
        self.end_headers()
        if not fresh:
            self.wfile.write(doc.body)


@dataclass
class Measure:
    wall: float
    code: int
    stdout: str
    max_rss_mb: float  # largest single process of the tree (wait4 ru_maxrss)
    tree_pss_mb: float  # sampled peak of the summed PSS of the whole tree
    cpu: float  # user + system seconds of the tree
    foreign_cpu: float  # seconds other programs ran meanwhile


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            ppid = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        found = re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def _busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


# The reader runs under a small fresh child: an exec'd process inherits the RSS high-water mark
# of the process it was forked from, so forking it from this (large) script inflates ru_maxrss.
_WRAPPER = """import os, sys, time
t = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, u = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - t} {u.ru_maxrss} {u.ru_utime + u.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))"""


def measure(cmd: list[str], env: dict[str, str] | None, timeout: float) -> Measure:
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as result:
        busy, own = _busy_s(), time.process_time()
        proc = subprocess.Popen([sys.executable, "-S", "-c", _WRAPPER, result.name, *cmd],
                                stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)  # fmt: skip
        peak, done = [0], threading.Event()

        def sample() -> None:  # the wrapper itself is left out
            while not done.wait(0.1):
                peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)[1:]))

        threading.Thread(target=sample, daemon=True).start()
        killer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        killer.start()
        code = proc.wait()
        killer.cancel()
        done.set()
        busy, own = _busy_s() - busy, time.process_time() - own
        wall, maxrss, cpu = (float(v) for v in (result.read().split() or ["nan", "0", "0"]))
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    foreign = max(0.0, busy - cpu - own - 0.05)  # the wrapper's own start costs ~0.05 s
    return Measure(wall, code, text, maxrss / 1024, peak[0] / 1024, cpu, foreign)


def row(reader: str, run: int, sync_pass: int, m: Measure, new: int, ok: int, failed: int,
        stored: int, counts: dict[str, int]) -> dict[str, Any]:  # fmt: skip
    return {"reader": reader, "run": run, "pass": sync_pass, "wall_s": round(m.wall, 2),
            "new": new, "articles_per_s": round(new / m.wall, 1), "ok": ok, "failed": failed,
            "max_rss_mb": round(m.max_rss_mb, 1), "tree_pss_mb": round(m.tree_pss_mb, 1),
            "cpu_s": round(m.cpu, 1), "foreign_cpu_s": round(m.foreign_cpu, 1), "stored": stored,
            "http_200": counts["200"], "http_304": counts["304"]}  # fmt: skip


def kabar_passes(args: argparse.Namespace, farm: Farm, passes: list[dict[str, Doc]],
                 urls: list[str], run: int, work: Path) -> list[dict[str, Any]]:  # fmt: skip
    opml = work / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="Feed {i}" xmlUrl={quoteattr(u)}/>'
                       for i, u in enumerate(urls))  # fmt: skip
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>bench</title>'
                    f"</head><body>{outlines}</body></opml>")  # fmt: skip
    base = [args.kabar, "--data-dir", str(work / f"kabar-{run}")]
    subprocess.run([*base, "import-opml", str(opml)], check=True, capture_output=True)
    rows = []
    for number, docs in enumerate(passes, 1):
        farm.docs = docs
        farm.take_counts()
        m = measure([*base, "sync", "--quiet"], None, args.timeout)
        counts = farm.take_counts()
        if m.code != 0 or not (found := SUMMARY.search(m.stdout)):
            sys.exit(f"kabar sync failed (exit {m.code}):\n{m.stdout[-3000:]}")
        synced, new, _updated, failed = (int(g) for g in found.groups())
        listed = subprocess.run([*base, "sources", "--json"], check=True, capture_output=True)
        stored = sum(s["total"] for s in json.loads(listed.stdout))
        rows.append(row("kabar", run, number, m, new, synced - failed, failed, stored, counts))
    return rows


def newsboat_passes(args: argparse.Namespace, farm: Farm, passes: list[dict[str, Doc]],
                    urls: list[str], run: int, work: Path) -> list[dict[str, Any]]:  # fmt: skip
    home = work / f"newsboat-{run}"
    home.mkdir()
    (home / "urls").write_text("".join(u + "\n" for u in urls))
    (home / "config").write_text("reload-threads 16\ndownload-timeout 30\nmax-items 0\n")
    cache = home / "cache.db"
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home),
           "XDG_DATA_HOME": str(home), "LANG": "C.UTF-8", "TERM": "dumb"}  # fmt: skip
    cmd = ["newsboat", "-u", str(home / "urls"), "-c", str(cache), "-C", str(home / "config"),
           "-x", "reload"]  # fmt: skip
    rows, before = [], 0
    for number, docs in enumerate(passes, 1):
        farm.docs = docs
        farm.take_counts()
        m = measure(cmd, env, args.timeout)
        counts = farm.take_counts()
        if m.code != 0:
            sys.exit(f"newsboat failed (exit {m.code}):\n{m.stdout[-3000:]}")
        with sqlite3.connect(cache) as db:
            stored = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
            ok = db.execute("SELECT count(DISTINCT feedurl) FROM rss_item").fetchone()[0]
        rows.append(row("newsboat", run, number, m, stored - before, ok, len(urls) - ok,
                        stored, counts))  # fmt: skip
        before = stored
    return rows


def print_table(rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    grown = " and ".join(f"+{n}" for n in meta["grown_items"])
    print(f"{meta['feeds']} feeds ({meta['atom_feeds']} Atom, {meta['cp1251_feeds']} "
          f"windows-1251), {meta['items']} items, {meta['megabytes']} MB, generated in "
          f"{meta['generate_s']} s; {meta['hosts']} hosts ({meta['host_mode']}), "
          f"{meta['latency_ms']:g} ms latency; passes 2 and 3: {meta['grown_feeds']} feeds "
          f"grow by {grown} items")  # fmt: skip
    head = ("reader", "run", "pass", "wall s", "new", "art/s", "ok", "fail", "maxRSS MB",
            "tree PSS MB", "cpu s", "foreign", "stored", "200s", "304s")  # fmt: skip
    lines = [head, *(tuple(str(v) for v in r.values()) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(v.rjust(w) for v, w in zip(line, widths, strict=True)))
    print("maxRSS: largest single process (wait4 ru_maxrss); tree PSS: sampled sum of the tree;"
          "\nforeign: CPU s used by other programs during the run (should be ~0).")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--min-items", type=int, default=20)
    parser.add_argument("--max-items", type=int, default=100)
    parser.add_argument("--latency", type=float, default=50, help="ms added to every request")
    parser.add_argument("--hosts", type=int, default=100, help="servers (one per host)")
    parser.add_argument("--host-mode", choices=("ips", "ports"), default="ips",
                        help="hosts as distinct loopback IPs or as ports of 127.0.0.1")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="fresh runs per reader")
    parser.add_argument("--timeout", type=float, default=600, help="s per sync before a kill")
    parser.add_argument("--kabar", default=str(Path(sys.executable).with_name("kabar")))
    parser.add_argument("--no-kabar", action="store_true", help="skip Kabar")
    parser.add_argument("--newsboat", action="store_true", help="also run newsboat -x reload")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    farm = Farm(args.hosts, args.latency / 1000, args.host_mode)
    urls = [farm.url(i) for i in range(args.feeds)]
    started = time.perf_counter()
    gen = Generator(args.seed, datetime.now(UTC))
    specs = [gen.feed(i, args.min_items, args.max_items) for i in range(args.feeds)]
    passes = [{f"/feed/{s.index}.xml": render(s, u) for s, u in zip(specs, urls, strict=True)}]
    for _ in range(2):  # passes 2 and 3: another 10% of the feeds grow each time
        docs = dict(passes[-1])
        for spec in gen.rng.sample(specs, max(1, args.feeds // 10)):
            gen.grow(spec)
            docs[f"/feed/{spec.index}.xml"] = render(spec, urls[spec.index])
        passes.append(docs)
    meta = {
        "feeds": args.feeds, "hosts": args.hosts, "host_mode": args.host_mode,
        "latency_ms": args.latency, "seed": args.seed,
        "items": sum(d.items for d in passes[0].values()),
        "megabytes": round(sum(len(d.body) for d in passes[0].values()) / 2**20, 1),
        "cp1251_feeds": sum(s.cp1251 for s in specs), "atom_feeds": sum(s.atom for s in specs),
        "grown_feeds": max(1, args.feeds // 10),
        "grown_items": [sum(b[k].items - a[k].items for k in a)
                        for a, b in itertools.pairwise(passes)],
        "generate_s": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kabar-bench-") as tmp:
        for run in range(1, args.runs + 1):
            if not args.no_kabar:
                rows += kabar_passes(args, farm, passes, urls, run, Path(tmp))
            if args.newsboat:
                rows += newsboat_passes(args, farm, passes, urls, run, Path(tmp))
    farm.close()
    if args.json:
        json.dump({"meta": meta, "rows": rows}, sys.stdout, indent=2)
        print()
    else:
        print_table(rows, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
