"""EPUB and PDF export from a real archive: synced from a local server, pictures cached.

The books are checked by the tools people use: epubcheck for the EPUB, pdftotext and pdffonts
(poppler) for the PDF. Each check is skipped, with the reason, where its tool is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from reader.db import DB_FILENAME
from reader.export.atomic import ExportCancelled
from reader.export.epub import write as write_epub
from reader.images import ImageCache
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import Article, ArticleFilter
from tests.feedserver import FeedServer
from tests.test_capture import LEAD, PAGE
from tests.test_ui_offline import LEAD_PHOTO, PHOTO, png

KAZAKH = "Қазақ өңірі: ғылым, ұлт, үй және әлем һәм білім"
HOSTILE = "../../CON <script>alert(1)</script>"
LONG = "Очень длинный заголовок " * 12 + "конец"  # 300 characters
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")  # Debian's; its /usr/bin wrapper needs binfmt
# Tag soup that sanitized HTML may still be, and XHTML forbids; epubcheck must pass anyway.
MESSY = (
    "<span><div>block in a span</div></span><ul><p>not an item</p><li>item</li></ul>"
    "<table><tr><td>row</td></tr><tbody><tr><td>mixed</td></tr></tbody></table>"
    "<a href='http://127.0.0.1/a'>outer <a href='#frag'>inner</a></a><p>rule<hr>after</p>"
    "<figure><figcaption>one</figcaption><img src='http://127.0.0.1/none.png' alt='gone'>"
    "<figcaption>two</figcaption></figure><dl><dd>no term</dd></dl><li>stray</li>"
    "<th><h2>heading in a cell</h2></th><center>old</center><tt>mono</tt><p>a\x01b</p>"
    "<img src='data:image/png;base64,AAAA'><td colspan='-3'>cell</td><font>x</font>"
)


def rss(title: str, language: str, items: list[tuple[str, str, str]]) -> bytes:
    now = format_datetime(datetime.now(UTC))
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<description>{escape(text)}</description><pubDate>{now}</pubDate></item>"
        for t, link, text in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://x/</link><language>{language}</language>"
            f"{body}</channel></rss>").encode()  # fmt: skip


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder: two sources (ru, kk), one article captured whole with its pictures."""
    root = tmp_path_factory.mktemp("archive")
    storage = Storage(root / DB_FILENAME)
    with FeedServer() as server:
        page = server.add("/world_news/1/", PAGE.read_bytes(), "text/html; charset=utf-8")
        server.add(PHOTO, png(7, 5), "image/jpeg")
        server.add(LEAD_PHOTO, png(40, 30), "image/jpeg")
        storage.add_source(server.add("/ru", rss("Новости", "ru", [
            (LEAD, page, "Анонс."), (HOSTILE, server.url("/h"), "Текст."),
            (LONG, server.url("/l"), "Длинный."),
        ])))  # fmt: skip
        storage.add_source(server.add("/kk", rss("Жаңалықтар", "kk", [
            (KAZAKH, server.url("/k"), "Қысқа мәтін."),
        ])))  # fmt: skip
        Sync(storage, SyncOptions(parse_workers=0, cache_dir=root / "cache")).run()
    storage.close()
    return root


@pytest.fixture(scope="module")
def archive(archive_dir: Path) -> tuple[list[Article], ImageCache]:
    """The archive's articles, newest first, and its picture cache."""
    storage = Storage(archive_dir / DB_FILENAME)
    articles = [storage.article(h.id) for h in storage.articles(ArticleFilter(), 100)]
    storage.close()
    assert any(a.full_state == "done" for a in articles)
    return articles, ImageCache(archive_dir / "cache")


def only_file(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- EPUB --------------------------------------------------------------------------------


def epubcheck(book: Path) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    if java and EPUBCHECK_JAR.is_file():
        command = [java, "-jar", str(EPUBCHECK_JAR), str(book)]
    elif shutil.which("epubcheck"):
        command = ["epubcheck", str(book)]
    else:
        pytest.skip(
            "epubcheck is not installed (Debian: apt-get install epubcheck; .ci/run installs it)"
        )
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def book(
    archive: tuple[list[Article], ImageCache], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    articles, images = archive
    messy = replace(articles[-1], id=999, title="Грязный HTML", content_html=MESSY,
                    full_state=None, language="ru_RU")  # fmt: skip
    out = tmp_path_factory.mktemp("epub") / "Новости.epub"
    seen: list[tuple[int, int]] = []
    assert write_epub([*articles, messy], out, images, lambda d, t: seen.append((d, t)), None) == [
        out
    ]
    assert seen[-1] == (len(articles) + 1, len(articles) + 1)
    return out


def test_the_epub_passes_epubcheck(book: Path) -> None:
    result = epubcheck(book)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout, result.stdout


def test_the_epub_is_a_well_formed_zip_with_nav_chapters_and_pictures(book: Path) -> None:
    with zipfile.ZipFile(book) as epub:
        first = epub.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert epub.read("mimetype") == b"application/epub+zip"
        names = epub.namelist()
        texts = {n: epub.read(n).decode() for n in names if n.endswith((".xhtml", ".opf"))}
        pictures = [n for n in names if n.startswith("OEBPS/images/")]
    for name, text in texts.items():
        etree.fromstring(text.encode())  # well-formed XML, every one
        assert not re.search(r'src="https?:', text), name  # nothing loads from the network
    assert all(n.isascii() for n in names)  # internal names are ASCII, titles are not
    assert LEAD in texts["OEBPS/nav.xhtml"] and KAZAKH in texts["OEBPS/nav.xhtml"]
    assert "&lt;script&gt;" in texts["OEBPS/nav.xhtml"] and "<script" not in "".join(texts.values())
    chapters = [t for n, t in texts.items() if "chapter-" in n]
    lead = next(t for t in chapters if f"<h1>{LEAD}</h1>" in t)
    assert 'xml:lang="ru"' in lead and any('xml:lang="kk"' in t for t in chapters)
    assert pictures and all(f'src="{p.removeprefix("OEBPS/")}"' in lead for p in pictures)
    opf = texts["OEBPS/content.opf"]
    assert "<dc:language>ru</dc:language>" in opf and "urn:uuid:" in opf
    assert all(f'href="{p.removeprefix("OEBPS/")}" media-type="image/png"' in opf for p in pictures)
    assert "[Picture: gone]" in "".join(chapters)  # a picture not in the cache: its note stays


def test_the_toc_groups_articles_by_source_in_reading_order(book: Path) -> None:
    with zipfile.ZipFile(book) as epub:
        nav = epub.read("OEBPS/nav.xhtml").decode()
    sources = re.findall(r"<li><span>([^<]+)</span>", nav)
    assert sorted(sources) == ["Жаңалықтар", "Новости"]
    hrefs = re.findall(r'href="(chapter-\d+\.xhtml)"', nav)
    assert hrefs == sorted(hrefs)  # the TOC's order is the spine's


def test_a_cancelled_epub_leaves_nothing_behind(
    archive: tuple[list[Article], ImageCache], tmp_path: Path
) -> None:
    articles, images = archive
    done: list[int] = []
    with pytest.raises(ExportCancelled):
        write_epub(articles, tmp_path / "book.epub", images, lambda d, t: done.append(d),
                   lambda: len(done) >= 1)  # fmt: skip
    assert done == [1] and only_file(tmp_path) == []


# ---- PDF ---------------------------------------------------------------------------------


def poppler(*command: str | Path) -> str:
    if shutil.which(command[0]) is None:
        pytest.skip(
            f"{command[0]} is not installed "
            "(Debian: apt-get install poppler-utils; .ci/run installs it)"
        )
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(
    archive: tuple[list[Article], ImageCache], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    pytest.importorskip("PySide6.QtGui", reason="Qt libraries are not installed")
    from ui.pdf_export import write_pdf

    articles, images = archive
    paragraphs = "".join(f"<p>Абзац {n}: {'слово ' * 40}</p>" for n in range(1, 121))
    long = replace(articles[-1], id=999, title="Длинная статья", content_html=paragraphs,
                   full_state=None)  # fmt: skip
    out = tmp_path_factory.mktemp("pdf") / "Новости.pdf"
    seen: list[tuple[int, int]] = []
    done = write_pdf([long, *articles], out, images, lambda d, t: seen.append((d, t)), None)
    assert done == [out] and seen[-1] == (len(articles) + 1, len(articles) + 1)
    return out


def test_the_pdf_text_has_the_cyrillic_and_kazakh_titles_and_page_numbers(pdf: Path) -> None:
    text = poppler("pdftotext", pdf, "-")
    pages = text.split("\f")[:-1]
    assert len(pages) >= 5  # contents, then each article on its own pages
    assert flat(LEAD) in flat(text) and flat(KAZAKH) in flat(text)
    assert flat(HOSTILE) in flat(text) and flat(LONG) in flat(text)
    for number, page in enumerate(pages, 1):
        assert re.search(rf"\b{number} ?/ ?{len(pages)}\b", page)  # the footer
    contents = flat(poppler("pdftotext", "-layout", "-l", "1", pdf, "-"))
    listed = re.search(re.escape(flat(KAZAKH)) + r" (\d+)", contents)
    assert "Contents" in contents and listed
    shown = next(n for n, page in enumerate(pages, 1) if n > 1 and flat(KAZAKH) in flat(page))
    assert int(listed[1]) == shown  # the contents point at the right page


def test_a_long_article_runs_over_pages_without_losing_a_line(pdf: Path) -> None:
    pages = [flat(page) for page in poppler("pdftotext", pdf, "-").split("\f")[:-1]]
    holding = [n for n, page in enumerate(pages) if "Абзац" in page]
    assert len(holding) >= 3 and holding == list(range(holding[0], holding[-1] + 1))
    text = " ".join(pages)
    assert all(f"Абзац {n}:" in text for n in range(1, 121))


def test_the_pdf_embeds_its_fonts_and_the_picture(pdf: Path) -> None:
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    assert len(poppler("pdfimages", "-list", pdf).splitlines()) >= 3  # a header, then images


def test_a_cancelled_pdf_leaves_nothing_behind(
    archive: tuple[list[Article], ImageCache], tmp_path: Path
) -> None:
    pytest.importorskip("PySide6.QtGui", reason="Qt libraries are not installed")
    from ui.pdf_export import write_pdf

    articles, images = archive
    done: list[int] = []
    with pytest.raises(ExportCancelled):
        write_pdf(articles, tmp_path / "book.pdf", images, lambda d, t: done.append(d),
                  lambda: len(done) >= 1)  # fmt: skip
    assert done == [1] and only_file(tmp_path) == []


# ---- from the command line ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_kabar_export_writes_a_book_offscreen(fmt: str, archive_dir: Path, tmp_path: Path) -> None:
    if fmt == "pdf":
        pytest.importorskip("PySide6.QtGui", reason="Qt libraries are not installed")
    out = tmp_path / f"Новости.{fmt}"
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY"}}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(archive_dir), "export",
         "--format", fmt, "--out", str(out), "--since", "2000-01-01", "--quiet"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Exported 4 article(s)" in result.stdout and only_file(tmp_path) == [out.name]
    if fmt == "epub":
        assert epubcheck(out).returncode == 0
    else:
        assert flat(KAZAKH) in flat(poppler("pdftotext", out, "-"))
