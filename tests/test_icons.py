"""The icon set: every icon loads, recolours to the palette, and is a self-contained SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtSvg", reason="Qt SVG libraries are not installed")

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from ui import icons

ROOT = Path(__file__).resolve().parents[1]
ICON_DIR = ROOT / "resources" / "icons"
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
SVG_FILES = sorted(ICON_DIR.glob("*.svg"))
SVG_NS = "{http://www.w3.org/2000/svg}"


def _image(icon: QIcon, size: int) -> QImage:
    return icon.pixmap(QSize(size, size), 1.0).toImage()


def _opaque_pixels(image: QImage) -> int:
    return sum(
        image.pixelColor(x, y).alpha() > 0
        for y in range(image.height())
        for x in range(image.width())
    )


def test_icon_files_are_the_named_set() -> None:
    names = {path.stem for path in SVG_FILES}
    assert names == {*icons.ICON_NAMES, icons.APP_ICON_NAME}


@pytest.mark.parametrize("name", icons.ICON_NAMES)
@pytest.mark.parametrize("size", [16, 32])
def test_every_icon_loads(qapp: QApplication, name: str, size: int) -> None:
    icon = icons.icon(name)
    assert not icon.isNull()
    image = _image(icon, size)
    assert (image.width(), image.height()) == (size, size)
    assert _opaque_pixels(image) > size  # something is actually drawn


def test_recolouring_to_a_given_colour(qapp: QApplication) -> None:
    red = QColor("#D02040")
    image = _image(icons.icon("star-filled", color=red), 32)
    centre = image.pixelColor(16, 16)
    assert centre.rgba() == red.rgba()


def test_recolouring_follows_the_palette(qapp: QApplication) -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.WindowText, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#E8E8E8"))
    on_light = _image(icons.icon("unread", light), 32).pixelColor(16, 16)
    on_dark = _image(icons.icon("unread", dark), 32).pixelColor(16, 16)
    assert on_light.name() == "#202020"
    assert on_dark.name() == "#e8e8e8"


def test_disabled_state_uses_the_palettes_disabled_text(qapp: QApplication) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#101010"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#909090"))
    icon = icons.icon("star-filled", palette)
    image = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Disabled).toImage()
    assert image.pixelColor(16, 16).name() == "#909090"


def test_icons_are_cached_per_colour(qapp: QApplication) -> None:
    first = icons.icon("feed", color="#123456")
    assert icons.icon("feed", color="#123456").cacheKey() == first.cacheKey()
    assert icons.icon("feed", color="#654321").cacheKey() != first.cacheKey()


@pytest.mark.parametrize("name", ["nope", "", "../kabar", "Star-Filled", "icons/feed"])
def test_unknown_names_raise_key_error(qapp: QApplication, name: str) -> None:
    with pytest.raises(KeyError, match="icon"):
        icons.icon(name)


def test_unknown_name_message_lists_the_known_icons(qapp: QApplication) -> None:
    with pytest.raises(KeyError, match=r"no icon named 'nope'.*star-filled"):
        icons.icon("nope")


def test_app_icon_is_full_colour_at_every_size(qapp: QApplication) -> None:
    icon = icons.app_icon()
    assert not icon.isNull()
    available = {size.width() for size in icon.availableSizes()}
    assert set(icons.APP_ICON_SIZES) <= available
    for size in (16, 32, 48, 256):
        image = _image(icon, size)
        assert (image.width(), image.height()) == (size, size)
        frame = image.pixelColor(size * 36 // 256, size // 2)  # turquoise, left of the page
        assert frame.alpha() == 255
        assert frame.blue() > frame.red() + 80


@pytest.mark.parametrize("size", icons.APP_ICON_SIZES)
def test_app_icon_pngs_exist_at_every_size(size: int) -> None:
    path = HICOLOR / f"{size}x{size}" / "apps" / "kabar.png"
    assert path.is_file(), f"missing {path}: run packaging/icons/export.py"
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)


def test_scalable_app_icon_is_the_current_svg() -> None:
    scalable = HICOLOR / "scalable" / "apps" / "kabar.svg"
    assert scalable.read_bytes() == (ICON_DIR / "kabar.svg").read_bytes()


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda path: path.stem)
def test_svg_is_self_contained(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert "<script" not in text.lower()
    assert not re.search(r"href\s*=\s*[\"']?\s*(?:https?:|file:|data:|//)", text, re.I)
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute.endswith("href"):
                assert value.startswith("#"), f"{path.name}: external reference {value!r}"
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value), value
    assert "@import" not in text
    assert QSvgRenderer(QByteArray(path.read_bytes())).isValid()


@pytest.mark.parametrize("name", icons.ICON_NAMES)
def test_line_icons_share_one_style(name: str) -> None:
    text = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.get("viewBox") == "0 0 24 24"
    assert root.get("stroke-width") == "2"
    assert root.get("stroke-linecap") == "round"
    assert "currentColor" not in text
    # Only the placeholder colour, so recolouring reaches every stroke and fill.
    assert set(re.findall(r"#[0-9a-fA-F]{3,8}\b", text)) == {icons.PLACEHOLDER}
