"""The strip above the panes: rates, weather and a breaking headline, kept when offline."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.ticker import load_settings, save_settings, set_breaking, ticker_state
from tests.feedserver import FeedServer
from tests.paths import DATA_DIR, REAL_FEEDS
from tests.uihelp import open_window as show_window
from ui.main_window import MainWindow
from ui.rate_chart import RateChart
from ui.ticker_box import TickerBox

TICKER = DATA_DIR / "ticker"
WIN1251 = next(p for p in REAL_FEEDS if p.name == "encoding_WINDOWS-1251.xml")


def open_window(storage: Storage, folder: Path, qtbot: QtBot) -> MainWindow:
    return show_window(storage, folder, qtbot, mark_read_delay_ms=None)


def strip_text(window: MainWindow) -> str:
    return " · ".join(window.ticker_strip.strip.texts())


def test_the_strip_shows_rates_weather_and_breaking_and_keeps_them_offline(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = Storage(tmp_path / DB_FILENAME)
    with FeedServer() as server:
        monkeypatch.setenv(
            "KABAR_RATES_URL",
            server.add(
                "/rates.xml", (TICKER / "nbk_rates_all_2016-04-18.xml").read_bytes(), "text/xml"
            ),
        )
        monkeypatch.setenv("KABAR_WEATHER_URL", server.add(
            "/forecast", (TICKER / "openmeteo_almaty_written.json").read_bytes(),
            "application/json"))  # fmt: skip
        source = storage.add_source(server.add_file("/bash.xml", WIN1251))
        Sync(storage, SyncOptions(parse_workers=0)).run()
        set_breaking(storage, source.id, True)
        window = open_window(storage, tmp_path, qtbot)
        qtbot.waitUntil(lambda: "USD 334,41" in strip_text(window), timeout=10_000)
        text = strip_text(window)
        assert "EUR 376,61" in text and "RUB 5,06" in text and "CNY 51,63" in text
        assert "Алматы" in text and "°" in text
        newest = storage.articles(limit=1)[0]
        assert newest.title in text  # the breaking source's newest headline
        # Another day's rates: the history grows by one day per day the bank publishes.
        next_day = (TICKER / "nbk_rates_all_2016-04-18.xml").read_bytes().replace(
            b"18.04.16", b"19.04.16").replace(
            b"<description>334.41</description><quant>1</quant><index></index>"
            b"<change>0.00</change>",
            b"<description>336.00</description><quant>1</quant><index>UP</index>"
            b"<change>+1.59</change>")  # fmt: skip
        server.set_body("/rates.xml", next_day)
        window.ticker_strip.refresh(force=True)
        qtbot.waitUntil(lambda: "USD 336,00 ▲ +1,59" in strip_text(window), timeout=10_000)
        window.close()
    # The network is gone: a new window shows the same values from the archive, dimmed later.
    again = open_window(storage, tmp_path, qtbot)
    qtbot.waitUntil(lambda: "USD" in strip_text(again), timeout=10_000)
    assert "Алматы" in strip_text(again)
    again.ticker_strip.strip.headline_clicked.emit(newest.id)  # the reader clicks the headline
    assert again.article.article is not None and again.article.article.id == newest.id
    again.ticker_strip.show_chart("USD")
    chart = next(w for w in again.findChildren(RateChart))
    assert [day.day for day, _rate in chart.curve.points] == [18, 19]  # both days drawn
    chart.grab()  # and painted
    chart.close()
    again.close()
    storage.close()


def test_ticker_preferences_choose_bank_currencies_city_and_parts(
    tmp_path: Path, qtbot: QtBot
) -> None:
    storage = Storage(tmp_path / DB_FILENAME)
    box = TickerBox(load_settings(storage))
    qtbot.addWidget(box)
    box.provider.setCurrentIndex(box.provider.findData("cbr"))
    box.currencies.setText("usd; eur, x, KZT")
    box.city.setCurrentIndex(box.city.findText("Астана"))
    box.parts["show_weather"].setChecked(False)
    save_settings(storage, box.chosen())
    chosen = load_settings(storage)
    assert chosen.rates_provider == "cbr" and chosen.currencies == ("USD", "EUR", "KZT")
    assert (chosen.city, round(chosen.lat), round(chosen.lon)) == ("Астана", 51, 71)
    assert not chosen.show_weather and ticker_state(storage, chosen).weather is None
    storage.close()
