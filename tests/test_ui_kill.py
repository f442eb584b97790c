"""kill -9 of the window in the middle of an export (PDF drawn by Qt, EPUB): the archive is
unchanged, no cut file is left under the export's name, and the next export sweeps the part."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt libraries are not installed")

from reader.export.atomic import TEMP_MARK
from tests.feedserver import FeedServer
from tests.test_crash import kabar, snapshot, synced_archive, wait_for_part_file

# The window, as the Export dialog leaves it once the reader chose a file: run_export on the
# window's maintenance thread, with its progress dialog. Only the choosing is skipped.
WINDOW_EXPORTING = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtWidgets import QApplication
from reader.db import DB_FILENAME
from reader.export import Selection
from reader.storage import Storage
from ui.export_dialog import run_export
from ui.main_window import MainWindow, window_settings

data, fmt, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
app = QApplication([])
settings = window_settings(data)
settings.setValue("sync/interval_minutes", 0)
window = MainWindow(Storage(data / DB_FILENAME), settings, "ru")
window.show()
run_export(window, Selection(since=date(2000, 1, 1)), fmt, out, False)
app.exec()
"""


@pytest.mark.slow
def test_kill_of_the_window_during_an_export_leaves_no_cut_file(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    data, shelf = tmp_path / "data", tmp_path / "exports"
    before = synced_archive(data, feed_server, 8)
    rng, cut = random.Random(5), 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for out in [shelf / "all.pdf", shelf / "all.epub"] * 2:
        window = subprocess.Popen(
            [sys.executable, "-c", WINDOW_EXPORTING, str(data), out.suffix[1:], str(out)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        cut += wait_for_part_file(shelf, out, window)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(window.pid, signal.SIGKILL)
        window.wait(10)
        assert not out.exists()  # never a cut file under the name the reader chose
    assert cut >= 3, "the kills did not land while the files were being written"
    assert snapshot(data) == before
    for out in (shelf / "all.pdf", shelf / "all.epub"):  # the next export sweeps the parts
        args = ("export", "--format", out.suffix[1:], "--out", str(out), "--force", "--ids", "1")
        assert kabar(data, *args, "--quiet").wait(120) == 0 and out.exists()
    assert [p.name for p in shelf.iterdir() if TEMP_MARK in p.name] == []
