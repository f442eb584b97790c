"""Paints a headline's title with a one-line preview of its text underneath, when it fits."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.headlines import PREVIEW_ROLE


class HeadlineDelegate(QStyledItemDelegate):
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
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        area = option.rect.adjusted(4, 2, -4, -2)
        title_metrics = QFontMetrics(option.font)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(option.palette.color(role))
        line = QRect(area.x(), area.y(), area.width(), title_metrics.height())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        elided = title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(line, left, elided)
        preview = str(index.data(PREVIEW_ROLE) or "")
        preview_font = option.font
        preview_font.setBold(False)
        preview_metrics = QFontMetrics(preview_font)
        below = QRect(area.x(), line.bottom() + 2, area.width(), preview_metrics.height())
        if preview and below.bottom() <= option.rect.bottom():
            painter.setFont(preview_font)
            muted = option.palette.color(role)
            muted.setAlpha(150)
            painter.setPen(muted)
            text = preview_metrics.elidedText(preview, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(
                below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
        painter.restore()
