"""A rate's last 30, 90 or 365 days from the stored history, drawn with QPainter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

Points = Sequence[tuple[date, Decimal]]
SPANS = (30, 90, 365)
LINE_COLOR = "#2A7FD4"


def tr(text: str) -> str:
    return QCoreApplication.translate("RateChart", text)


class RateCurve(QWidget):
    def __init__(self, locale: QLocale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.locale = locale
        self.points: list[tuple[date, float]] = []
        self.setMinimumSize(480, 240)

    def set_points(self, points: Points) -> None:
        self.points = [(day, float(value)) for day, value in sorted(points)]
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.Text)
        if len(self.points) < 2:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("Not enough history yet: Kabar keeps one rate a day."))  # fmt: skip
            return
        area = QRectF(self.rect()).adjusted(64, 12, -12, -28)
        values = [value for _day, value in self.points]
        low, high = min(values), max(values)
        span = (high - low) or max(abs(high) * 0.01, 0.01)
        first, last = self.points[0][0], self.points[-1][0]
        days = max((last - first).days, 1)

        def at(day: date, value: float) -> QPointF:
            x = area.left() + area.width() * (day - first).days / days
            return QPointF(x, area.bottom() - area.height() * (value - low) / span)

        grid = QColor(text)
        grid.setAlpha(60)
        painter.setPen(QPen(grid, 1))
        painter.drawRect(area)
        painter.setPen(text)
        for value, y in ((high, area.top()), (low, area.bottom())):
            painter.drawText(QRectF(0, y - 9, 58, 18), Qt.AlignmentFlag.AlignRight,
                             self.locale.toString(value, "f", 2))  # fmt: skip
        for day, align in (
            (first, Qt.AlignmentFlag.AlignLeft),
            (last, Qt.AlignmentFlag.AlignRight),
        ):
            painter.drawText(QRectF(area.left(), area.bottom() + 6, area.width(), 18), align,
                             self.locale.toString(day, "dd.MM.yyyy"))  # fmt: skip
        path = QPainterPath(at(*self.points[0]))
        for point in self.points[1:]:
            path.lineTo(at(*point))
        painter.setPen(QPen(QColor(LINE_COLOR), 2))
        painter.drawPath(path)


class RateChart(QDialog):
    """`history(days)` gives the stored (day, per-unit rate) points; it reads the database."""

    def __init__(
        self, code: str, history: Callable[[int], Points], locale: QLocale,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(tr("{0}: rate history").format(code))
        self.history = history
        self.curve = RateCurve(locale)
        self.summary = QLabel()
        buttons = QHBoxLayout()
        self.spans = QButtonGroup(self)
        for days in SPANS:
            button = QPushButton(tr("{0} days").format(days))
            button.setCheckable(True)
            self.spans.addButton(button, days)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.spans.idClicked.connect(self.show_days)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.curve, 1)
        layout.addWidget(self.summary)
        self.show_days(SPANS[0])

    def show_days(self, days: int) -> None:
        button = self.spans.button(days)
        if button is not None:
            button.setChecked(True)
        points = self.history(days)
        self.curve.set_points(points)
        self.summary.setText(tr("{0} days with a stored rate").format(len(points)))
