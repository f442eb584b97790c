"""Build the desktop app: dist/Kabar/ (PyInstaller, one folder) and its .tar.gz archive.

    .venv/bin/python packaging/build.py [--dist DIR] [--if-changed] [--no-archive] [--report]

--if-changed reuses an earlier build in DIR when nothing it is made from changed: the hash of
reader/, ui/, resources/, packaging/, pyproject.toml and the installed packages' versions is
kept in DIR/Kabar/BUILD-HASH. --report lists what each part of the folder costs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("reader", "ui", "resources", "packaging")
HASH_FILE = "BUILD-HASH"


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def source_hash() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml"]
    for folder in SOURCES:
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file()
                        and "__pycache__" not in p.parts and p.suffix != ".pyc")  # fmt: skip
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def report(folder: Path, top: int = 25) -> None:
    """The biggest parts of the folder: each file of _internal, grouped by top-level item."""
    internal = folder / "_internal"
    groups: dict[str, int] = {}
    for path in internal.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(internal).parts
            key = "/".join(rel[:3]) if rel[:2] == ("PySide6", "Qt") else rel[0]
            groups[key] = groups.get(key, 0) + path.stat().st_size
    for key, size in sorted(groups.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{size / 2**20:8.1f} MiB  {key}")


def make_archive(folder: Path, out: Path) -> None:
    tmp = out.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (dist/)")
    parser.add_argument("--work", default=str(ROOT / "build" / "pyinstaller"))
    parser.add_argument("--if-changed", action="store_true", help="reuse an up-to-date build")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    parser.add_argument("--report", action="store_true", help="what each part costs")
    args = parser.parse_args(argv)
    dist = Path(args.dist).resolve()
    folder = dist / "Kabar"
    archive = dist / f"Kabar-{version()}-linux-x86_64.tar.gz"
    stamp = source_hash()
    fresh = (folder / HASH_FILE).is_file() and (folder / HASH_FILE).read_text() == stamp
    if args.if_changed and fresh and (args.no_archive or archive.is_file()):
        print(f"up to date: {folder} ({stamp})")
        return 0
    started = time.monotonic()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", args.work,
                    str(ROOT / "packaging" / "kabar.spec")], check=True, env=env)  # fmt: skip
    built = time.monotonic() - started
    # Desktop integration beside the executable: ./install.sh puts it into ~/.local.
    shutil.copy2(ROOT / "README.md", folder / "README.md")
    shutil.copy2(ROOT / "packaging" / "install.sh", folder / "install.sh")
    desktop = folder / "desktop"
    desktop.mkdir()
    for name in ("kabar.desktop", "app.kabar.Kabar.metainfo.xml"):
        shutil.copy2(ROOT / "packaging" / name, desktop / name)
    shutil.copytree(ROOT / "packaging" / "icons" / "hicolor", desktop / "icons" / "hicolor")
    (folder / HASH_FILE).write_text(stamp)
    print(f"built {folder} in {built:.0f} s: {folder_size(folder) / 2**20:.1f} MiB")
    if not args.no_archive:
        started = time.monotonic()
        make_archive(folder, archive)
        print(f"archive {archive.name}: {archive.stat().st_size / 2**20:.1f} MiB "
              f"({time.monotonic() - started:.0f} s)")  # fmt: skip
    if args.report:
        report(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
