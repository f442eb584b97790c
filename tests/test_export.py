"""Export (issue 7): HTML, Markdown and JSON from a real synced archive with hostile titles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from reader.db import DB_FILENAME
from reader.errors import UsageError
from reader.export import ExportCancelled, Selection, export, register, select, writer_for
from reader.export.atomic import TEMP_MARK
from reader.export.jsonfmt import article_from_json, read_json
from reader.export.names import MAX_NAME_BYTES, safe_filename
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter
from tests.feedserver import FeedServer
from tests.test_capture import LEAD, ONLY_ON_PAGE, PAGE
from tests.test_ui_offline import LEAD_PHOTO, PHOTO, png

LONG = "Қазақстан жаңалықтары " * 14  # 308 characters of Kazakh
HOSTILE = ["../../etc/passwd", "CON", LONG.strip(), "Новости 😀👨‍👩‍👧 эмодзи",
           "שלום עולם \u202eRTL\u200f", '<b>Жирный</b> & "кавычки"', "con.txt"]  # fmt: skip
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)),
            *(f"LPT{n}" for n in range(10))}  # fmt: skip


def rss(items: list[tuple[str, str, str]]) -> bytes:
    day = datetime(2026, 11, 20, 12, tzinfo=UTC)
    body = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid>{escape(link)}"
        f"</guid><description>{escape(text)}</description>"
        f"<pubDate>{format_datetime(day - timedelta(hours=n))}</pubDate></item>"
        for n, (title, link, text) in enumerate(items)
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    return f"{head}<title>Хабар</title><link>http://x/</link>{body}</channel></rss>".encode()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Storage, Path]]:
    """A data folder as `kabar` keeps it: database, captured page, cached pictures."""
    data = tmp_path_factory.mktemp("kabar-data")
    storage = Storage(data / DB_FILENAME)
    with FeedServer() as server:  # the network exists only during the sync
        page = server.add("/world_news/1/", PAGE.read_bytes(), "text/html; charset=utf-8")
        server.add(PHOTO, png(7, 5), "image/jpeg")
        server.add(LEAD_PHOTO, png(40, 30), "image/jpeg")
        picture = server.add("/img/кот.png", png(3, 3), "image/png")
        items = [(LEAD, page, "Анонс.")] + [
            (title, server.url(f"/gone/{n}"), f'<p>Текст {n}.</p><img src="{picture}" alt="кот">'
             '<img src="/img/missing.png" alt="Пропало">')
            for n, title in enumerate(HOSTILE)
        ]  # fmt: skip
        storage.add_source(server.add("/rss", rss(items)), folder="Новости")
        report = Sync(storage, SyncOptions(parse_workers=0, cache_dir=data / "cache")).run()
        assert report.captured == 1 and report.images >= 2
    storage.mark([ids(storage)[0]], starred=True)
    yield storage, data
    storage.close()


def ids(storage: Storage) -> list[int]:
    return [a.id for a in storage.articles(ArticleFilter(), 100)]


def run(storage: Storage, data: Path, fmt: str, out: Path, **kw: Any) -> list[Path]:
    result = export(storage, ids(storage), fmt, out, cache_dir=data / "cache", **kw)
    assert result.articles == len(HOSTILE) + 1 and result.bytes > 0
    return result.files


def test_html_is_one_self_contained_file(archive: tuple[Storage, Path], tmp_path: Path) -> None:
    storage, data = archive
    out = tmp_path / "статьи.html"
    assert run(storage, data, "html", out) == [out]
    page = out.read_text(encoding="utf-8")
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"""(src|srcset|poster)\s*=\s*["']?https?:""", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert LEAD in page and ONLY_ON_PAGE in page  # the captured page, not the teaser
    assert "image not saved: Пропало" in page
    assert "Жирный &amp; &quot;кавычки&quot;" in page  # titles are escaped
    for article_id in ids(storage):
        assert f'href="#article-{article_id}"' in page and f'id="article-{article_id}"' in page
    assert "Хабар" in page and 'href="http://127.0.0.1' in page  # source and original link


def front_matter(text: str) -> dict[str, Any]:
    """Strict: every value must be a JSON scalar or list, which YAML reads the same way."""
    assert text.startswith("---\n")
    block = text.split("\n---\n", 1)[0].removeprefix("---\n")
    parsed = {}
    for line in block.splitlines():
        key, value = line.split(": ", 1)
        parsed[key] = json.loads(value)
    try:
        import yaml  # not a dependency: checked too when some package brought it
    except ImportError:
        return parsed
    assert yaml.safe_load(block) == parsed
    return parsed


def check_names(folder: Path) -> None:
    for path in folder.rglob("*"):
        assert path.resolve().is_relative_to(folder.resolve())
        name = path.name
        assert len(name.encode()) <= MAX_NAME_BYTES and ".." not in name
        assert name.split(".")[0].strip().upper() not in RESERVED
        assert not name.endswith((".", " "))
        assert all(unicodedata.category(c) not in {"Cc", "Cf"} or c == "\u200d" for c in name)


def test_markdown_is_a_folder_of_files_with_front_matter(
    archive: tuple[Storage, Path], tmp_path: Path
) -> None:
    storage, data = archive
    out = tmp_path / "md"
    files = run(storage, data, "md", out)
    check_names(out)
    notes = sorted(out.glob("*.md"))
    assert len(notes) == len(HOSTILE) + 1 and set(notes) <= set(files)
    titles = {a.title for a in storage.articles(ArticleFilter(), 100)}
    for note in notes:
        text = note.read_text(encoding="utf-8")
        meta = front_matter(text)
        assert meta["title"] in titles and meta["source"] == "Хабар"
        assert "Новости" in meta["tags"] and meta["url"].startswith("http://127.0.0.1")
        for link in re.findall(r"\]\((images/[^)\s]+)", text):
            assert (out / link).is_file()
    assert {n.stem for n in notes} >= {"_CON", "_con.txt", "…_…_etc_passwd"}
    assert "Қазақстан" in max(notes, key=lambda p: len(p.name)).name
    lead = (out / f"{LEAD}.md").read_text(encoding="utf-8")
    assert ONLY_ON_PAGE in lead
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", lead)
    assert pictures and all(p.startswith("images/") for p in pictures)  # never a remote one


def test_markdown_combined_is_one_file_with_images_beside(
    archive: tuple[Storage, Path], tmp_path: Path
) -> None:
    storage, data = archive
    out = tmp_path / "все.md"
    files = run(storage, data, "md", out, combined=True)
    text = out.read_text(encoding="utf-8")
    assert front_matter(text)["title"].startswith("Kabar")
    assert text.count("\n## ") == len(HOSTILE) + 1 and files[0] == out
    links = re.findall(r"\]\((images/[^)\s]+)", text)
    assert links and all((tmp_path / link).is_file() for link in links)


def test_json_round_trips_to_the_stored_articles(
    archive: tuple[Storage, Path], tmp_path: Path
) -> None:
    storage, data = archive
    out = tmp_path / "a.json"
    run(storage, data, "json", out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert (raw["format"], raw["version"]) == ("kabar-export", 1) and raw["exported_at"]
    entries = read_json(out)
    assert [e["id"] for e in entries] == ids(storage)
    for entry in entries:
        assert article_from_json(entry) == storage.article(entry["id"])
        assert entry["source"]["url"].endswith("/rss") and entry["source"]["folder"] == "Новости"
    lead = next(e for e in entries if e["title"] == LEAD)
    assert lead["full_state"] == "done" and ONLY_ON_PAGE in lead["full_text"]
    assert sum(e["starred"] for e in entries) == 1 and not any(e["read"] for e in entries)
    with pytest.raises(UsageError):
        read_json(tmp_path / "missing.json")


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_an_existing_file_is_never_overwritten_without_force(
    archive: tuple[Storage, Path], tmp_path: Path, fmt: str
) -> None:
    storage, data = archive
    out = tmp_path / f"out.{fmt}"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="--force"):
        run(storage, data, fmt, out)
    assert out.read_text(encoding="utf-8") == "mine"
    run(storage, data, fmt, out, force=True)
    assert out.exists() and (out.is_dir() or out.read_text(encoding="utf-8") != "mine")


@pytest.mark.parametrize(("fmt", "combined"), [("html", False), ("md", False), ("md", True),
                                               ("json", False)])  # fmt: skip
def test_a_cancelled_export_leaves_nothing(
    archive: tuple[Storage, Path], tmp_path: Path, fmt: str, combined: bool
) -> None:
    storage, data = archive
    calls = iter(range(100))
    old = tmp_path / "old.txt"
    old.write_text("kept", encoding="utf-8")
    for out, force in ((tmp_path / "new", False), (old, True)):
        with pytest.raises(ExportCancelled):
            run(storage, data, fmt, out, combined=combined, force=force,
                should_stop=lambda: next(calls) >= 3)  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]  # no partial, no images/
    assert old.read_text(encoding="utf-8") == "kept"


def test_a_killed_exports_leftover_is_swept_but_a_running_ones_is_not(
    archive: tuple[Storage, Path], tmp_path: Path
) -> None:
    storage, data = archive
    out = tmp_path / "all.json"
    with subprocess.Popen([sys.executable, "-c", "pass"]) as gone:
        gone.wait()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as alive:
        killed = tmp_path / f".all.json{TEMP_MARK}{gone.pid}-0bad"
        writing = tmp_path / f".all.json{TEMP_MARK}{alive.pid}-0bad"
        for part in (killed, writing):
            part.write_text('{"articles": [', encoding="utf-8")
        run(storage, data, "json", out)
        alive.kill()
    assert out.exists() and not killed.exists()
    assert writing.exists()  # another export may still be writing it


def test_selections(archive: tuple[Storage, Path]) -> None:
    storage, _ = archive
    everything = ids(storage)
    assert select(storage, Selection(starred=True)) == everything[:1]
    assert select(storage, Selection(folder="Новости")) == everything
    assert select(storage, Selection(source="Хабар", ids=tuple(everything[2:4]))) == everything[2:4]
    assert select(storage, Selection(search="Қазақстан")) == [
        a.id for a in storage.articles(ArticleFilter(), 100) if "Қазақстан" in a.title]  # fmt: skip
    day = datetime(2026, 11, 20).date()
    assert select(storage, Selection(since=day, until=day)) == everything
    assert select(storage, Selection(ids=tuple(reversed(everything)))) == everything  # newest first
    long_ago = Selection(until=datetime(2000, 1, 1).date())
    for empty, words in ((Selection(), "Say what"), (long_ago, "Nothing to export"),
                         (Selection(ids=(999_999,)), "do not exist")):  # fmt: skip
        with pytest.raises(UsageError, match=words):
            select(storage, empty)


def test_file_names_from_hostile_titles() -> None:
    taken: set[str] = set()
    names = [safe_filename(t, ".md", taken) for t in
             [*HOSTILE, "Title", "title", "AUX.tar.gz", "nul ", "COM¹", "a\x00b\x1fc", "",
              "😀" * 80, "Wait... what?", "a/b\\c:d*e?f", "Ж" * 300]]  # fmt: skip
    assert len({n.casefold() for n in names}) == len(names)  # de-duplicated
    assert "title (2).md" in names and "_AUX.tar.gz.md" in names and "abc.md" in names
    assert "Wait… what_.md" in names and "a_b_c_d_e_f.md" in names and "article.md" in names
    for name in names:
        assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith(".md")
        assert "/" not in name and "\\" not in name and ".." not in name
        assert name.split(".")[0].strip().upper().rstrip("¹²³") not in RESERVED
        assert "\u202e" not in name and "\u200f" not in name
    assert safe_filename("😀" * 80, ".md", set()).startswith("😀" * 28)  # whole emoji only


def test_formats_register_and_unknown_ones_explain(tmp_path: Path) -> None:
    def fake(articles: Any, out: Path, images: Any, on_progress: Any, should_stop: Any) -> Any:
        out.write_text(str(len(articles)), encoding="utf-8")
        return [out]

    register("txt-test", fake)
    assert writer_for("txt-test") is fake
    with pytest.raises(UsageError, match="cannot export 'docx'"):
        writer_for("docx")


def kabar(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.launcher", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_command_line_export(archive: tuple[Storage, Path], tmp_path: Path) -> None:
    _, data = archive
    for fmt, out in (("html", "a.html"), ("md", "md"), ("json", "a.json")):
        done = kabar(data, "--offline", "export", "--format", fmt, "--out", str(tmp_path / out),
                     "--folder", "Новости")  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"Exported {len(HOSTILE) + 1} article(s)" in done.stdout
    assert len(read_json(tmp_path / "a.json")) == len(HOSTILE) + 1
    check_names(tmp_path / "md")
    again = kabar(data, "export", "--format", "json", "--out", str(tmp_path / "a.json"),
                  "--starred")  # fmt: skip
    assert again.returncode == 2 and "--force" in again.stderr
    forced = kabar(data, "export", "--format", "json", "--out", str(tmp_path / "a.json"),
                   "--starred", "--force")  # fmt: skip
    assert forced.returncode == 0 and len(read_json(tmp_path / "a.json")) == 1
    nothing = kabar(data, "export", "--format", "html", "--out", str(tmp_path / "b.html"))
    assert nothing.returncode == 2 and "Say what to export" in nothing.stderr
    for fmt, words in (("docx", "cannot export"), ("json", "--combined is for")):
        bad = kabar(data, "export", "--format", fmt, "--out", str(tmp_path / "c"), "--starred",
                    "--combined")  # fmt: skip
        assert bad.returncode == 2 and words in bad.stderr
    assert not (tmp_path / "b.html").exists() and not (tmp_path / "c").exists()
