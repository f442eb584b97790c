"""Preferences → Ticker: which bank's rates, which currencies, which city, which parts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from reader.rates import PROVIDER_NAMES
from reader.ticker import CITIES, TickerSettings


def tr(text: str) -> str:
    return QCoreApplication.translate("TickerBox", text)


class TickerBox(QGroupBox):
    def __init__(self, current: TickerSettings, parent: QWidget | None = None) -> None:
        super().__init__(tr("Ticker strip"), parent)
        self.current = current
        form = QFormLayout(self)
        self.provider = QComboBox()
        for code, name in PROVIDER_NAMES.items():
            self.provider.addItem(name, code)
        self.provider.setCurrentIndex(max(0, self.provider.findData(current.rates_provider)))
        self.currencies = QLineEdit(", ".join(current.currencies))
        self.city = QComboBox()
        for place in CITIES:
            self.city.addItem(place.name, place)
        if self.city.findText(current.city) < 0:  # one chosen on the command line
            self.city.addItem(current.city, None)
        self.city.setCurrentIndex(self.city.findText(current.city))
        self.parts = {name: QCheckBox(label) for name, label in (
            ("show_rates", tr("Exchange rates")), ("show_weather", tr("Weather")),
            ("show_breaking", tr("Breaking headline")))}  # fmt: skip
        form.addRow(tr("Rates from:"), self.provider)
        form.addRow(tr("Currencies:"), self.currencies)
        form.addRow(tr("Weather in:"), self.city)
        for name, box in self.parts.items():
            box.setChecked(bool(getattr(current, name)))
            form.addRow("", box)

    def chosen(self) -> TickerSettings:
        codes = tuple(c.strip().upper() for c in self.currencies.text().replace(";", ",").split(",")
                      if len(c.strip()) == 3 and c.strip().isalpha())  # fmt: skip
        values: dict[str, Any] = {name: box.isChecked() for name, box in self.parts.items()}
        place = self.city.currentData()
        if place is not None:
            values.update(city=place.name, lat=place.lat, lon=place.lon, timezone=place.timezone)
        return replace(self.current, rates_provider=self.provider.currentData(),
                       currencies=codes or self.current.currencies, **values)  # fmt: skip
