"""Kabar's icons: small hand-written SVG line icons, recoloured to fit the palette.

The icon files in ``reader.resources/icons/`` draw in the placeholder colour ``#000000``;
:func:`icon` swaps it for the palette's text colour (or a given colour), so one set of
files reads well on light and dark themes alike. :func:`app_icon` is the full-colour
application mark.

Both need a running QGuiApplication (QPixmap does). Results are cached, so calling
``icon("star-filled")`` for every row or action is cheap.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

# The line icons shipped with Kabar (resources/icons/<name>.svg), for tests and previews.
ICON_NAMES = (
    "star-filled",
    "star-outline",
    "warning",
    "gone",
    "folder",
    "feed",
    "all",
    "unread",
    "sync",
    "cancel",
    "add",
    "open-external",
    "zoom-in",
    "zoom-out",
    "offline",
    "online",
    "search",
    "saved-search",
)
APP_ICON_NAME = "kabar"
ICON_SIZES = (16, 24, 32, 48)
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PLACEHOLDER = "#000000"

_PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER), re.IGNORECASE)
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*")

ColorLike = QColor | Qt.GlobalColor | str


def svg_data(name: str) -> bytes:
    """The raw SVG text of icon ``name``; KeyError (naming the known icons) if there is none."""
    return _svg_data(name)


@functools.cache
def _svg_data(name: str) -> bytes:
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise KeyError(f"invalid icon name {name!r}: expected lowercase letters, digits and '-'")
    path = files("reader.resources") / "icons" / f"{name}.svg"
    if not path.is_file():
        known = ", ".join(sorted((*ICON_NAMES, APP_ICON_NAME)))
        raise KeyError(f"no icon named {name!r} (resources/icons/{name}.svg); known: {known}")
    return path.read_bytes()


def recolored(data: bytes, color: ColorLike) -> bytes:
    """SVG ``data`` with the placeholder colour replaced by ``color`` (opaque #rrggbb)."""
    hex_rgb = QColor(color).name(QColor.NameFormat.HexRgb)
    return _PLACEHOLDER_RE.sub(hex_rgb, data.decode("utf-8")).encode("utf-8")


def render(data: bytes, size: int, opacity: float = 1.0) -> QImage:
    """SVG ``data`` drawn into a transparent ``size``×``size`` image (no QGuiApplication needed)."""
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError("not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setOpacity(opacity)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def icon(name: str, palette: QPalette | None = None, *, color: ColorLike | None = None) -> QIcon:
    """Line icon ``name`` drawn in ``color``, else in ``palette``'s (else the app's) text colour.

    With a palette and no explicit colour, the disabled state uses the palette's disabled
    text colour rather than Qt's generic greying. Raises KeyError for an unknown name.
    """
    _svg_data(name)  # unknown names fail here, before any painting
    if color is not None:
        normal = QColor(color)
        disabled = None
    else:
        pal = palette if palette is not None else _app_palette()
        normal = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if disabled == normal:
            disabled = None
    return _cached_icon(
        name, normal.rgba(), None if disabled is None else disabled.rgba(), _pixel_ratios()
    )


def app_icon() -> QIcon:
    """Kabar's full-colour application icon, at every size from 16 to 512 px."""
    return _cached_app_icon(_pixel_ratios())


def clear_cache() -> None:
    """Forget rendered icons (e.g. after the palette or the screens change)."""
    _cached_icon.cache_clear()
    _cached_app_icon.cache_clear()


def _app_palette() -> QPalette:
    app = QGuiApplication.instance()
    return QGuiApplication.palette() if app is not None else QPalette()


def _pixel_ratios() -> tuple[float, ...]:
    """1.0 plus every screen's device pixel ratio, so icons stay crisp on HiDPI screens."""
    ratios = {1.0}
    if QGuiApplication.instance() is not None:
        ratios.update(round(screen.devicePixelRatio(), 2) for screen in QGuiApplication.screens())
    return tuple(sorted(ratios))


def _pixmap(data: bytes, size: int, ratio: float, opacity: float = 1.0) -> QPixmap:
    pixmap = QPixmap.fromImage(render(data, max(1, round(size * ratio)), opacity))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _add_pixmaps(
    target: QIcon,
    data: bytes,
    sizes: tuple[int, ...],
    ratios: tuple[float, ...],
    mode: QIcon.Mode = QIcon.Mode.Normal,
    opacity: float = 1.0,
) -> None:
    for size in sizes:
        for ratio in ratios:
            target.addPixmap(_pixmap(data, size, ratio, opacity), mode)


def _require_app() -> None:
    if QGuiApplication.instance() is None:
        raise RuntimeError("icons need a QGuiApplication (create the application first)")


@functools.lru_cache(maxsize=256)
def _cached_icon(
    name: str, normal_rgba: int, disabled_rgba: int | None, ratios: tuple[float, ...]
) -> QIcon:
    _require_app()
    data = _svg_data(name)
    result = QIcon()
    normal = QColor.fromRgba(normal_rgba)
    _add_pixmaps(result, recolored(data, normal), ICON_SIZES, ratios, opacity=normal.alphaF())
    if disabled_rgba is not None:
        disabled = QColor.fromRgba(disabled_rgba)
        _add_pixmaps(
            result,
            recolored(data, disabled),
            ICON_SIZES,
            ratios,
            QIcon.Mode.Disabled,
            disabled.alphaF(),
        )
    return result


@functools.lru_cache(maxsize=4)
def _cached_app_icon(ratios: tuple[float, ...]) -> QIcon:
    _require_app()
    data = _svg_data(APP_ICON_NAME)
    result = QIcon()
    # Big sizes need no HiDPI copies: 512 px covers a 256 pt icon at 2x.
    for size in APP_ICON_SIZES:
        for ratio in ratios if size <= 64 else (1.0,):
            result.addPixmap(_pixmap(data, size, ratio))
    return result
