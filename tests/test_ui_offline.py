"""Reading with the network gone: the whole article and its pictures, from the archive alone."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from tests.feedserver import FeedServer
from tests.test_capture import LEAD, ONLY_ON_PAGE, PAGE, rss
from tests.uihelp import open_window
from ui.headlines import THUMBNAIL_ROLE
from ui.main_window import MainWindow

PHOTO = "/userdata/news/2021/news_440000/shusha.jpeg"
LEAD_PHOTO = "/userdata/news/2021/news_440000/thumb_b/photo_371000.jpeg"


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG, made here so no third-party picture is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    storage = Storage(tmp_path / DB_FILENAME)
    cache = tmp_path / "cache"
    with FeedServer() as server:  # the network exists only during the sync
        page = server.add("/world_news/1/", PAGE.read_bytes(), "text/html; charset=utf-8")
        server.add(PHOTO, png(7, 5), "image/jpeg")  # the type is judged by its bytes
        server.add(LEAD_PHOTO, png(40, 30), "image/jpeg")
        storage.add_source(server.add("/rss", rss([(LEAD, page, "Анонс.")])))
        report = Sync(storage, SyncOptions(parse_workers=0, cache_dir=cache)).run()
        assert report.captured == 1 and report.images >= 1
    win = open_window(storage, tmp_path, qtbot, cache, mark_read_delay_ms=None)
    yield win
    win.syncer.wait()
    storage.close()


def test_the_whole_article_and_its_pictures_show_with_the_server_gone(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.table.selectRow(0)
    view = window.article
    assert ONLY_ON_PAGE in view.toPlainText()  # the page's text, not the feed's teaser
    assert "full text saved for offline reading" in view.toPlainText()
    photo = next(url for url in view.safe_document.asked if url.endswith(PHOTO))
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(photo))
    assert isinstance(image, QImage) and (image.width(), image.height()) == (7, 5)
    assert all(url.startswith("http://127.0.0.1") for url in view.safe_document.asked)


def test_cards_show_the_articles_picture_from_the_cache(window: MainWindow, qtbot: QtBot) -> None:
    window.shortcut_actions["cards"].trigger()
    assert window.settings.value("view/cards") in (True, "true")
    url = window.model.data(window.model.index(0, 1), THUMBNAIL_ROLE)
    assert url is not None and url.endswith(LEAD_PHOTO)  # the page's lead picture
    window.table.viewport().repaint()  # the delegate scales it from the cache, offline
    assert any(pixmap is not None for pixmap in window.delegate._pixmaps.values())
    window.shortcut_actions["cards"].trigger()
    assert window.model.data(window.model.index(0, 1), THUMBNAIL_ROLE) is None


def test_export_and_back_up_from_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.export.selection import Selection
    from ui.backup_actions import back_up
    from ui.export_dialog import ExportDialog, run_export

    window.table.selectRow(0)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.what.currentData() == "selected"  # what the reader is looking at
    window.storage.mark([window.current_article_id() or 0], starred=True)
    out = tmp_path / "starred.html"
    run_export(window, Selection(starred=True), "html", out, False)
    qtbot.waitUntil(lambda: "starred.html" in window.status_text.text(), timeout=10_000)
    page = out.read_text(encoding="utf-8")
    assert ONLY_ON_PAGE in page and 'src="data:image/png;base64,' in page  # offline, whole
    saved = tmp_path / "kabar.kabar-backup"
    # The file chooser is the reader's answer; everything after it is the real backup.
    monkeypatch.setattr("ui.backup_actions.QFileDialog.getSaveFileName",
                        lambda *_a, **_k: (str(saved), ""))  # fmt: skip
    back_up(window)
    qtbot.waitUntil(lambda: "kabar.kabar-backup" in window.status_text.text(), timeout=10_000)
    assert saved.stat().st_size > 0
