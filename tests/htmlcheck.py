"""What "safe HTML" means for the tests: judged on the parsed markup, not on substrings.

Stored article HTML is later shown by the article view, so a sanitized fragment must not
carry anything that runs code, submits data, restyles the page or reaches outside the web.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
        "input", "button", "select", "textarea", "meta", "link", "base", "svg", "math",
        "template", "noscript", "bgsound",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "cite", "action", "formaction", "background", "poster", "srcset", "ping",
     "dynsrc", "lowsrc", "data", "xlink:href", "longdesc", "usemap"}
)  # fmt: skip
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_RASTER_DATA_URL = re.compile(r"data:image/(png|jpe?g|gif|webp|avif|bmp);base64,", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def unsafe_parts(fragment: str) -> list[str]:
    """Every reason ``fragment`` is not safe to show; an empty list when it is."""
    problems = []
    if "<script" in fragment.lower():
        problems.append("'<script' in the markup")
    for tag, attrs in tags_of(fragment):
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                problems.append(f"style= on <{tag}>")
            if name not in URL_ATTRIBUTES or value is None:
                continue
            url = "".join(value.split())  # browsers ignore whitespace inside a scheme
            scheme = _SCHEME.match(url)
            if not scheme:
                continue  # relative: the tests check separately that URLs were absolutized
            if scheme.group(1).lower() == "data":
                if not (tag == "img" and name == "src" and _RASTER_DATA_URL.match(url)):
                    problems.append(f"data: URL in {name}= of <{tag}>: {value[:60]!r}")
            elif scheme.group(1).lower() not in SAFE_SCHEMES:
                problems.append(f"{scheme.group(1)}: URL in {name}= of <{tag}>")
    return problems
