"""Render Kabar's main window over a realistic archive to PNG, in light and dark palettes.

Run under a real X server so fonts and styles are the desktop's (CI and these machines
have none, so start Xvfb):

    Xvfb :99 -screen 0 1400x900x24 & DISPLAY=:99 .venv/bin/python benchmarks/screenshots.py

The archive is filled by a real sync of third-party test feeds (tests/data) from a local
server, then some articles are read and starred, as a reader would have it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.saved_searches import save_search  # noqa: E402
from reader.storage import Storage  # noqa: E402
from reader.sync import Sync, SyncOptions  # noqa: E402
from reader.ticker import load_settings, refresh, set_breaking  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402
from tests.paths import REAL_FEEDS  # noqa: E402
from ui.i18n import install_translator  # noqa: E402
from ui.main_window import MainWindow, window_settings  # noqa: E402

# (file, folder): Russian news and humour first, then a few world sources.
FEEDS = [
    ("iconv.xml", "Новости"),
    ("encoding_WINDOWS-1251.xml", "Юмор"),
    ("rdf_UTF8.xml", "Технологии"),
    ("heise.atom", "Технологии"),
    ("guardian.rss", "Мир / World"),
    ("rss_2.0_spiegel.xml", "Мир / World"),
    ("DaringFireball.atom", None),
    ("aktuality.rss", "Мир / World"),
]


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2b2d30",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#7aa7ff",
        QPalette.ColorRole.ToolTipBase: "#3c3f41", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    }  # fmt: skip
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    return palette


def build_archive(folder: Path) -> Storage:
    storage = Storage(folder / "kabar.sqlite3")
    by_name = {p.name: p for p in REAL_FEEDS}
    with FeedServer() as server:
        for name, group in FEEDS:
            storage.add_source(server.add_file(f"/{name}", by_name[name]), folder=group)
        Sync(storage, SyncOptions(parse_workers=0)).run()
        fill_ticker(storage, server)
    ids = [a.id for a in storage.articles(limit=400)]
    storage.mark(ids[5::3], read=True)
    storage.mark(ids[2:40:9], starred=True)
    return storage


def show_search(window: MainWindow, app: QApplication, query: str) -> None:
    """The results of `query`, the first one open with its words marked."""
    window.search.bar.set_text(query)
    deadline = time.monotonic() + 10
    while window.model.hits is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.table.selectRow(0)


def fill_ticker(storage: Storage, server: FeedServer) -> None:
    """Rates and weather from the test samples (2016 NBK rates, a written Almaty forecast),
    and the first Russian source's headlines as breaking news."""
    ticker = ROOT / "tests" / "data" / "ticker"
    os.environ["KABAR_RATES_URL"] = server.add(
        "/rates.xml", (ticker / "nbk_rates_all_2016-04-18.xml").read_bytes(), "text/xml"
    )
    os.environ["KABAR_WEATHER_URL"] = server.add(
        "/forecast", (ticker / "openmeteo_almaty_written.json").read_bytes(), "application/json"
    )
    asyncio.run(refresh(storage, load_settings(storage), force=True))
    set_breaking(storage, 1, True)
    os.environ["KABAR_RATES_URL"] = os.environ["KABAR_WEATHER_URL"] = "http://127.0.0.1:9/"


def shoot(
    storage: Storage, folder: Path, out: Path, language: str, dark: bool, query: str = ""
) -> Path:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    settings = window_settings(folder)
    settings.clear()
    settings.setValue("sync/interval_minutes", 0)
    window = MainWindow(storage, settings, language)
    window.resize(1360, 820)
    window.show()
    window.sources.select_key("source:1")
    app.processEvents()
    window.table.selectRow(1)
    window.status_text.setText(window.summary(window.last_report) if window.last_report else "")
    if query:
        show_search(window, app, query)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    kind = "search-" if query else ""
    target = out / f"main-{language}-{kind}{'dark' if dark else 'light'}.png"
    window.grab().save(str(target))
    window.close()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", default="ru", choices=["ru", "kk", "en"])
    parser.add_argument("--search", default="оренбургской области", help="query to show found")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    install_translator(app, args.language)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        storage = build_archive(folder)
        save_search(storage, "Оренбург", "Оренбург")  # a smart folder in the tree
        for dark in (False, True):
            print(shoot(storage, folder, args.out, args.language, dark))
        print(shoot(storage, folder, args.out, args.language, False, args.search))
        storage.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
