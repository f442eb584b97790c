"""One Kabar window per archive: starting Kabar again raises the running window instead.

A local socket named after the data folder: the first window listens on it; a second start
connects, asks it to come to the front, and exits. Two archives (--data-dir) are two windows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

WAIT_MS = 500
RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir.resolve()).encode(), usedforsecurity=False).hexdigest()
    return f"kabar-{digest[:16]}"


def ask_running_window(data_dir: Path) -> bool:
    """True when a Kabar window on this archive is running and was asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts; `on_raise` brings the window forward."""

    def __init__(self, data_dir: Path, on_raise: Callable[[], None]) -> None:
        super().__init__()
        self.on_raise = on_raise
        self.server = QLocalServer(self)
        name = server_name(data_dir)
        if not self.server.listen(name):  # a stale socket left by a killed Kabar
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._arrived)

    def _arrived(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.on_raise()

    def close(self) -> None:
        self.server.close()


def bring_forward(window: QWidget) -> Callable[[], None]:
    def raise_window() -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()

    return raise_window
