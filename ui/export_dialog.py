"""File → Export…: what to export, in which format, where; run in the background, cancellable.

The export itself is reader.export (PDF is drawn by ui.pdf_export); this dialog only asks and
shows progress. A cancelled or failed export leaves no partial file (the writers see to it).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FORMATS = (("html", "HTML", ".html"), ("md", "Markdown", ""), ("epub", "EPUB", ".epub"),
           ("pdf", "PDF", ".pdf"), ("json", "JSON", ".json"))  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


class ExportDialog(QDialog):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(tr("Export articles"))
        self.w = window
        self.what = QComboBox()
        selected = window.current_article_id()
        if selected is not None:
            self.what.addItem(tr("The selected article"), "selected")
        if window.search.active:
            self.what.addItem(tr("The search results"), "search")
        view = window.sources.current_filter()
        if view.source_id is not None or view.folder is not None:
            self.what.addItem(tr("Everything in this source or folder"), "view")
        self.what.addItem(tr("All starred articles"), "starred")
        self.format = QComboBox()
        for code, name, _suffix in FORMATS:
            self.format.addItem(name, code)
        self.combined = QCheckBox(tr("One Markdown file for all articles"))
        form = QFormLayout(self)
        form.addRow(tr("Export:"), self.what)
        form.addRow(tr("Format:"), self.format)
        form.addRow("", self.combined)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def selection(self) -> Any:
        from reader.export.selection import Selection

        what = self.what.currentData()
        if what == "selected":
            return Selection(ids=(self.w.current_article_id() or 0,))
        if what == "search":
            return Selection(search=self.w.search.text)
        if what == "starred":
            return Selection(starred=True)
        view = self.w.sources.current_filter()
        return Selection(source=str(view.source_id) if view.source_id is not None else None,
                         folder=view.folder)  # fmt: skip

    def destination(self) -> Path | None:
        code = self.format.currentData()
        suffix = next(s for c, _n, s in FORMATS if c == code)
        if code == "md" and not self.combined.isChecked():
            chosen = QFileDialog.getExistingDirectory(self, tr("Export to folder"))
            return Path(chosen) / "kabar-export" if chosen else None
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Export to"), f"kabar-export{suffix}")
        return Path(chosen) if chosen else None


class _Relay(QObject):
    progress = Signal(int, int)
    done = Signal(object)


def export_articles(window: MainWindow) -> None:
    dialog = ExportDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    out = dialog.destination()
    if out is None:
        return
    run_export(window, dialog.selection(), str(dialog.format.currentData()), out,
               dialog.combined.isChecked())  # fmt: skip


def run_export(window: MainWindow, selection: Any, fmt: str, out: Path, combined: bool) -> None:
    """The export on the maintenance thread, a progress dialog with Cancel on the UI thread."""
    from reader.export import export, register

    if fmt == "pdf":  # drawn by Qt, so registered from this side (ui.launcher does the same)
        from ui.pdf_export import write_pdf

        register("pdf", write_pdf)
    stop = threading.Event()
    relay = _Relay(window)
    progress = QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 0, window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.canceled.connect(stop.set)
    relay.progress.connect(lambda done, total: (progress.setMaximum(total),
                                                progress.setValue(done)))  # fmt: skip

    def job() -> Any:
        # The file dialog already asked about replacing an existing file.
        return export(window.storage, selection, fmt, out, cache_dir=window.cache_dir,
                      force=True, combined=combined, on_progress=relay.progress.emit,
                      should_stop=stop.is_set)  # fmt: skip

    def finished(result: Any) -> None:
        progress.close()
        relay.deleteLater()
        if isinstance(result, Exception):
            if not stop.is_set():
                QMessageBox.warning(window, tr("Export"), str(result))
            return
        window.status_text.setText(tr("Exported {0} articles to {1}.").format(
            getattr(result, "articles", 0), out))  # fmt: skip

    window.maintenance.submit(job, then=finished)
