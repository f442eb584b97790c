"""The article pane: sanitized HTML that can load nothing from the network or the disk."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reader.display import cap_nesting, flatten_deep_tables
from reader.images import ImageCache
from reader.types import Article, Headline

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
INTERNAL_SCHEME = "kabar-article"  # "Read also" links; only ever written by Kabar itself
RETRY_SCHEME = "kabar-capture"  # "Try again" for a full article that could not be saved
MAX_MARKS = 500  # a word on every line of a long article: beyond this, marks stop helping
MAX_LINE_PX = 720  # about 75 characters: long lines are hard to read
FONTS = {"serif": "'Noto Serif', 'DejaVu Serif', Georgia, serif",
         "sans": "'Noto Sans', 'DejaVu Sans', 'Segoe UI', sans-serif"}  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate("ArticleView", text)


def stylesheet(family: str) -> str:
    return f"""
    body {{ font-family: {FONTS.get(family, FONTS["serif"])}; line-height: 150%; }}
    h1 {{ font-family: {FONTS["sans"]}; font-size: x-large; margin-bottom: 2px; }}
    .meta {{ color: gray; font-family: {FONTS["sans"]}; font-size: small; }}
    p {{ margin-top: 0.4em; margin-bottom: 0.6em; }}
    blockquote {{ margin-left: 16px; font-style: italic; }}
    figcaption {{ font-size: small; }}
    """


class SafeDocument(QTextDocument):
    """Never calls the base loadResource: its fallback reads local files (measured).

    Remote images come from the offline image cache (reader.images) or are a neutral
    placeholder: opening an article never touches the network. The URLs asked for are
    remembered so tests can check that nothing else was attempted.
    """

    def __init__(self, parent: QWidget | None = None, images: ImageCache | None = None) -> None:
        super().__init__(parent)
        self.images = images
        self.asked: list[str] = []
        self._placeholder = QImage(48, 32, QImage.Format.Format_RGB32)
        self._placeholder.fill(QColor(200, 200, 200))

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # Qt override
        name = url.toString() if isinstance(url, QUrl) else str(url)
        self.asked.append(name)
        if kind == QTextDocument.ResourceType.ImageResource.value and name.startswith("http"):
            return self._cached(name) or self._placeholder
        return QImage()

    def _cached(self, url: str) -> QImage | None:
        path = self.images.path_for(url) if self.images is not None else None
        if path is None:
            return None
        try:
            image = QImage.fromData(path.read_bytes())
        except OSError:  # evicted meanwhile, or the cache folder went away
            return None
        return None if image.isNull() else image


class ArticleView(QTextBrowser):
    link_refused = Signal(str)  # a link Kabar will not open, in plain words
    article_requested = Signal(int)  # a "Read also" link: open that article in Kabar
    capture_requested = Signal(int)  # "Try again": fetch the article's page once more

    def __init__(self, parent: QWidget | None = None, images: ImageCache | None = None) -> None:
        super().__init__(parent)
        self.safe_document = SafeDocument(self, images)
        self.setDocument(self.safe_document)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.setPlaceholderText(tr("Select an article to read it."))
        self.font_family = "serif"
        self.zoom = 0
        self.article: Article | None = None
        self.marked_query = ""
        self.related_ids: list[int] = []  # the "Read also" articles shown under this one
        self.opened: list[str] = []  # what was handed to the system browser
        self._mark_format = QTextCharFormat()
        self._mark_format.setBackground(QColor("#FFE27A"))
        self._mark_format.setForeground(QColor("#1A1A1A"))

    def show_article(self, article: Article | None, marks_for: str = "") -> None:
        """Show `article`; with `marks_for` (the search that found it), mark its words."""
        self.article = article
        self.marked_query = marks_for
        self.related_ids = []
        self.setExtraSelections([])
        if article is None:
            self.clear()
            return
        when = (
            article.published.astimezone().strftime("%d.%m.%Y %H:%M") if article.published else ""
        )
        meta = " · ".join(html.escape(p) for p in (article.source_title or "",
                                                     article.author or "", when) if p)  # fmt: skip
        link = (f'<p class="meta"><a href="{html.escape(article.link)}">{tr("Open in browser")}'
                f"</a>{_offline_note(article)}</p>" if article.link else "")  # fmt: skip
        whole = article.full_html if article.full_state == "done" else ""
        body = cap_nesting(flatten_deep_tables(whole or article.content_html
                                               or article.summary_html))  # fmt: skip
        if not body.strip():
            body = f"<p>{html.escape(article.text)}</p>"
        self.document().setDefaultStyleSheet(stylesheet(self.font_family))
        self.setHtml(f"<h1>{html.escape(article.title)}</h1><p class='meta'>{meta}</p>"
                     f"{link}{body}")  # fmt: skip
        self.verticalScrollBar().setValue(0)
        if marks_for:
            self._mark(marks_for, article.language)

    def _mark(self, query: str, language: str | None) -> None:
        from reader.search import highlights  # loads with the first search, not at start

        spots = highlights(self.document().toPlainText(), query, language)
        marks = []
        for start, end in spots[:MAX_MARKS]:
            mark = QTextEdit.ExtraSelection()
            mark.cursor = QTextCursor(self.document())
            mark.cursor.setPosition(start)
            mark.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark.format = self._mark_format
            marks.append(mark)
        self.setExtraSelections(marks)

    def show_related(self, article_id: int, related: Sequence[Headline]) -> None:
        """Append "Read also" under the article, if it is still the one shown."""
        if self.article is None or self.article.id != article_id or not related:
            return
        items = "".join(
            f'<li><a href="{INTERNAL_SCHEME}:{h.id}">{html.escape(h.title)}</a>'
            f'<span class="meta"> — {html.escape(_related_meta(h))}</span></li>'
            for h in related
        )
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(f"<hr><h3>{html.escape(tr('Read also'))}</h3><ul>{items}</ul>")
        self.related_ids = [h.id for h in related]

    def marked_words(self) -> list[str]:
        """The words marked for the search that opened this article (what the reader sees)."""
        return [m.cursor.selectedText() for m in self.extraSelections()]

    def set_font_family(self, family: str) -> None:
        self.font_family = family
        self.show_article(self.article)

    def change_zoom(self, steps: int) -> None:
        new = max(-4, min(10, self.zoom + steps))
        self.zoomIn(new - self.zoom)
        self.zoom = new

    def scroll_page(self) -> bool:
        """Scroll one screen; False when already at the end (Space then moves on)."""
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum():
            return False
        bar.setValue(bar.value() + bar.pageStep() - 40)
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        spare = max(0, self.width() - MAX_LINE_PX)
        self.setViewportMargins(spare // 2, 0, spare // 2, 0)
        super().resizeEvent(event)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() == INTERNAL_SCHEME and url.path().isdigit():
            self.article_requested.emit(int(url.path()))
            return
        if url.scheme().lower() == RETRY_SCHEME and url.path().isdigit():
            self.capture_requested.emit(int(url.path()))
            return
        if url.scheme().lower() not in SAFE_LINK_SCHEMES:
            message = tr("Kabar does not open links of this kind: {0}")
            self.link_refused.emit(message.format(url.scheme()))
            return
        self.opened.append(url.toString())
        QDesktopServices.openUrl(url)  # the system browser; never inside Kabar


def _related_meta(headline: Headline) -> str:
    when = headline.published or headline.first_seen
    parts = (headline.source_title or "", when.astimezone().strftime("%d.%m.%Y"))
    return " · ".join(p for p in parts if p)


def _offline_note(article: Article) -> str:
    """Whether the whole article can be read offline, and if not, why (with Try again)."""
    if article.full_state == "done":
        return " · " + html.escape(tr("full text saved for offline reading"))
    if article.full_state == "failed":
        why = html.escape(tr("only the feed's text is saved: {0}").format(article.full_error))
        retry = html.escape(tr("Try again"))
        return f' · {why} <a href="{RETRY_SCHEME}:{article.id}">{retry}</a>'
    return ""
