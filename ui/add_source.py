"""Add a source: paste a site or feed address, see the feeds found, pick one and a folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from reader.display import count_phrase
from reader.subscribe import FoundCandidate, find_candidates

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("AddSource", text)


class AddSourceDialog(QDialog):
    """Discovery runs on the window's network thread; the dialog never blocks."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.setWindowTitle(tr("Add source"))
        self.setMinimumWidth(520)
        self.address = QLineEdit()
        self.address.setPlaceholderText("tengrinews.kz")
        self.find_button = QPushButton(tr("Find feeds"))
        self.found = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.folder = QComboBox()
        self.folder.setEditable(True)
        self.folder.addItems(
            ["", *sorted({s.folder for s in window.storage.sources() if s.folder})]
        )
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.find_button)
        form = QFormLayout(self)
        form.addRow(tr("Site or feed address:"), row)
        form.addRow(tr("Feeds found:"), self.found)
        form.addRow("", self.message)
        form.addRow(tr("Folder:"), self.folder)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.find_button.clicked.connect(self.search)
        self.address.returnPressed.connect(self.search)
        self.found.currentItemChanged.connect(
            lambda item, _old: self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            .setEnabled(item is not None)
        )  # fmt: skip

    def search(self) -> None:
        text = self.address.text().strip()
        if not text:
            return
        self.found.clear()
        self.find_button.setEnabled(False)
        self.message.setText(tr("Looking for feeds…"))
        self.window.network.submit(find_candidates, text, then=self._show)

    def _show(self, result: object) -> None:
        self.find_button.setEnabled(True)
        if isinstance(result, Exception):
            self.message.setText(str(result))
            return
        assert isinstance(result, list)
        for candidate in result:
            label = f"{candidate.title or candidate.url}  —  " + count_phrase(
                candidate.entries, "article", self.window.language
            )
            item = QListWidgetItem(label)
            item.setToolTip(candidate.url)
            item.setData(Qt.ItemDataRole.UserRole, candidate)
            self.found.addItem(item)
        self.found.setCurrentRow(0)
        self.message.setText("")

    def chosen(self) -> tuple[FoundCandidate, str | None] | None:
        item = self.found.currentItem()
        if item is None:
            return None
        return item.data(Qt.ItemDataRole.UserRole), self.folder.currentText().strip() or None
