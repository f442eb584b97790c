"""The strip's data: read from the archive at once, refreshed in the background on a timer.

reader.ticker (and the HTTP stack under it) is imported on the ticker's own thread, after the
first frame: the window never waits for it, for the network, or for a provider's error.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from ui.background import BackgroundQueue
from ui.rate_chart import RateChart
from ui.ticker_strip import CONDITION_GLYPHS, TickerStrip

if TYPE_CHECKING:
    from ui.main_window import MainWindow

REFRESH_EVERY_MS = 5 * 60_000  # providers keep their own schedules; this only asks if due


def tr(text: str) -> str:
    return QCoreApplication.translate("WindowTicker", text)


def _stored_state(storage: Any) -> Any:
    from reader.ticker import load_settings, ticker_state

    return ticker_state(storage, load_settings(storage))


def _refreshed_state(storage: Any, force: bool) -> Any:
    from reader.ticker import load_settings, refresh

    return asyncio.run(refresh(storage, load_settings(storage), force=force))


class WindowTicker(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.strip = TickerStrip(window.ticker, window.language)
        self.queue = BackgroundQueue("ticker", self)
        self.state: Any = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.strip.rate_clicked.connect(self.show_chart)
        self.strip.weather_clicked.connect(self.show_forecast)
        self.strip.headline_clicked.connect(window.open_article)

    def start(self) -> None:
        """After the first frame: the stored values, then whatever providers are due."""
        self.reload()
        self.refresh()
        self.timer.start(REFRESH_EVERY_MS)

    def reload(self) -> None:
        """The stored values again (a sync may have brought a breaking headline)."""
        self.queue.submit(_stored_state, self.w.storage, then=self._arrived)

    def refresh(self, force: bool = False) -> None:
        if not self.w.offline:
            self.queue.submit(_refreshed_state, self.w.storage, force, then=self._arrived)

    def _arrived(self, state: Any) -> None:
        if isinstance(state, Exception):  # a locked database: the strip keeps what it shows
            return
        self.state = state
        self.strip.show_state(state)

    def show_chart(self, code: str) -> None:
        from reader.ticker import rate_history

        provider = self.state.provider if self.state is not None else "nbk"
        chart = RateChart(code, lambda days: rate_history(self.w.storage, provider, code, days),
                          QLocale(self.w.language), self.w)  # fmt: skip
        chart.show()

    def show_forecast(self) -> None:
        weather = self.state.weather if self.state is not None else None
        if weather is None:
            return
        from reader.weather import condition_text

        locale = QLocale(self.w.language)
        rows = "".join(
            f"<tr><td>{locale.toString(day.day, 'ddd dd.MM')}</td>"
            f"<td>{CONDITION_GLYPHS.get(day.condition, '')}</td>"
            f"<td>{condition_text(day.condition, self.w.language)}</td>"
            f"<td align=right>{_degrees(day.t_min)} … {_degrees(day.t_max)}</td></tr>"
            for day in weather.days
        )
        QMessageBox.information(self.w, tr("Weather: {0}").format(self.state.city),
                                f"<table cellspacing=6>{rows}</table>")  # fmt: skip

    def shutdown(self) -> None:
        self.timer.stop()
        self.queue.shutdown()


def _degrees(value: float | None) -> str:
    return "—" if value is None else f"{'+' if value > 0 else ''}{round(value)}°"
