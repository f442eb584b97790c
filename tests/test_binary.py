"""The desktop binary: build it with PyInstaller (or reuse a fresh build), then run it.

The build goes to build/binary/ and is reused while reader/, ui/, resources/, packaging/,
pyproject.toml and the installed packages are unchanged (packaging/build.py --if-changed);
a fresh build takes about 40 s here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.test_capture import LEAD, ONLY_ON_PAGE, PAGE, rss

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.binary, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "build" / "binary"
MiB = 2**20


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@pytest.fixture(scope="module")
def kabar() -> Path:
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(DIST),
                    "--work", str(ROOT / "build" / "binary-work"), "--if-changed"],
                   check=True, cwd=ROOT, timeout=880)  # fmt: skip
    return DIST / "Kabar" / "kabar"


def run(kabar: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KABAR_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([str(kabar), *args], capture_output=True, text=True, env=env,
                            timeout=timeout)  # fmt: skip
    assert result.returncode == 0, f"kabar {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result


def test_version_comes_from_pyproject(kabar: Path) -> None:
    assert run(kabar, "--version").stdout.strip() == f"Kabar {version()}"


def test_import_sync_search_show_and_export_epub(kabar: Path, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    with FeedServer() as server:
        page = server.add("/world_news/1/", PAGE.read_bytes(), "text/html; charset=utf-8")
        feed = server.add("/rss", rss([(LEAD, page, "Анонс.")]))
        opml = tmp_path / "feeds.opml"
        outline = f'<outline type="rss" text="Тест" xmlUrl="{feed}"/>'
        opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body><outline text="KZ">'
                        f"{outline}</outline></body></opml>", encoding="utf-8")  # fmt: skip
        run(kabar, "--data-dir", data, "import-opml", str(opml))
        run(kabar, "--data-dir", data, "sync", "--quiet")
    hits = json.loads(run(kabar, "--data-dir", data, "search", "азербайджан", "--json").stdout)
    assert [hit["title"] for hit in hits] == [LEAD]
    # The whole article was kept: trafilatura and its helpers' data work in the frozen app.
    assert ONLY_ON_PAGE in run(kabar, "--data-dir", data, "show", str(hits[0]["id"])).stdout
    out = tmp_path / "news.epub"
    run(kabar, "--data-dir", data, "export", "--format", "epub", "--out", str(out),
        "--search", "азербайджан", "--quiet")  # fmt: skip
    with zipfile.ZipFile(out) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        assert any(LEAD in book.read(name).decode("utf-8", "replace")
                   for name in book.namelist() if name.endswith((".xhtml", ".html")))  # fmt: skip


def test_window_self_test(kabar: Path) -> None:
    result = run(kabar, "--self-test", timeout=60)
    assert "self-test: passed" in result.stdout, result.stdout + result.stderr
    assert "FAIL" not in result.stdout


def test_portable_keeps_data_beside_the_binary(kabar: Path) -> None:
    data = kabar.parent / "data"
    assert not data.exists()
    try:
        run(kabar, "--portable", "sources")
        assert (data / "kabar.sqlite3").is_file()
    finally:
        import shutil

        shutil.rmtree(data, ignore_errors=True)


def test_size_budget(kabar: Path) -> None:
    folder = kabar.parent
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 150 * MiB, f"dist/Kabar is {size / MiB:.1f} MB"
    archive = DIST / f"Kabar-{version()}-linux-x86_64.tar.gz"
    assert archive.stat().st_size < 70 * MiB, f"{archive.name}: {archive.stat().st_size / MiB:.1f}"
