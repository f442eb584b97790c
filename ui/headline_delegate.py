"""Paints a headline's title with a one-line preview of its text underneath, when it fits.

Search results put their snippet in the preview line, with the matched words marked.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.headlines import PREVIEW_MARKS_ROLE, PREVIEW_ROLE, THUMBNAIL_ROLE, TITLE_MARKS_ROLE

if TYPE_CHECKING:
    from reader.images import ImageCache

MARK_BACKGROUND = QColor("#FFE27A")  # a highlighter's yellow, with dark text on light or dark
MARK_TEXT = QColor("#1A1A1A")
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
THUMBNAILS_KEPT = 400


class HeadlineDelegate(QStyledItemDelegate):
    """`images`: the offline picture cache, for cards; pictures are only ever read from it."""

    def __init__(self, parent: QWidget | None = None, images: ImageCache | None = None) -> None:
        super().__init__(parent)
        self.images = images
        self._pixmaps: OrderedDict[tuple[str, int], QPixmap | None] = OrderedDict()

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:  # fmt: skip
        self.initStyleOption(option, index)
        title, option.text = option.text, ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        area = option.rect.adjusted(4, 2, -4, -2)
        painter.save()
        # Glyphs can reach far past their line: a title of 1000 stacked combining marks drew
        # a stripe over every row above it. The style clips its own cells; so do we.
        painter.setClipRect(option.rect, Qt.ClipOperation.IntersectClip)
        thumb = self._thumbnail(index.data(THUMBNAIL_ROLE), area.height())
        if thumb is not None:
            painter.drawPixmap(area.x(), area.y() + (area.height() - thumb.height()) // 2, thumb)
        if index.data(THUMBNAIL_ROLE) is not None:  # cards keep their text aligned
            area = area.adjusted(area.height() + 8, 0, 0, 0)
        line = QRect(area.x(), area.y(), area.width(), QFontMetrics(option.font).height())
        draw_marked(painter, line, title, index.data(TITLE_MARKS_ROLE) or (), option.font, color)
        preview = str(index.data(PREVIEW_ROLE) or "")
        preview_font = QFont(option.font)
        preview_font.setBold(False)
        height = QFontMetrics(preview_font).height()
        below = QRect(area.x(), line.bottom() + 2, area.width(), height)
        if preview and below.bottom() <= option.rect.bottom():
            muted = QColor(color)
            muted.setAlpha(150)
            marks = index.data(PREVIEW_MARKS_ROLE) or ()
            draw_marked(painter, below, preview, marks, preview_font, muted)
        painter.restore()

    def _thumbnail(self, url: str | None, side: int) -> QPixmap | None:
        """The card's picture, scaled once and kept (missing ones are simply not drawn)."""
        if not url or self.images is None:
            return None
        key = (url, side)
        if key not in self._pixmaps:
            path = self.images.path_for(url)
            image = QImage(str(path)) if path is not None else QImage()
            self._pixmaps[key] = None if image.isNull() else _square(image, side)
            while len(self._pixmaps) > THUMBNAILS_KEPT:
                self._pixmaps.popitem(last=False)
        return self._pixmaps[key]


def _square(image: QImage, side: int) -> QPixmap:
    """The middle of the picture, filling a side×side square."""
    scaled = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                          Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    x, y = (scaled.width() - side) // 2, (scaled.height() - side) // 2
    return QPixmap.fromImage(scaled.copy(x, y, side, side))


def draw_marked(
    painter: QPainter, rect: QRect, text: str, marks: Sequence[tuple[int, int]], font: QFont,
    color: QColor,
) -> None:  # fmt: skip
    """`text` on one line, elided at the right, with the `marks` spans highlighted."""
    metrics = QFontMetrics(font)
    painter.setFont(font)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    if not marks:
        painter.setPen(color)
        painter.drawText(rect, LEFT, elided)
        return
    shown = len(elided) - (1 if elided != text and elided.endswith("…") else 0)
    x = rect.x()
    for start, end, marked in _segments(len(text), marks, shown):
        piece = text[start:end]
        width = metrics.horizontalAdvance(piece)
        box = QRect(x, rect.y(), width, rect.height())
        if marked:
            painter.fillRect(box.adjusted(-1, 1, 1, -1), MARK_BACKGROUND)
        painter.setPen(MARK_TEXT if marked else color)
        painter.drawText(box, LEFT, piece)
        x += width
    if shown < len(text):
        painter.setPen(color)
        painter.drawText(QRect(x, rect.y(), rect.right() - x, rect.height()), LEFT, "…")


def _segments(
    length: int, marks: Sequence[tuple[int, int]], shown: int
) -> list[tuple[int, int, bool]]:
    """[start, end, marked] pieces covering text[:shown]."""
    pieces, at = [], 0
    for mark_start, mark_end in sorted(marks):
        start, end = max(mark_start, at), min(mark_end, shown)
        if start >= end:
            continue
        if start > at:
            pieces.append((at, start, False))
        pieces.append((start, end, True))
        at = end
    if at < min(shown, length):
        pieces.append((at, min(shown, length), False))
    return pieces
