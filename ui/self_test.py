"""`kabar --self-test`: check that this build works end to end, offscreen, in a few seconds.

It never touches the reader's own archive or settings. In a temporary folder it syncs one
Cyrillic article with a picture from a server of its own on 127.0.0.1, then stops the server
and opens the window in Russian: every view of the sources pane, the headlines, the article
(its Cyrillic text and the picture from the cache), the cards view, the search bar and the
preferences. It prints one line per check and exits 0 when all passed, 1 otherwise.
Lines `seed_ms N` and `first_paint` let a benchmark time the start (packaging/start_time.py).
"""

from __future__ import annotations

import struct
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TITLE = "Самопроверка Kabar: ёлка на площади Астаны"
BODY = "Қазақстан жаңалықтары. " + "Праздничную ёлку установили в центре столицы. " * 20
PICTURE = "/photo.png"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + b"\x20\x80\x40" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def _serve() -> tuple[ThreadingHTTPServer, str]:
    """A feed with one article and its picture, on a free loopback port."""
    files: dict[str, tuple[bytes, str]] = {PICTURE: (_png(9, 6), "image/png")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = files.get(self.path, (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    content = f'<p>{BODY}</p><p><img src="{base}{PICTURE}" alt="ёлка"></p>'
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Kabar</title><link>{base}/</link><item><title>{TITLE}</title>"
        f"<link>{base}/news/1</link><guid>{base}/news/1</guid>"
        "<pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate>"
        f"<description><![CDATA[{content}]]></description></item></channel></rss>"
    )
    files["/feed.xml"] = (feed.encode("utf-8"), "application/rss+xml")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def _seed(folder: Path) -> tuple[object, Path]:
    from reader.db import DB_FILENAME
    from reader.storage import Storage
    from reader.sync import Sync, SyncOptions

    storage = Storage(folder / DB_FILENAME)
    cache = folder / "cache"
    server, base = _serve()
    try:
        storage.add_source(f"{base}/feed.xml")
        report = Sync(storage, SyncOptions(parse_workers=0, cache_dir=cache)).run()
    finally:
        server.shutdown()
        server.server_close()
    _check("sync: 1 source, 1 article, its picture cached",
           not report.failures and report.new == 1 and report.images >= 1, str(report))  # fmt: skip
    return storage, cache


_failures: list[str] = []


def _check(what: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f": {detail}"), flush=True)
    if not ok:
        _failures.append(what)


def run() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kabar-self-test-") as tmp:
        folder = Path(tmp)
        storage, cache = _seed(folder)
        print(f"seed_ms {(time.monotonic() - started) * 1000:.0f}", flush=True)
        try:
            return _window(folder, storage, cache)
        finally:
            storage.close()  # type: ignore[attr-defined]


def _window(folder: Path, storage: object, cache: Path) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QUrl
    from PySide6.QtGui import QImage, QTextDocument
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translator
    from ui.main_window import MainWindow, window_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)

    class FirstPaint(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print("first_paint", flush=True)
                app.removeEventFilter(self)
            return False

    painted = FirstPaint()
    app.installEventFilter(painted)
    _check("Russian catalog installed", install_translator(app, "ru"))
    settings = window_settings(folder)
    settings.setValue("sync/interval_minutes", 0)  # no sync of its own: the network is gone
    window = MainWindow(storage, settings, "ru", cache)  # type: ignore[arg-type]
    window.show()

    def steps() -> None:
        try:
            _panes(window)
            view = window.article
            text = view.toPlainText()
            _check("article shows its Cyrillic title and text", TITLE in text and "ёлку" in text)
            asked = [url for url in view.safe_document.asked if url.endswith(PICTURE)]
            image = view.document().resource(
                QTextDocument.ResourceType.ImageResource, QUrl(asked[0] if asked else "")
            )
            _check("article picture comes from the cache", isinstance(image, QImage)
                   and (image.width(), image.height()) == (9, 6), f"asked {asked}")  # fmt: skip
            menus = [action.text() for action in window.menuBar().actions()]
            russian = QCoreApplication.translate("MainWindow", "Add Kabar's suggested news sources")
            _check("menus and texts are in Russian",
                   any(ch in "".join(menus) + russian for ch in "айеоуы")
                   and russian != "Add Kabar's suggested news sources", str(menus))  # fmt: skip
        except Exception as error:  # a broken build must say so, not hang
            _check("window checks ran", False, repr(error))
        QTimer.singleShot(300, window.close)
        QTimer.singleShot(400, app.quit)

    QTimer.singleShot(200, steps)
    QTimer.singleShot(30_000, lambda: (_check("finished in 30 s", False), app.exit(1)))
    app.exec()
    window.syncer.wait()
    print("self-test: " + ("passed" if not _failures else f"FAILED ({len(_failures)})"))
    return 1 if _failures else 0


def _panes(window: object) -> None:
    from PySide6.QtWidgets import QApplication, QDialog, QTreeWidgetItemIterator

    from ui.preferences import PreferencesDialog

    w = window
    tree = w.sources  # type: ignore[attr-defined]
    seen = 0
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value():
        tree.setCurrentItem(iterator.value())
        QApplication.processEvents()
        seen += 1
        iterator += 1
    _check(f"sources pane: {seen} views opened", seen >= 4)
    iterator = QTreeWidgetItemIterator(tree)
    tree.setCurrentItem(iterator.value())  # All articles
    QApplication.processEvents()
    rows = w.model.rowCount()  # type: ignore[attr-defined]
    _check("headlines pane lists the article", rows == 1, f"{rows} rows")
    w.shortcut_actions["cards"].trigger()  # type: ignore[attr-defined]
    QApplication.processEvents()
    w.shortcut_actions["cards"].trigger()  # type: ignore[attr-defined]
    w.search.focus()  # type: ignore[attr-defined]
    QApplication.processEvents()
    dialog = PreferencesDialog(w.settings, w)  # type: ignore[attr-defined, arg-type]
    dialog.show()
    QApplication.processEvents()
    dialog.done(QDialog.DialogCode.Rejected)
    _check("preferences open", True)
    w.table.selectRow(0)  # type: ignore[attr-defined]
    QApplication.processEvents()
