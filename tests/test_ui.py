"""The first window: opens on a real archive, reads an article, loads nothing from outside."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.storage import Storage
from ui.app import MainWindow
from ui.article_view import ArticleView
from ui.headlines import PAGE


def archive(path: Path, count: int) -> Storage:
    storage = Storage(path / DB_FILENAME)
    source = storage.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
    rows = tuple(
        {"source_id": source.id, "key": f"k{n}", "title": f"Новость {n}", "first_seen": n,
         "sort_date": 1_700_000_000 + n, "summary_html": f"<p>Текст {n}</p>", "text": f"Текст {n}"}
        for n in range(count)
    )  # fmt: skip
    storage.apply(source.id, WritePlan(rows, tuple(() for _ in rows), (), SourcePatch({})))
    return storage


def test_window_lists_lazily_and_reading_marks_read(tmp_path: Path, qtbot: QtBot) -> None:
    storage = archive(tmp_path, PAGE * 2 + 10)
    window = MainWindow(storage)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == PAGE  # one page, not the whole archive
    assert window.sources.item(0).text() == f"All  ({PAGE * 2 + 10})"
    window.table.selectRow(0)
    newest = window.model.rows[0]
    assert newest.title == f"Новость {PAGE * 2 + 9}" and newest.read
    assert "Текст" in window.article.toPlainText() and newest.title in window.article.toPlainText()
    assert storage.article(newest.id).read
    while window.model.canFetchMore(window.model.index(-1, -1)):
        window.model.fetchMore(window.model.index(-1, -1))
    assert window.model.rowCount() == PAGE * 2 + 10
    storage.close()


def test_article_view_reads_no_local_file(tmp_path: Path, qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(secret))  # a real picture: had Qt read it, it would show
    monkeypatch.chdir(tmp_path)
    view = ArticleView()
    qtbot.addWidget(view)
    asked: list[str] = []
    original = type(view.document()).loadResource

    def spy(doc: QTextDocument, kind: int, url: QUrl) -> object:
        asked.append(url.toString())
        return original(doc, kind, url)

    monkeypatch.setattr(type(view.document()), "loadResource", spy)
    view.setHtml(
        f'<img src="file://{secret}"><img src="secret.png"><a href="file:///etc/passwd">x</a>'
    )
    view.show()
    qtbot.wait(50)
    assert asked  # the document did ask for the images …
    for url in (QUrl("secret.png"), QUrl(f"file://{secret}")):
        loaded = view.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert isinstance(loaded, QImage) and loaded.isNull()
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))  # … and a file: link opens nothing
    assert "root:" not in view.toPlainText()
