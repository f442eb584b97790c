"""The article pane: sanitized HTML that can load nothing from the network or the disk."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.types import Article

SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
STYLE = """
body { font-family: 'DejaVu Serif', Georgia, serif; font-size: 12pt; line-height: 150%; }
h1 { font-family: 'DejaVu Sans', sans-serif; font-size: 18pt; margin-bottom: 4px; }
.meta { color: #666; font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
img { max-width: 100%; }
blockquote { color: #444; margin-left: 12px; }
"""


class SafeDocument(QTextDocument):
    """Never calls the base loadResource: its fallback reads local files (measured)."""

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        return QImage()  # remote images wait for the image cache (a later issue)


class ArticleView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.document().setDefaultStyleSheet(STYLE)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.setPlaceholderText("Select an article to read it.")

    def show_article(self, article: Article) -> None:
        meta = " · ".join(
            html.escape(part)
            for part in (article.source_title or "", article.author or "",
                         article.published.astimezone().strftime("%d.%m.%Y %H:%M")
                         if article.published else "")
            if part
        )  # fmt: skip
        link = (f'<p class="meta"><a href="{html.escape(article.link)}">'
                f"{html.escape(article.link)}</a></p>" if article.link else "")  # fmt: skip
        body = article.content_html or article.summary_html
        self.setHtml(f"<h1>{html.escape(article.title)}</h1><p class='meta'>{meta}</p>{link}{body}")

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_LINK_SCHEMES:
            QDesktopServices.openUrl(url)  # the system browser; never inside Kabar
