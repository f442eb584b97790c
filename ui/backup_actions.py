"""File → Back up… and Restore…: the whole archive in one file, and back (reader.backup)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SUFFIX = ".kabar-backup"


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupActions", text)


def back_up(window: MainWindow) -> None:
    from reader.backup import backup

    name = f"kabar-{date.today().isoformat()}{SUFFIX}"
    chosen, _ = QFileDialog.getSaveFileName(window, tr("Back up Kabar"), name,
                                            tr("Kabar backups (*{0})").format(SUFFIX))  # fmt: skip
    if not chosen:
        return
    data_dir = window.storage.db.path.parent

    def done(result: Any) -> None:
        if isinstance(result, Exception):
            QMessageBox.warning(window, tr("Back up Kabar"), str(result))
        else:
            window.status_text.setText(tr("Backed up to {0}.").format(chosen))

    # The file dialog already asked about replacing an existing file.
    window.maintenance.submit(backup, window.storage, data_dir, Path(chosen), True, then=done)


def restore_from(window: MainWindow) -> None:
    """Restoring replaces the open archive, so Kabar closes afterwards and is started again."""
    from reader.backup import restore

    chosen, _ = QFileDialog.getOpenFileName(window, tr("Restore Kabar"), "",
                                            tr("Kabar backups (*{0})").format(SUFFIX))  # fmt: skip
    if not chosen:
        return
    question = tr(
        "Replace your articles, stars and settings with this backup? Your current archive is "
        "kept beside it, and Kabar closes when it is done."
    )
    answer = QMessageBox.question(window, tr("Restore Kabar"), question)
    if answer != QMessageBox.StandardButton.Yes:
        return
    data_dir = window.storage.db.path.parent
    window.syncer.wait()
    for queue in (window.writer, window.maintenance, window.related):
        queue.shutdown()  # no thread may hold the archive open while it is swapped
    window.storage.close()
    window.restored = True
    try:
        restore(data_dir, Path(chosen))
    except Exception as error:  # a foreign or damaged file: the current archive is untouched
        QMessageBox.warning(window, tr("Restore Kabar"), str(error))
    else:
        said = tr("Restored. Start Kabar again to read the restored archive.")
        QMessageBox.information(window, tr("Restore Kabar"), said)
    window.close()
    QApplication.quit()
