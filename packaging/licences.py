#!/usr/bin/env python3
"""Write resources/LICENSES.md: every component a Kabar build bundles, with its licence.

Kabar redistributes these in the desktop binary, so Help → About → Licences lists them.
Walks the dependencies in pyproject.toml through the installed packages' metadata; run it
after changing dependencies:  .venv/bin/python packaging/licences.py
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "LICENSES.md"
QT = ("Qt 6 (through PySide6)", "LGPL-3.0-only", "https://www.qt.io/licensing/")


def _name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[(]", requirement.strip(), maxsplit=1)[0]


def _licence(dist: Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]  # fmt: skip
    if classifiers:
        return ", ".join(classifiers)
    text = (meta.get("License") or "").strip().splitlines()
    return text[0][:80] if text else "see the project's page"


def components() -> list[Distribution]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [_name(r) for r in project["dependencies"]]
    seen: dict[str, Distribution] = {}
    while todo:
        name = todo.pop(0)
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        seen[key] = dist
        todo += [_name(r) for r in dist.requires or [] if "extra ==" not in r]
    return sorted(seen.values(), key=lambda d: str(d.metadata["Name"]).lower())


def main() -> int:
    lines = ["# Components Kabar includes", "",
             "Kabar is built on these projects; the desktop app redistributes them.", "",
             "| component | version | licence |", "| --- | --- | --- |",
             f"| {QT[0]} | 6 | {QT[1]} ({QT[2]}) |"]  # fmt: skip
    for dist in components():
        lines.append(f"| {dist.metadata['Name']} | {dist.version} | {_licence(dist)} |")
    lines += ["", "Python itself is under the PSF License 2.0. Each project's full licence text "
              "is in its distribution."]  # fmt: skip
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - 9} components)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
