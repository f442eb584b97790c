"""Is a downloaded file an image Kabar may keep? Magic bytes, header dimensions, inert SVG.

Pure functions, no I/O: the type comes from the bytes (never the URL or Content-Type), the
size from the header before any decoder sees the file (a 50000x50000 PNG is a few KB), and
an SVG with anything active or external in it is refused, not repaired.
"""

from __future__ import annotations

import contextlib
import re
import struct
from collections.abc import Callable
from xml.etree import ElementTree

from reader.errors import KabarError
from reader.sanitize import RASTER_DATA_URL

MAX_IMAGE_BYTES = 8 * 2**20
MAX_SIDE = 16_384  # px; no news picture is wider or taller
MAX_PIXELS = 25_000_000  # a 6000x4000 photo fits; decoded that is 100 MB of RGBA already
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "image/avif": "avif", "image/bmp": "bmp", "image/x-icon": "ico", "image/svg+xml": "svg",
}  # fmt: skip


class ImageRefused(KabarError):
    """A downloaded file is not an image Kabar will keep; the message says why."""


# Editors write the W3C's own DOCTYPE; it is allowed (nothing loads DTDs here). Any other,
# with an internal subset (entities) or a local SYSTEM file, is not.
_W3C_DTD = rb'\s+svg\s+PUBLIC\s+"[^"]*"\s+"https?://www\.w3\.org/[^"]*"\s*>'
_W3C_DOCTYPE = rb"<!DOCTYPE" + _W3C_DTD
_DTD_OR_STYLESHEET = re.compile(rb"<!DOCTYPE(?!" + _W3C_DTD + rb")|<!ENTITY|<\?xml-styl", re.I)
_SVG_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|" + _W3C_DOCTYPE + rb"\s*)*<(?:\w+:)?svg[\s>/]",
    re.S | re.I,
)


def sniff_image(data: bytes) -> str | None:
    """The image type by magic bytes (SVG by its root element); None for anything else."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and b"avif" in data[8 : int.from_bytes(head[:4], "big")]:
        return "image/avif"
    if head[:2] == b"BM" and len(data) > 26:
        return "image/bmp"
    if head[:4] == b"\x00\x00\x01\x00":
        return "image/x-icon"
    if _SVG_START.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return "image/svg+xml"
    return None


def raster_size(data: bytes, mime: str) -> tuple[int, int] | None:
    """(width, height) from the header alone; None when the header cannot be read."""
    try:
        return _READERS[mime](data)
    except (struct.error, IndexError, ValueError):
        return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF or 0xD0 <= marker <= 0xD8 or marker == 0x01:
            at += 1 if marker == 0xFF else 2  # fill byte, or a marker with no length
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _bmp_size(data: bytes) -> tuple[int, int]:
    if int.from_bytes(data[14:18], "little") == 12:  # the old OS/2 header
        return struct.unpack("<HH", data[18:22])
    width, height = struct.unpack("<ii", data[18:26])
    return width, abs(height)  # a negative height only means top-down rows


def _ico_size(data: bytes) -> tuple[int, int] | None:
    """The largest entry; an embedded PNG is judged by its own header, not the directory."""
    sizes: list[tuple[int, int]] = []
    for entry in range(6, 6 + 16 * int.from_bytes(data[4:6], "little"), 16):
        if entry + 16 > len(data):
            return None
        offset = int.from_bytes(data[entry + 12 : entry + 16], "little")
        if data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n":
            sizes.append(struct.unpack(">II", data[offset + 16 : offset + 24]))
        else:
            sizes.append((data[entry] or 256, data[entry + 1] or 256))
    return max(sizes, key=lambda s: s[0] * s[1], default=None)


def _avif_size(data: bytes) -> tuple[int, int] | None:
    """The largest 'ispe' (image spatial extents) property in the header boxes."""
    head = data[:65536]
    found = re.finditer(b"ispe", head)
    sizes = [struct.unpack(">II", head[m.end() + 4 : m.end() + 12]) for m in found]
    return max(sizes, key=lambda s: s[0] * s[1], default=None)


_READERS: dict[str, Callable[[bytes], tuple[int, int] | None]] = {
    "image/png": lambda d: struct.unpack(">II", d[16:24]) if d[12:16] == b"IHDR" else None,
    "image/gif": lambda d: struct.unpack("<HH", d[6:10]),
    "image/jpeg": _jpeg_size, "image/webp": _webp_size, "image/bmp": _bmp_size,
    "image/x-icon": _ico_size, "image/avif": _avif_size,
}  # fmt: skip


def _check_dimensions(size: tuple[int, int] | None, what: str) -> None:
    if size is None or min(size) <= 0:
        raise ImageRefused(f"The {what} header is damaged or unreadable; Kabar did not keep it.")
    width, height = size
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageRefused(f"The {what} claims {width}x{height} pixels, too many to show safely.")


# ---- SVG: refused when it could run, fetch or embed anything ----------------------------

_SVG_BANNED = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                         "listener", "audio", "video"})  # fmt: skip
_ACTIVE_VALUE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 3.78, "cm": 37.8, "in": 96.0,
          "em": 16.0, "ex": 8.0}  # fmt: skip
_LENGTH = re.compile(r"\s*(\d+(?:\.\d*)?(?:e[+-]?\d+)?)\s*([a-z]*)\s*\Z", re.I)


def check_svg(data: bytes) -> None:
    """Raise ImageRefused unless the SVG is inert: no script, handlers, DTD or outside links.

    Refusing rather than sanitizing: a cleaner that misses one trick is a hole, while news
    SVGs (logos, charts) are rare and a refused one just shows the placeholder.
    """
    if _DTD_OR_STYLESHEET.search(data):
        raise ImageRefused("The SVG declares a DTD or a stylesheet; Kabar did not keep it.")
    try:
        root = ElementTree.fromstring(data)  # expat; with no DTD nothing can expand
    except ElementTree.ParseError:
        raise ImageRefused("The SVG is not well-formed XML; Kabar did not keep it.") from None
    if _local(root.tag) != "svg":
        raise ImageRefused("The file is not an SVG image; Kabar did not keep it.")
    for element in root.iter():
        _check_svg_element(element)
    _check_dimensions(_svg_size(root), "SVG")


def _check_svg_element(element: ElementTree.Element) -> None:
    name = _local(element.tag)
    if name in _SVG_BANNED:
        raise ImageRefused(f"The SVG contains <{name}>; Kabar keeps only inert images.")
    if name == "style" and _ACTIVE_VALUE.search(element.text or ""):
        raise ImageRefused("The SVG's style loads something from outside; Kabar did not keep it.")
    attributes = {_local(qualified): value.strip() for qualified, value in element.attrib.items()}
    animated = attributes.get("attributename", "") if name.startswith(("set", "animate")) else ""
    if any(attribute.startswith("on") for attribute in (*attributes, _local(animated))):
        raise ImageRefused("The SVG has event handlers; Kabar keeps only inert images.")
    for attribute, value in attributes.items():
        inside = value.startswith("#") or RASTER_DATA_URL.match(value)
        linked = attribute in ("href", "src") or _local(animated) == "href"  # set can retarget
        if (linked and not inside) or _ACTIVE_VALUE.search(value):
            raise ImageRefused("The SVG refers to something outside itself; Kabar did not keep it.")


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    """Declared size in px (Qt renders at it); a viewBox stands in; unknown reads as 1x1."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    sizes = []
    for index, name in enumerate(("width", "height")):
        match = _LENGTH.match(root.get(name) or "")
        if match and match[2].lower() in _UNITS:
            sizes.append(float(match[1]) * _UNITS[match[2].lower()])
        else:
            with contextlib.suppress(ValueError, IndexError):
                sizes.append(float(box[2 + index]))
    return (int(sizes[0]) or 1, int(sizes[1]) or 1) if len(sizes) == 2 else (1, 1)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def validate_image(data: bytes) -> str:
    """The MIME type of an image Kabar keeps; ImageRefused for anything else."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"The image is larger than {MAX_IMAGE_BYTES // 2**20} MB.")
    mime = sniff_image(data)
    if mime is None:
        raise ImageRefused("The file is not an image Kabar can show (checked by its content).")
    if mime == "image/svg+xml":
        check_svg(data)
    else:
        _check_dimensions(raster_size(data, mime), mime.split("/")[1].upper())
    return mime
