#!/usr/bin/env python3
"""Capture benchmark: full-article capture throughput (pages/s) of `kabar` on a local farm.

The farm: `--hosts` threaded HTTP/1.1 servers (keep-alive, `--latency` ms added to every
request), one per loopback address 127.0.x.y (or per port of 127.0.0.1). Each serves teaser
RSS feeds (descriptions under 300 characters, so Kabar's "auto" mode captures them) whose
links point to article pages on the same host. A page is Tengrinews-shaped (navigation, share
bar, repeated lead, quote, list, "Read also", promos, widgets; cf. tests/data/pages/
tengrinews_like.html), Russian or English, 5-40 KB of HTML, with one or two <img> served as
small valid PNGs, so the picture phase runs too. Seeded: the same seed gives the same farm.

Measured, each on a fresh data dir after `kabar import-opml`, with sync_bench's `measure`
(wall, wait4 ru_maxrss of the largest process, sampled tree PSS, tree CPU, foreign CPU):
- "sync": `kabar sync --quiet`, the whole sync (feeds, full articles, pictures, search index);
- "split": `kabar sync --no-capture --quiet`, then `kabar capture --quiet` timed alone
  (capture + pictures + indexing of the captured text).
pages/s = full articles saved / wall s of that command. "farm cpu" is this script's own CPU
(the servers share the 2 cores with Kabar). The servers count, per host, the most connections
open at once and the most requests in flight at once (politeness: both at most 2).
Checked after each run: `kabar storage --json` (full_texts, image bytes), `kabar articles
--json` (every served page is an article) and, in the database, that each stored text holds
its page's last article paragraph ("complete").
"""

from __future__ import annotations

import argparse
import email.utils
import json
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape, quoteattr

# benchmarks/ is on sys.path when this file is run as a script
from sync_bench import EN, RU, Generator, Measure, _Server, measure

SAVED = re.compile(r"Saved (\d+) full article\(s\)[^;(]*(?:[;(] ?(\d+) could not be)?")
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - News {feed}</title>
<meta property="og:title" content="{title}"><meta property="og:image" content="{img0}">
<script>window.stolen = document.cookie; var ads = [1, 2, 3];</script>
<style>.content_main_text {{ color: #222; }} .sidebar {{ float: right; }}</style></head>
<body onload="track()"><div class="breaking-banner"><a href="/tag/top/">{banner}</a></div>
<header class="header"><nav><a href="/">{home}</a> <a href="/news/">{news}</a></nav></header>
<main><div class="content_main">
<div class="content_main_meta"><span class="date-time">{date}</span></div>
<h1 class="head-single">{title}</h1>
<div class="content_main_share"><span>{share}</span> <a href="https://t.me/share/url?url={link}">
Telegram</a> <a href="https://wa.me/?text={link}">WhatsApp</a></div>
<picture class="content_main_thumb_img"><img src="{img0}" alt="" width="640" height="360">
<span class="photo-credit">{credit}</span></picture>
<div class="content_main_desc"><p>{lead}</p></div>
<div class="content_main_text">
<p>{lead}</p>
{body}
<p><strong>{also}:</strong></p><p><a href="/news/{feed}/0">{also_title}</a></p>
<p><a href="https://t.me/news{feed}"><b>{promo}</b></a></p></div>
<div class="read-also"><h3>{also}</h3><ul>{related}</ul></div>
<a class="join-telegram" href="https://t.me/news{feed}">Join Telegram</a></div></main>
<aside class="sidebar"><div class="currency-widget"><h4>{rates}</h4><span>479.5</span>
<span>535.02</span></div><div class="weather-widget"><h4>{weather}</h4><span>+27</span></div>
</aside><footer><a href="/about/">About</a> <a href="/advert/">Ads</a></footer></body></html>
"""
WORDS = {
    "ru": dict(banner="РЕФЕРЕНДУМ - 6 ОКТЯБРЯ", home="Главная", news="Новости", share="ПОДЕЛИТЬСЯ",
               credit="Фото ©REUTERS", also="Читайте также", rates="Курс валют",
               weather="Погода", promo="Самые важные новости - в нашем Telegram-канале! "
               "Подписывайтесь прямо сейчас"),
    "en": dict(banner="REFERENDUM - 6 OCTOBER", home="Home", news="News", share="SHARE",
               credit="Photo ©REUTERS", also="Read also", rates="Exchange rates",
               weather="Weather", promo="The most important news is in our Telegram channel! "
               "Subscribe now"),
}  # fmt: skip


@dataclass
class Doc:
    body: bytes
    content_type: str


@dataclass
class Site:
    docs: dict[str, Doc] = field(default_factory=dict)
    feed_urls: list[str] = field(default_factory=list)
    last_paragraph: dict[str, str] = field(default_factory=dict)  # page URL -> its last <p>
    pages: int = 0
    images: int = 0
    page_bytes: list[int] = field(default_factory=list)


def png(gen: Generator) -> bytes:
    """A valid RGB PNG, 48-160 px wide, of noisy rows: 2-30 KB that do not compress away."""
    rng = gen.rng
    width, height = rng.randint(48, 160), rng.randint(27, 90)
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))  # fmt: skip


def page(gen: Generator, site: Site, base: str, feed: int, item: int, lang: str,
         when: datetime, low_kb: int, high_kb: int) -> tuple[str, str, str]:  # fmt: skip
    """One article page into `site`; returns its URL, title and teaser."""
    words = [RU] if lang == "ru" else [EN]
    rng, url = gen.rng, f"{base}/news/{feed}/{item + 1}"
    title = gen.sentence(words, 5, 10)
    lead = ". ".join(gen.sentence(words, 8, 14) for _ in range(2)) + "."
    teaser = lead[:280]
    images = [f"/img/{feed}/{item + 1}-{k}.png" for k in range(1 + (rng.random() < 0.5))]
    for path in images:
        site.docs[path] = Doc(png(gen), "image/png")
    target, parts, size = rng.randint(low_kb * 1000, high_kb * 1000) - 3500, [], 0
    while size < target:
        roll = rng.random()
        if roll < 0.06:
            part = f"<blockquote>«{gen.sentence(words, 10, 20)}», - {gen.sentence(words, 2, 3)}."
            part += "</blockquote>"
        elif roll < 0.1:
            part = "<ul>" + "".join(f"<li>{gen.sentence(words, 3, 8)};</li>" for _ in range(3))
            part += "</ul>"
        else:
            para = ". ".join(gen.sentence(words) for _ in range(rng.randint(2, 6))) + "."
            if rng.random() < 0.2:
                para += f' <a href="/tag/{rng.randint(1, 99)}/">{gen.sentence(words, 1, 3)}</a>.'
            part = f"<p>{para}</p>"
        parts.append(part)
        size += len(part.encode())
    if len(images) > 1:
        alt, caption = gen.sentence(words, 2, 3), gen.sentence(words, 4, 9)
        parts.insert(min(2, len(parts)), f'<figure><img src="{images[1]}" alt="{alt}">'
                     f"<figcaption>{caption}.</figcaption></figure>")  # fmt: skip
    last = ". ".join(gen.sentence(words) for _ in range(3)) + f". №{feed}-{item + 1}."
    parts.append(f"<p>{last}</p>")
    related = "".join(f'<li><a href="/news/{feed}/{rng.randint(1, 999)}">'
                      f"{gen.sentence(words, 3, 7)}</a></li>" for _ in range(3))  # fmt: skip
    html = PAGE.format(lang=lang, title=title, feed=feed, img0=images[0], link=url, lead=lead,
                       date=f"{when:%d.%m.%Y | %H:%M}", body="\n".join(parts), related=related,
                       also_title=gen.sentence(words, 4, 8), **WORDS[lang])  # fmt: skip
    body = html.encode()
    site.docs[url.removeprefix(base)] = Doc(body, "text/html; charset=utf-8")
    site.last_paragraph[url] = last
    site.pages, site.images = site.pages + 1, site.images + len(images)
    site.page_bytes.append(len(body))
    return url, title, teaser


def build(seed: int, feeds: int, items: int, bases: list[str], low_kb: int, high_kb: int) -> Site:
    gen, site = Generator(seed, datetime.now(UTC)), Site()
    for index in range(feeds):
        base = bases[index % len(bases)]
        lang = "ru" if gen.rng.random() < 0.6 else "en"
        when, entries = gen.now - timedelta(minutes=gen.rng.randint(1, 60)), []
        for item in range(items):
            url, title, teaser = page(gen, site, base, index, item, lang, when, low_kb, high_kb)
            entries.append(f"<item><title>{escape(title)}</title><link>{url}</link><guid>{url}"
                           f"</guid><pubDate>{email.utils.format_datetime(when)}</pubDate>"
                           f"<description>{escape(teaser)}</description></item>")  # fmt: skip
            when -= timedelta(minutes=gen.rng.randint(5, 120))
        feed = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>'
                f"News {index}</title><link>{base}/</link><description>Teasers</description>"
                f"<language>{lang}</language>{''.join(entries)}</channel></rss>")  # fmt: skip
        site.docs[f"/feed/{index}.xml"] = Doc(feed.encode(), "application/rss+xml")
        site.feed_urls.append(f"{base}/feed/{index}.xml")
    return site


class Farm:
    """`hosts` servers serving `site.docs` by path; per host it counts connections open at once
    and requests in flight at once (now and peak), and the requests by kind."""

    def __init__(self, hosts: int, latency: float, mode: str) -> None:
        self.docs: dict[str, Doc] = {}
        self.latency, self.lock = latency, threading.Lock()
        self.now: dict[str, dict[str, int]] = {"conns": {}, "flight": {}}
        self.peak: dict[str, dict[str, int]] = {"conns": {}, "flight": {}}
        self.kinds: dict[str, int] = {}
        self.servers: list[_Server] = []
        handler = type("Handler", (_Handler,), {"farm": self})
        for h in range(hosts):
            ip = f"127.0.{1 + h // 250}.{1 + h % 250}" if mode == "ips" else "127.0.0.1"
            self.servers.append(_Server((ip, 0), handler))
            threading.Thread(target=self.servers[-1].serve_forever, args=(0.2,),
                             daemon=True).start()  # fmt: skip
        self.take_counts()

    def base(self, index: int) -> str:
        host, port = self.servers[index].server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, key: str, name: str, delta: int) -> None:
        with self.lock:
            now = self.now[name][key] = self.now[name].get(key, 0) + delta
            self.peak[name][key] = max(self.peak[name].get(key, 0), now)

    def take_counts(self) -> dict[str, int]:
        """The counts since the last call; peaks restart from what is open right now."""
        with self.lock:
            counts = {"max_conns_per_host": max(self.peak["conns"].values(), default=0),
                      "max_inflight_per_host": max(self.peak["flight"].values(), default=0),
                      **self.kinds}  # fmt: skip
            self.peak = {name: dict(values) for name, values in self.now.items()}
            self.kinds = dict.fromkeys(("connections", "feeds", "pages", "images", "404s"), 0)
        return counts

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    farm: ClassVar[Farm]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.host_key = str(self.server.server_address)
        self.farm.add(self.host_key, "conns", 1)
        with self.farm.lock:
            self.farm.kinds["connections"] += 1

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.farm.add(self.host_key, "conns", -1)

    def do_GET(self) -> None:
        self.farm.add(self.host_key, "flight", 1)
        try:
            time.sleep(self.farm.latency)
            doc = self.farm.docs.get(self.path)
            kind = ("404s" if doc is None else "feeds" if self.path.startswith("/feed/") else
                    "images" if self.path.startswith("/img/") else "pages")  # fmt: skip
            with self.farm.lock:
                self.farm.kinds[kind] += 1
            if doc is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", doc.content_type)
            self.send_header("Content-Length", str(len(doc.body)))
            self.end_headers()
            self.wfile.write(doc.body)
        finally:
            self.farm.add(self.host_key, "flight", -1)


def timed(args: argparse.Namespace, farm: Farm, cmd: list[str]) -> tuple[Measure, dict[str, int],
                                                                          float]:  # fmt: skip
    """`cmd` under sync_bench's `measure`, the farm's counts, and this script's own CPU s."""
    farm.take_counts()
    own = time.process_time()
    m = measure(cmd, None, args.timeout)
    own = time.process_time() - own
    counts = farm.take_counts()
    if m.code != 0:
        sys.exit(f"{' '.join(cmd[1:])} failed (exit {m.code}):\n{m.stdout[-3000:]}")
    return m, counts, own


def row(mode: str, run: int, command: str, m: Measure, counts: dict[str, int],
        farm_cpu: float) -> dict[str, Any]:  # fmt: skip
    found = SAVED.search(m.stdout)
    saved, failed = (int(found.group(1)), int(found.group(2) or 0)) if found else (0, 0)
    return {"mode": mode, "run": run, "command": command, "wall_s": round(m.wall, 2),
            "saved": saved, "failed": failed,
            "pages_per_s": round(saved / m.wall, 1) if saved else None,
            "max_rss_mb": round(m.max_rss_mb, 1), "tree_pss_mb": round(m.tree_pss_mb, 1),
            "cpu_s": round(m.cpu, 1), "farm_cpu_s": round(farm_cpu, 1),
            "foreign_cpu_s": round(max(0.0, m.foreign_cpu), 1), **counts}  # fmt: skip


def verify(kabar: list[str], site: Site, data_dir: Path) -> dict[str, Any]:
    """What was stored: storage --json, articles --json, and the texts in the database."""
    storage = json.loads(subprocess.run([*kabar, "storage", "--json"], check=True,
                                        capture_output=True).stdout)  # fmt: skip
    listed = json.loads(subprocess.run([*kabar, "articles", "--json", "--limit", "1000000"],
                                       check=True, capture_output=True).stdout)  # fmt: skip
    links = {a["link"] for a in listed}
    with sqlite3.connect(data_dir / "kabar.sqlite3") as db:
        rows = db.execute("SELECT a.link, f.text FROM article_full f JOIN article a"
                          " ON a.id = f.article_id WHERE f.state = 'done'").fetchall()  # fmt: skip
    complete = sum(1 for link, text in rows if site.last_paragraph.get(link, "\0") in text)
    return {"articles": storage["articles"], "full_texts": storage["full_texts"],
            "full_text_mb": round(storage["full_text_bytes"] / 2**20, 2),
            "image_mb": round(storage["image_bytes"] / 2**20, 2),
            "listed_pages": len(links & site.last_paragraph.keys()),
            "complete": complete}  # fmt: skip


def one_run(args: argparse.Namespace, farm: Farm, site: Site, mode: str, run: int,
            work: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:  # fmt: skip
    data_dir = work / f"{mode}-{run}"
    kabar = [args.kabar, "--data-dir", str(data_dir)]
    opml = work / "feeds.opml"
    subprocess.run([*kabar, "import-opml", str(opml)], check=True, capture_output=True)
    steps = [["sync", "--quiet"]] if mode == "sync" else [
        ["sync", "--no-capture", "--quiet"], ["capture", "--quiet"]]  # fmt: skip
    rows = []
    for step in steps:
        m, counts, own = timed(args, farm, [*kabar, *step])
        rows.append(row(mode, run, " ".join(s for s in step if s != "--quiet"), m, counts, own))
    return rows, {"mode": mode, "run": run, **verify(kabar, site, data_dir)}


def print_table(rows: list[dict[str, Any]], checks: list[dict[str, Any]],
                meta: dict[str, Any]) -> None:  # fmt: skip
    print(f"{meta['feeds']} feeds x {meta['items']} items = {meta['pages']} pages "
          f"({meta['page_kb_min']}-{meta['page_kb_max']} KB, {meta['page_mb']} MB) and "
          f"{meta['images']} images ({meta['image_mb']} MB) on {meta['hosts']} hosts "
          f"({meta['host_mode']}), {meta['latency_ms']:g} ms latency, seed "
          f"{meta['seed']}")  # fmt: skip
    keys = ("mode", "run", "command", "wall_s", "saved", "failed", "pages_per_s", "max_rss_mb",
            "tree_pss_mb", "cpu_s", "farm_cpu_s", "foreign_cpu_s", "pages", "images",
            "connections", "max_conns_per_host", "max_inflight_per_host")  # fmt: skip
    head = ("mode", "run", "command", "wall s", "saved", "fail", "pages/s", "maxRSS MB",
            "PSS MB", "cpu s", "farm cpu", "foreign", "page GETs", "img GETs", "conns",
            "conns/host", "inflight/host")  # fmt: skip
    lines = [head, *(tuple(str(r[k]) for k in keys) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(v.rjust(w) for v, w in zip(line, widths, strict=True)))
    for c in checks:
        print(f"check {c['mode']} run {c['run']}: {c['articles']} articles, {c['full_texts']} "
              f"full texts ({c['full_text_mb']} MB, {c['complete']} complete), "
              f"{c['listed_pages']} pages listed by `kabar articles`, {c['image_mb']} MB "
              "images")  # fmt: skip
    for diff in meta["capture_by_difference"]:
        print(f"capture phase by difference (sync - sync --no-capture), run {diff['run']}: "
              f"{diff['wall_s']} s, {diff['pages_per_s']} pages/s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=30, help="teasers (pages) per feed")
    parser.add_argument("--hosts", type=int, default=20, help="servers (one per host)")
    parser.add_argument("--host-mode", choices=("ips", "ports"), default="ips",
                        help="hosts as distinct loopback IPs or as ports of 127.0.0.1")  # fmt: skip
    parser.add_argument("--latency", type=float, default=50, help="ms added to every request")
    parser.add_argument("--min-kb", type=int, default=5, help="smallest page, KB of HTML")
    parser.add_argument("--max-kb", type=int, default=40, help="largest page, KB of HTML")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="fresh runs of each mode")
    parser.add_argument("--modes", default="sync,split", help="sync and/or split, comma-separated")
    parser.add_argument("--timeout", type=float, default=900, help="s per command before a kill")
    parser.add_argument("--kabar", default=str(Path(sys.executable).with_name("kabar")))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    farm = Farm(args.hosts, args.latency / 1000, args.host_mode)
    started = time.perf_counter()
    site = build(args.seed, args.feeds, args.items, [farm.base(h) for h in range(args.hosts)],
                 args.min_kb, args.max_kb)  # fmt: skip
    farm.docs = site.docs
    sizes = sorted(site.page_bytes)
    meta: dict[str, Any] = {
        "feeds": args.feeds, "items": args.items, "hosts": args.hosts,
        "host_mode": args.host_mode, "latency_ms": args.latency, "seed": args.seed,
        "pages": site.pages, "images": site.images,
        "page_kb_min": round(sizes[0] / 1000, 1), "page_kb_max": round(sizes[-1] / 1000, 1),
        "page_kb_median": round(sizes[len(sizes) // 2] / 1000, 1),
        "page_mb": round(sum(sizes) / 2**20, 1),
        "image_mb": round(sum(len(d.body) for k, d in site.docs.items()
                              if k.startswith("/img/")) / 2**20, 1),
        "generate_s": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kabar-capture-bench-") as tmp:
        outlines = "".join(f'<outline type="rss" text="News {i}" xmlUrl={quoteattr(u)}/>'
                           for i, u in enumerate(site.feed_urls))  # fmt: skip
        (Path(tmp) / "feeds.opml").write_text(
            '<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head>'
            f"<body>{outlines}</body></opml>")  # fmt: skip
        for run in range(1, args.runs + 1):
            for mode in args.modes.split(","):
                found, check = one_run(args, farm, site, mode, run, Path(tmp))
                rows += found
                checks.append(check)
    farm.close()
    by = {(r["run"], r["command"]): r for r in rows}
    meta["capture_by_difference"] = [
        {"run": run, "wall_s": round(whole["wall_s"] - alone["wall_s"], 2),
         "pages_per_s": round(whole["saved"] / max(0.01, whole["wall_s"] - alone["wall_s"]), 1)}
        for run in range(1, args.runs + 1)
        if (whole := by.get((run, "sync"))) and (alone := by.get((run, "sync --no-capture")))
    ]  # fmt: skip
    if args.json:
        json.dump({"meta": meta, "rows": rows, "checks": checks}, sys.stdout, indent=2)
        print()
    else:
        print_table(rows, checks, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
