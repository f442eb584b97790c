"""Preferences: how often to sync, when an article counts as read, how text looks, language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from ui.storage_box import StorageBox

DEFAULTS = {
    "sync/interval_minutes": 30,
    "reading/mark_read_delay_ms": 500,
    "reading/font_family": "serif",
    "reading/zoom": 0,
    "ui/language": "",
    "ui/start_minimized": False,
}
# Language names are shown in their own language; only "System" is translated.
LANGUAGE_CHOICES = (
    ("", QT_TRANSLATE_NOOP("Preferences", "System")),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("en", "English"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Preferences", text)


def setting(settings: QSettings, key: str) -> object:
    """A preference with its documented default and type, whatever the ini file holds."""
    default = DEFAULTS[key]
    value = settings.value(key, default)
    if isinstance(default, bool):
        return str(value).lower() in {"1", "true", "yes"} if not isinstance(value, bool) else value
    if isinstance(default, int):
        try:
            return int(str(value))
        except ValueError:
            return default
    return str(value)


class PreferencesDialog(QDialog):
    def __init__(
        self, settings: QSettings, parent: QWidget | None = None,
        storage: StorageBox | None = None, ticker: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.settings = settings
        self.storage_box = storage
        self.ticker_box = ticker
        self.setWindowTitle(tr("Preferences"))
        form = QFormLayout(self)
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(" " + tr("min"))
        self.interval.setSpecialValueText(tr("never (only when I ask)"))
        self.delay = QSpinBox()
        self.delay.setRange(0, 10_000)
        self.delay.setSingleStep(250)
        self.delay.setSuffix(" " + tr("ms"))
        self.font = QComboBox()
        self.font.addItem(tr("Serif"), "serif")
        self.font.addItem(tr("Sans-serif"), "sans")
        self.zoom = QSpinBox()
        self.zoom.setRange(-4, 10)
        self.language = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(tr(name) if not code else name, code)
        self.minimized = QCheckBox(tr("Start minimized to the system tray"))
        form.addRow(tr("Sync interval:"), self.interval)
        form.addRow(tr("Mark as read after:"), self.delay)
        form.addRow(tr("Article font:"), self.font)
        form.addRow(tr("Text size (steps):"), self.zoom)
        form.addRow(tr("Language (after restart):"), self.language)
        form.addRow("", self.minimized)
        for box in (ticker, storage):
            if box is not None:
                form.addRow(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._load()

    def _load(self) -> None:
        s = self.settings
        self.interval.setValue(int(str(setting(s, "sync/interval_minutes"))))
        self.delay.setValue(int(str(setting(s, "reading/mark_read_delay_ms"))))
        self.font.setCurrentIndex(max(0, self.font.findData(setting(s, "reading/font_family"))))
        self.zoom.setValue(int(str(setting(s, "reading/zoom"))))
        self.language.setCurrentIndex(max(0, self.language.findData(setting(s, "ui/language"))))
        self.minimized.setChecked(bool(setting(s, "ui/start_minimized")))

    def save(self) -> None:
        s = self.settings
        s.setValue("sync/interval_minutes", self.interval.value())
        s.setValue("reading/mark_read_delay_ms", self.delay.value())
        s.setValue("reading/font_family", self.font.currentData())
        s.setValue("reading/zoom", self.zoom.value())
        s.setValue("ui/language", self.language.currentData())
        s.setValue("ui/start_minimized", self.minimized.isChecked())
        s.sync()
