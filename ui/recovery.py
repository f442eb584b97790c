"""Starting on a damaged archive: say so in plain words and offer a backup, never overwrite.

The damaged file is moved aside by the restore (reader.backup), not deleted; choosing Quit
leaves everything exactly as it was.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.auto_backup import automatic_backups
from reader.errors import KabarError
from reader.paths import database_path
from reader.storage import Storage


def tr(text: str) -> str:
    return QCoreApplication.translate("Recovery", text)


def open_or_recover(data_dir: Path, parent: QWidget | None = None) -> Storage | None:
    """The archive, or — when it cannot be opened — the one the reader restores; None to quit."""
    while True:
        try:
            return Storage(database_path(data_dir))
        except KabarError as error:
            chosen = ask_for_backup(data_dir, str(error), parent)
        if chosen is None:
            return None
        try:
            from reader.backup import restore

            restore(data_dir, chosen)
        except KabarError as error:
            QMessageBox.warning(parent, tr("Restore Kabar"), str(error))


def ask_for_backup(data_dir: Path, problem: str, parent: QWidget | None) -> Path | None:
    backups = automatic_backups(data_dir)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Kabar cannot open your archive"))
    box.setText(tr("{0}\n\nKabar has not changed the file ({1}).").format(
        problem, database_path(data_dir)))  # fmt: skip
    newest = None
    if backups:
        when = datetime.fromtimestamp(backups[0].stat().st_mtime).strftime("%d.%m.%Y %H:%M")
        newest = box.addButton(tr("Restore the backup of {0}").format(when),
                               QMessageBox.ButtonRole.AcceptRole)  # fmt: skip
        box.setInformativeText(tr("The damaged file is kept beside the restored one."))
    other = box.addButton(tr("Restore from a file…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if newest is not None and box.clickedButton() is newest:
        return backups[0]
    if box.clickedButton() is other:
        path, _ = QFileDialog.getOpenFileName(parent, tr("Restore Kabar"), str(data_dir),
                                              tr("Kabar backups (*.kabar-backup)"))  # fmt: skip
        return Path(path) if path else None
    return None
