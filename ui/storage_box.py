"""Preferences → Storage: how long articles are kept, the image budget, and what is used now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from reader.retention import Policy, policy, sizes
from reader.storage import Storage


def tr(text: str) -> str:
    return QCoreApplication.translate("StorageBox", text)


def size_text(count: int) -> str:
    return f"{count / 2**20:.1f} " + tr("MB")


class StorageBox(QGroupBox):
    def __init__(self, storage: Storage, cache_dir: Path | None, parent: QWidget | None = None):
        super().__init__(tr("Storage"), parent)
        form = QFormLayout(self)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(0, 36_500)
        self.keep_days.setSuffix(" " + tr("days"))
        self.keep_days.setSpecialValueText(tr("forever"))
        self.per_source = QSpinBox()
        self.per_source.setRange(0, 1_000_000)
        self.per_source.setSpecialValueText(tr("no limit"))
        self.keep_unread = QCheckBox(tr("Keep unread articles however old"))
        self.budget = QSpinBox()
        self.budget.setRange(0, 1_000_000)
        self.budget.setSuffix(" " + tr("MB"))
        self.used = QLabel()
        self.used.setWordWrap(True)
        form.addRow(tr("Keep articles:"), self.keep_days)
        form.addRow(tr("At most per source:"), self.per_source)
        form.addRow("", self.keep_unread)
        form.addRow(tr("Image cache up to:"), self.budget)
        form.addRow(QLabel(tr("Starred articles and their pictures are always kept.")))
        form.addRow(tr("In use:"), self.used)
        self._load(storage, cache_dir)

    def _load(self, storage: Storage, cache_dir: Path | None) -> None:
        chosen = policy(storage)
        self.keep_days.setValue(chosen.keep_days)
        self.per_source.setValue(chosen.max_per_source)
        self.keep_unread.setChecked(chosen.keep_unread)
        self.budget.setValue(chosen.image_budget_mb)
        found = sizes(storage, cache_dir)
        self.used.setText(
            tr("database {0} ({1} articles), full texts {2}, images {3}").format(
                size_text(found["database_bytes"]), found["articles"],
                size_text(found["full_text_bytes"]), size_text(found["image_bytes"]),
            )
        )  # fmt: skip

    def chosen(self) -> Policy:
        return Policy(keep_days=self.keep_days.value(), max_per_source=self.per_source.value(),
                      keep_unread=self.keep_unread.isChecked(),
                      image_budget_mb=self.budget.value())  # fmt: skip
