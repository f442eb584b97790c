"""PDF export with Qt: QTextDocument lays articles out, QPdfWriter writes A4 pages.

Qt lives here, outside `reader/`, so the core stays Qt-free; `ui.launcher` registers
`write_pdf` with reader.export lazily. QTextDocument.print_ numbers no pages, so pages are
painted one by one: each article is laid out on its own (memory stays flat with thousands of
articles), twice: first to learn how many pages it takes, for the table of contents that
comes first, then to paint it. Fonts are embedded by QPdfWriter (subsets), so Cyrillic and
Kazakh text stays selectable. Pictures come from the offline cache only.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from reader.display import flatten_deep_tables
from reader.errors import KabarError
from reader.export.atomic import atomic_file, check_stop
from reader.export.epub import article_html, article_title, book_title, by_source, source_name
from reader.images import ImageCache
from reader.types import Article

RESOLUTION = 300  # dpi of the layout: text is vector anyway; pictures keep their detail
MARGINS_MM = QMarginsF(18, 16, 18, 12)
FOOTER_PT = 18  # room under the text for the page number
FAMILIES = ["Noto Sans", "DejaVu Sans"]  # both cover Kazakh (ә ғ қ ң ө ұ ү һ і)
STYLE = """
h1 { font-size: 16pt; margin-bottom: 4pt; }
.meta { color: #666666; font-size: 8.5pt; }
p { margin-top: 3pt; margin-bottom: 5pt; }
td.page { text-align: right; }
"""
_app: QApplication | None = None  # kept alive for the rest of the process


class PdfFailed(KabarError):
    """The PDF could not be written (disk full, folder gone); nothing of it was left."""


class CacheDocument(QTextDocument):
    """Like ui.article_view.SafeDocument: never the base loadResource (it reads local
    files); http(s) pictures come from the offline cache, anything else is an empty image."""

    def __init__(self, images: ImageCache | None, max_width: float) -> None:
        super().__init__()
        self.images = images
        self.max_width = max_width

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # Qt override
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if kind != QTextDocument.ResourceType.ImageResource.value or not name.startswith("http"):
            return QImage()
        cached = self._cached(name)
        if cached is not None:
            return cached
        blank = QImage(1, 1, QImage.Format.Format_ARGB32)  # not kept offline: leave no mark
        blank.fill(Qt.GlobalColor.transparent)
        return blank

    def _cached(self, url: str) -> QImage | None:
        path = self.images.path_for(url) if self.images is not None else None
        try:
            image = QImage.fromData(path.read_bytes()) if path is not None else None
        except OSError:  # evicted meanwhile
            return None
        if image is None or image.isNull():
            return None
        # Qt draws a picture at 96 dpi of the page; wider than the text would be cut off.
        limit = int(self.max_width * 96 / RESOLUTION)
        if image.width() > limit:
            image = image.scaledToWidth(limit, Qt.TransformationMode.SmoothTransformation)
        return image


def ensure_app() -> None:
    """PDF fonts need an application object; from the CLI there is none, nor any display. A
    QApplication, not a QGuiApplication: widgets may come later in the same process (the
    window, or tests), and Qt aborts if the first application cannot host them."""
    global _app  # noqa: PLW0603  (one application per process, created on first use)
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QApplication([])


def write_pdf(
    articles: Sequence[Article],
    out: Path,
    images: ImageCache | None,
    on_progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> list[Path]:
    """Write `articles` as one paginated A4 PDF at `out`, atomically; returns [out].

    Each article is laid out twice (measured, then painted): each counts half an article of
    progress, so `on_progress(done, len(articles))` reaches the total only at the end.
    """
    ensure_app()
    ordered = by_source(articles)
    try:
        with atomic_file(out) as temp:
            _Renderer(temp, images, on_progress, should_stop).run(ordered)
    except OSError as error:
        raise PdfFailed(f"Could not write {out.name}: {error.strerror or error}.") from error
    return [out]


class _Renderer:
    def __init__(
        self,
        path: Path,
        images: ImageCache | None,
        on_progress: Callable[[int, int], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        self.path = path
        self.images = images
        self.on_progress = on_progress
        self.should_stop = should_stop
        self.steps = 0
        self.font = QFont()
        self.font.setFamilies(FAMILIES)
        self.font.setPointSizeF(10.5)

    def run(self, articles: list[Article]) -> None:
        writer = self.writer = self._writer(articles)
        size = QSizeF(writer.width(), writer.height() - FOOTER_PT * RESOLUTION / 72)
        self.page = size
        self.total_steps = 2 * len(articles)
        counts = [self._measure(article) for article in articles]
        toc = self._toc(articles, counts)
        total = toc.pageCount() + sum(counts)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"cannot write {self.path}")
        try:
            self._paint(painter, writer, toc, 1, total)
            page = 1 + toc.pageCount()
            for article, count in zip(articles, counts, strict=True):
                check_stop(self.should_stop)
                self._paint(painter, writer, self._document(article), page, total)
                page += count
                self._step()
        finally:
            painter.end()
        if not self.path.is_file() or self.path.stat().st_size == 0:
            raise OSError(f"Qt wrote no PDF at {self.path}")

    def _writer(self, articles: list[Article]) -> QPdfWriter:
        writer = QPdfWriter(str(self.path))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Portrait, MARGINS_MM,
                                         QPageLayout.Unit.Millimeter))  # fmt: skip
        writer.setTitle(book_title(articles))
        writer.setCreator("Kabar")
        return writer

    def _step(self) -> None:
        self.steps += 1
        if self.on_progress is not None and self.steps % 2 == 0:
            self.on_progress(self.steps // 2, self.total_steps // 2)

    def _new_document(self) -> CacheDocument:
        doc = CacheDocument(self.images, self.page.width())
        doc.setDefaultFont(self.font)
        doc.setDefaultStyleSheet(STYLE)
        doc.setDocumentMargin(0)
        # Lay out for the PDF device's dpi, or fonts would be measured for the screen.
        doc.documentLayout().setPaintDevice(self.writer)
        doc.setPageSize(self.page)
        return doc

    def _document(self, article: Article) -> CacheDocument:
        doc = self._new_document()
        doc.setHtml(article_page(article))
        return doc

    def _measure(self, article: Article) -> int:
        check_stop(self.should_stop)
        count = self._document(article).pageCount()
        self._step()
        return count

    def _toc(self, articles: list[Article], counts: list[int]) -> CacheDocument:
        """The contents pages; their own length shifts every page number, so they are
        laid out until the numbers they show hold still."""
        toc_pages = 1
        for _ in range(4):  # settles at once, or after one more round at a page boundary
            doc = self._new_document()
            doc.setHtml(toc_page(articles, counts, toc_pages + 1))
            if doc.pageCount() == toc_pages:
                break
            toc_pages = doc.pageCount()
        return doc

    def _paint(
        self, painter: QPainter, writer: QPdfWriter, doc: QTextDocument, first: int, total: int
    ) -> None:
        height = self.page.height()
        for index in range(doc.pageCount()):
            if first + index > 1:
                writer.newPage()
            painter.save()
            painter.translate(0, -index * height)
            doc.drawContents(painter, QRectF(0, index * height, self.page.width(), height))
            painter.restore()
            self._footer(painter, writer, first + index, total)

    def _footer(self, painter: QPainter, writer: QPdfWriter, number: int, total: int) -> None:
        font = QFont(self.font)
        font.setPointSizeF(8.5)
        painter.setFont(font)
        area = QRectF(0, self.page.height(), writer.width(), writer.height() - self.page.height())
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        painter.drawText(area, int(align), f"{number} / {total}")


def article_page(article: Article) -> str:
    when = article.published or article.first_seen
    meta = " · ".join(html.escape(part) for part in (
        source_name(article), article.author or "", f"{when:%Y-%m-%d %H:%M}") if part)  # fmt: skip
    link = f'<p class="meta">{html.escape(article.link)}</p>' if article.link else ""
    body = flatten_deep_tables(article_html(article))
    return f"<h1>{html.escape(article_title(article))}</h1><p class='meta'>{meta}</p>{link}{body}"


def toc_page(articles: list[Article], counts: list[int], first: int) -> str:
    rows, page, source = [], first, None
    for article, count in zip(articles, counts, strict=True):
        if source_name(article) != source:
            source = source_name(article)
            rows.append(f"<tr><td colspan='2'><b>{html.escape(source)}</b></td></tr>")
        rows.append(f"<tr><td>{html.escape(article_title(article))}</td>"
                    f"<td class='page' width='12%'>{page}</td></tr>")  # fmt: skip
        page += count
    now = datetime.now().astimezone()
    return (f"<h1>{html.escape(book_title(articles))}</h1>"
            f"<p class='meta'>Exported {now:%Y-%m-%d %H:%M} · {len(articles)} articles</p>"
            f"<h2>Contents</h2><table width='100%' cellspacing='0' cellpadding='3'>"
            f"{''.join(rows)}</table>")  # fmt: skip
