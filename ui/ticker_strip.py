"""The slim strip above the panes: tenge rates, the weather, a breaking headline, sync state.

It only shows a TickerState (reader.ticker) that the window reads from the database, so it
has values offline and never waits for the network; old values are dimmed, never blank.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

UP_COLOR, DOWN_COLOR = "#2E9E44", "#D0402B"
CONDITION_GLYPHS = {
    "clear": "☀", "mainly_clear": "🌤", "partly_cloudy": "⛅", "overcast": "☁", "fog": "🌫",
    "drizzle": "🌦", "rain": "🌧", "freezing_rain": "🌧", "snow": "❄", "showers": "🌦",
    "snow_showers": "🌨", "thunderstorm": "⛈",
}  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate("TickerStrip", text)


class ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TickerStrip(QWidget):
    rate_clicked = Signal(str)  # currency code
    weather_clicked = Signal()
    headline_clicked = Signal(int)  # article id

    def __init__(self, status: QLabel, language: str = "en", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ticker-strip")
        self.language = language
        self.locale = QLocale(language)
        self.rates: dict[str, ClickableLabel] = {}
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(10, 3, 10, 3)
        self.layout_.setSpacing(14)
        self.rates_box = QHBoxLayout()
        self.rates_box.setSpacing(14)
        self.weather = ClickableLabel()
        self.weather.clicked.connect(self.weather_clicked)
        self.breaking = ClickableLabel()
        self.breaking.setObjectName("breaking")
        self.breaking.clicked.connect(self._breaking_clicked)
        self.breaking_id: int | None = None
        self.as_of = QLabel()
        self.as_of.setStyleSheet("color: gray")
        self.as_of.hide()
        self.status = status
        self.layout_.addLayout(self.rates_box)
        self.layout_.addWidget(self.weather)
        self.layout_.addWidget(self.as_of)
        self.layout_.addWidget(self.breaking, 1)
        self.layout_.addWidget(status)
        for label in (self.weather, self.breaking):
            label.setCursor(Qt.CursorShape.PointingHandCursor)
            label.hide()

    # -- showing a state -----------------------------------------------------------------------

    def show_state(self, state: Any, now: datetime | None = None) -> None:
        """A reader.ticker.TickerState: whatever it holds is shown, stale values dimmed."""
        now = now or datetime.now(UTC)
        self._show_rates(state, now)
        self._show_weather(state, now)
        self._show_breaking(state)
        times = [t for t in (state.rates_fetched_at, state.weather_fetched_at) if t is not None]
        self.as_of.setVisible(bool(times))
        if times:
            self.as_of.setText(tr("as of {0}").format(max(times).astimezone().strftime("%H:%M")))

    def _show_rates(self, state: Any, now: datetime) -> None:
        codes = [rate.code for rate in state.rates]
        for code in list(self.rates):
            if code not in codes:
                self.rates.pop(code).deleteLater()
        for rate in state.rates:
            label = self.rates.get(rate.code)
            if label is None:
                label = self.rates[rate.code] = ClickableLabel()
                label.setCursor(Qt.CursorShape.PointingHandCursor)
                label.clicked.connect(lambda code=rate.code: self.rate_clicked.emit(code))
                self.rates_box.addWidget(label)
            label.setText(self._rate_text(rate, state.rates_stale))
            label.setToolTip(self._rate_tip(rate, state, now))

    def _rate_text(self, rate: Any, stale: bool) -> str:
        number = self.locale.toString(float(rate.per_unit), "f", 2)
        arrow = ""
        if rate.direction in ("up", "down"):
            color = UP_COLOR if rate.direction == "up" else DOWN_COLOR
            glyph = "▲" if rate.direction == "up" else "▼"
            change = ""
            if rate.change:
                change = " " + self.locale.toString(abs(float(rate.change)), "f", 2)
                change = ("+" if rate.direction == "up" else "−") + change.strip()
            arrow = f' <span style="color:{color}">{glyph} {html.escape(change)}</span>'
        text = f"<b>{html.escape(rate.code)}</b> {number}{arrow}"
        return f'<span style="color:gray">{text}</span>' if stale else text

    def _rate_tip(self, rate: Any, state: Any, now: datetime) -> str:
        base = getattr(rate, "base", "KZT")
        sign = {"KZT": "₸", "RUB": "₽", "EUR": "€"}.get(base, base)
        per = self.locale.toString(float(rate.per_unit), "f", 4)
        as_of = self.locale.toString(rate.as_of, "dd.MM.yyyy")
        lines = [
            tr("{0} {1} for 1 {2}").format(per, sign, rate.code),
            tr("as of {0}").format(as_of),
        ]
        lines += self._age_lines(state.rates_fetched_at, state.rates_stale, state.rates_error, now)
        lines.append(tr("Click for the chart"))
        return "\n".join(lines)

    def _show_weather(self, state: Any, now: datetime) -> None:
        from reader.weather import condition_text

        weather = state.weather
        if weather is None:
            self.weather.hide()
            return
        temp = _signed(weather.temperature)
        glyph = CONDITION_GLYPHS.get(weather.condition, "")
        text = f"{html.escape(state.city)} {temp} {glyph}"
        self.weather.setText(f'<span style="color:gray">{text}</span>' if state.weather_stale
                             else text)  # fmt: skip
        lines = [f"{state.city}: {temp}, {condition_text(weather.condition, self.language)}"]
        if weather.today_min is not None and weather.today_max is not None:
            lines.append(tr("today {0}° … {1}°, wind {2} m/s").format(
                round(weather.today_min), round(weather.today_max),
                round(weather.wind_speed or 0)))  # fmt: skip
        lines += self._age_lines(state.weather_fetched_at, state.weather_stale,
                                 state.weather_error, now)  # fmt: skip
        lines.append(tr("Click for the next days"))
        self.weather.setToolTip("\n".join(lines))
        self.weather.show()

    def _show_breaking(self, state: Any) -> None:
        headline = state.breaking
        self.breaking_id = headline.id if headline is not None else None
        self.breaking.setVisible(headline is not None)
        if headline is not None:
            self.breaking.setText(
                f'<b style="color:{DOWN_COLOR}">●</b> {html.escape(headline.title)}'
            )
            self.breaking.setToolTip(headline.title)

    def _age_lines(
        self, fetched: datetime | None, stale: bool, error: str | None, now: datetime
    ) -> list[str]:
        lines = []
        if fetched is not None:
            local = fetched.astimezone().strftime("%H:%M")
            minutes = int((now - fetched).total_seconds() // 60)
            lines.append(
                tr("fetched at {0}").format(local)
                + (" " + tr("({0} min ago, not refreshed since)").format(minutes) if stale else "")
            )
        if error:
            lines.append(tr("Last attempt failed: {0}").format(error))
        return lines

    def _breaking_clicked(self) -> None:
        if self.breaking_id is not None:
            self.headline_clicked.emit(self.breaking_id)

    def texts(self) -> list[str]:
        """What the strip says, as plain text (for tests and accessibility)."""
        labels = [*self.rates.values(), self.weather, self.as_of, self.breaking, self.status]
        return [_plain(label.text()) for label in labels if not label.isHidden()]


def _plain(rich: str) -> str:
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def _signed(degrees: float) -> str:
    """+12°, 0°, −6° (a real minus sign, as printed forecasts have it)."""
    value = round(degrees)
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{abs(value)}°"
