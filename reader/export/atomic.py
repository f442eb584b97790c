"""Writing an export so that a partial file never remains.

Everything is written under a temporary name in the destination's own folder (so the final
rename is atomic: same file system), and renamed over the final name only when complete.
Any exception, a cancel included, removes the temporary file or folder first; what a
process killed mid-write left behind is removed by the next export to the same name.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.errors import KabarError, UsageError

TEMP_MARK = ".kabar-part-"  # in every temporary name: a leftover after a power cut is obvious


class ExportCancelled(KabarError):
    """The export was stopped before it finished; nothing of it was left on disk."""

    exit_code = 130

    def __init__(self, message: str = "Export cancelled; no file was written.") -> None:
        super().__init__(message)


def refuse_existing(out: Path, force: bool) -> None:
    """A UsageError when `out` exists and `force` was not given: never overwrite silently."""
    if (out.exists() or out.is_symlink()) and not force:
        raise UsageError(f"{out} already exists; run again with --force to replace it.")


def check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise ExportCancelled


def temp_path(out: Path) -> Path:
    # The writer's pid is in the name, so a later export can tell a killed one's leftover
    # from a file another export is writing right now.
    return out.parent / f".{out.name[:80]}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}"


def _writer_is_gone(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, owned by someone else
        return False
    return False


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what exports to `out` killed mid-way (kill -9, power cut) left behind."""
    removed = []
    for path in out.parent.glob(f".{glob.escape(out.name[:80])}{TEMP_MARK}*"):
        pid_text = path.name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _writer_is_gone(int(pid_text)):
            _remove(path)
            removed.append(path)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `out`, on error it is removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    temp = temp_path(out)
    try:
        yield temp
        if out.is_dir() and not out.is_symlink():  # --force over a folder: os.replace refuses
            _remove(out)
        os.replace(temp, out)
    except BaseException:
        _remove(temp)
        raise


@contextlib.contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Yield a temporary folder to fill; on success it takes the place of `out`.

    An existing `out` (only reached with --force) is moved aside first and removed only once
    the new folder is in place, so a failure never leaves neither.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    temp = temp_path(out)
    temp.mkdir()
    try:
        yield temp
        old = temp_path(out) if out.exists() or out.is_symlink() else None
        if old is not None:
            os.replace(out, old)
        os.replace(temp, out)
        if old is not None:
            _remove(old)
    except BaseException:
        _remove(temp)
        raise


class CreatedFiles:
    """Files added to a folder that already existed (images beside a combined .md file):
    removed again if the export fails, since the folder itself cannot be swapped atomically."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.folders: list[Path] = []

    def mkdir(self, folder: Path) -> None:
        if not folder.is_dir():
            folder.mkdir(parents=True)
            self.folders.append(folder)

    def write(self, path: Path, data: bytes) -> None:
        temp = temp_path(path)
        try:
            temp.write_bytes(data)
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        self.paths.append(path)

    def remove_all(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):  # not empty: something else is in it now
                folder.rmdir()
        self.paths.clear()
        self.folders.clear()
