"""Regenerate the desktop icon theme files from resources/icons/kabar.svg.

    QT_QPA_PLATFORM=offscreen python packaging/icons/export.py

Writes hicolor/<N>x<N>/apps/kabar.png for every size in ui.icons.APP_ICON_SIZES and copies
the SVG to hicolor/scalable/apps/kabar.svg. Needs only QtGui/QtSvg, no display.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from ui.icons import APP_ICON_NAME, APP_ICON_SIZES, render, svg_data  # noqa: E402


def main() -> int:
    data = svg_data(APP_ICON_NAME)
    for size in APP_ICON_SIZES:
        target = HERE / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(data, size).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    scalable = HERE / "hicolor" / "scalable" / "apps" / f"{APP_ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "resources" / "icons" / f"{APP_ICON_NAME}.svg", scalable)
    print(scalable.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
