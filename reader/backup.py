"""Backup and restore: one zip file with a consistent copy of the database and the settings.

A backup holds `kabar.sqlite3` (made with VACUUM INTO, so it is safe while Kabar runs),
`window.ini` when the window has saved one, and `manifest.json` (format, versions, counts and
the database's sha256). Both directions are atomic: a backup is written to a temp file and
renamed; a restore verifies the new database completely before the current one is moved aside.
Pictures are a cache that can grow to gigabytes and are fetched again, so they are left out.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from reader import __version__
from reader.db import DB_FILENAME, Database
from reader.errors import StorageError, UsageError
from reader.migrations import LATEST_VERSION
from reader.storage import Storage

FORMAT = "kabar-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SETTINGS = "window.ini"
KEPT_SUFFIX = ".before-restore"
SMALL_LIMIT = 1 << 20  # the manifest and window.ini are a few KB; more is not ours
RATIO_LIMIT = 200  # real databases deflate ~3-20x; a zip bomb reaches ~1000x
RATIO_FLOOR = 10 << 20  # below this size a high ratio (an empty database) is harmless
SPACE_MARGIN = 50 << 20  # leave room for the WAL of the first write after the restore
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    manifest: dict[str, Any]
    settings: bool  # window.ini was included


@dataclass(frozen=True)
class RestoreInfo:
    source: Path
    database: Path
    manifest: dict[str, Any]
    migrated_from: int | None  # the backup's older schema, upgraded on restore
    kept_database: Path | None  # where the previous database was moved
    settings_restored: bool
    kept_settings: Path | None


# ---- backup ------------------------------------------------------------------------------


def backup(storage: Storage, data_dir: Path, out: Path, force: bool = False) -> BackupInfo:
    """Write a backup of `storage` (and data_dir's window.ini) to `out`, atomically."""
    out = out.expanduser().absolute()
    if out.is_dir():
        raise UsageError(f"{out} is a folder; give a file name for the backup.")
    if out.exists() and not force:
        raise UsageError(f"{out} already exists; add --force to replace it.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")
    fd, name = _temp_file(out.parent, out.name)
    zip_tmp = Path(name)
    db_tmp = zip_tmp.with_name(zip_tmp.name + ".db")
    settings = data_dir / SETTINGS
    try:
        with os.fdopen(fd, "wb") as raw:
            _copy_database(storage, db_tmp)
            manifest = _manifest(db_tmp)
            _write_zip(raw, db_tmp, settings if settings.is_file() else None, manifest)
            raw.flush()
            os.fsync(raw.fileno())  # the rename must not become visible before the bytes
        os.replace(zip_tmp, out)
        _fsync_dir(out.parent)
        return BackupInfo(out, out.stat().st_size, manifest, settings.is_file())
    except OSError as error:
        raise StorageError(f"No backup was written: {_os_reason(error, out.parent)}") from None
    finally:
        zip_tmp.unlink(missing_ok=True)
        _remove_with_journals(db_tmp)


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise StorageError(f"No backup was written: {_os_reason(error, folder)}") from None


def _copy_database(storage: Storage, target: Path) -> None:
    try:
        storage.db.backup(target)
    except StorageError as error:  # SQLite reports a full or read-only target vaguely
        raise StorageError(
            f"No backup was written to {target.parent}: {error} "
            "Check that the disk has space and the folder is writable."
        ) from None


def _write_zip(raw: IO[bytes], db: Path, settings: Path | None, manifest: dict[str, Any]) -> None:
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        # The manifest comes first so a reader sees what the file is before the big member.
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        archive.write(db, DB_FILENAME)
        if settings is not None:
            archive.write(settings, SETTINGS)


def _manifest(db: Path) -> dict[str, Any]:
    """What the copy holds, counted in the copy itself (the live archive may have moved on)."""
    with closing(sqlite3.connect(db)) as connection:
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM source),"
            " (SELECT count(*) FROM article WHERE starred),"
            " (SELECT count(*) FROM article WHERE NOT read)"
        ).fetchone()
        schema = connection.execute("PRAGMA user_version").fetchone()[0]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kabar_version": __version__,
        "schema_version": schema,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "counts": dict(zip(("articles", "sources", "starred", "unread"), counts, strict=True)),
        "database_bytes": db.stat().st_size,
        "database_sha256": _sha256(db),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# ---- restore -----------------------------------------------------------------------------


def restore(data_dir: Path, backup_path: Path) -> RestoreInfo:
    """Replace data_dir's database (and window.ini) with a backup's, once it is verified.

    The caller must not hold the database open; another Kabar using it is refused.
    """
    backup_path = backup_path.expanduser()
    if not backup_path.is_file():
        raise UsageError(f"{backup_path} does not exist or is not a file.")
    data_dir.mkdir(parents=True, exist_ok=True)
    staged: list[Path] = []
    try:
        manifest, db, settings = _extract(backup_path, data_dir, staged)
        migrated_from = _verify(db, manifest, backup_path)
        current = data_dir / DB_FILENAME
        with _exclusive(current):
            kept_db = _move_aside(current)
            os.replace(db, current)
        kept_settings = _swap_settings(data_dir / SETTINGS, settings)
        _fsync_dir(data_dir)
    except OSError as error:
        raise StorageError(f"Nothing was restored: {_os_reason(error, data_dir)}") from None
    finally:
        for path in staged:
            _remove_with_journals(path)
    return RestoreInfo(backup_path, current, manifest, migrated_from, kept_db,
                       settings is not None, kept_settings)  # fmt: skip


def _extract(source: Path, data_dir: Path, staged: list[Path]) -> tuple[dict[str, Any], Path,
                                                                        Path | None]:  # fmt: skip
    """Check the zip's members, read the manifest, and copy the files into temp files."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = _checked_members(archive, source)
            manifest = _read_manifest(archive, members[MANIFEST], source)
            _check_sizes(members, manifest, data_dir, source)
            db = _stage(archive, members[DB_FILENAME], data_dir, staged)
            settings = members.get(SETTINGS)
            ini = _stage(archive, settings, data_dir, staged) if settings else None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise StorageError(f"{source} is damaged or not a Kabar backup ({error}).") from None
    return manifest, db, ini


def _checked_members(archive: zipfile.ZipFile, source: Path) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = info.filename
        if (
            name.startswith(("/", "\\"))
            or ".." in name.replace("\\", "/").split("/")
            or (len(name) > 1 and name[1] == ":")
        ):
            raise StorageError(f"{source} is not a Kabar backup: it holds an unsafe path {name!r}.")
        if name not in (MANIFEST, DB_FILENAME, SETTINGS) or name in members:
            raise StorageError(f"{source} is not a Kabar backup: unexpected member {name!r}.")
        members[name] = info
    if MANIFEST not in members or DB_FILENAME not in members:
        raise StorageError(f"{source} is not a Kabar backup: it has no manifest or database.")
    return members


def _read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path) -> dict[str, Any]:
    if info.file_size > SMALL_LIMIT:
        raise StorageError(f"{source} is not a Kabar backup: its manifest is too large.")
    try:
        manifest = json.loads(archive.read(info))
    except (ValueError, UnicodeDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StorageError(f"{source} is not a Kabar backup (its manifest is not Kabar's).")
    if (
        not isinstance(manifest.get("format_version"), int)
        or manifest["format_version"] > FORMAT_VERSION
    ):
        raise StorageError(
            f"{source} was made by a newer Kabar (backup format "
            f"{manifest.get('format_version')}); update Kabar to restore it."
        )
    _check_schema(manifest.get("schema_version"), source)
    return manifest


def _check_schema(version: object, source: Path) -> None:
    if not isinstance(version, int) or version < 1:
        raise StorageError(f"{source} is not a Kabar backup (no schema version).")
    if version > LATEST_VERSION:
        raise StorageError(
            f"{source} was made by a newer Kabar (schema {version}; this Kabar knows up to "
            f"{LATEST_VERSION}). Update Kabar to restore it. Nothing was changed."
        )


def _check_sizes(members: dict[str, zipfile.ZipInfo], manifest: dict[str, Any],
                 data_dir: Path, source: Path) -> None:  # fmt: skip
    """Refuse zip bombs and a restore that cannot fit before a single byte is extracted."""
    db = members[DB_FILENAME]
    settings = members.get(SETTINGS)
    if db.file_size != manifest.get("database_bytes") or (
        settings is not None and settings.file_size > SMALL_LIMIT
    ):
        raise StorageError(f"{source} is damaged: its sizes do not match its manifest.")
    if db.file_size > RATIO_FLOOR and db.file_size > RATIO_LIMIT * max(db.compress_size, 1):
        raise StorageError(f"{source} is not a Kabar backup: it expands implausibly (zip bomb?).")
    needed = sum(info.file_size for info in members.values()) + SPACE_MARGIN
    free = shutil.disk_usage(data_dir).free
    if needed > free:
        raise StorageError(f"Not enough free space in {data_dir} to restore: "
                           f"{needed >> 20} MB needed, {free >> 20} MB free.")  # fmt: skip


def _stage(archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path,
           staged: list[Path]) -> Path:  # fmt: skip
    """Copy one member into a temp file in `folder`, at most its declared size."""
    fd, name = tempfile.mkstemp(prefix=f".{info.filename}.restore.", suffix=".tmp", dir=folder)
    path = Path(name)
    staged.append(path)
    left = info.file_size
    with os.fdopen(fd, "wb") as target, archive.open(info) as member:
        while block := member.read(min(CHUNK, left + 1)):
            left -= len(block)
            if left < 0:
                raise zipfile.BadZipFile(f"{info.filename} is larger than declared")
            target.write(block)
        target.flush()
        os.fsync(target.fileno())
    return path


def _verify(db: Path, manifest: dict[str, Any], source: Path) -> int | None:
    """Is the staged copy the database the manifest describes, whole, and openable?

    Returns the older schema version it was migrated from, if any.
    """
    if _sha256(db) != manifest.get("database_sha256"):
        raise StorageError(f"{source} is damaged: its database does not match its checksum.")
    try:
        with closing(sqlite3.connect(db)) as connection:
            check = connection.execute("PRAGMA integrity_check").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StorageError(f"{source} holds a damaged database ({error}).") from None
    if check != "ok":
        raise StorageError(f"{source} holds a damaged database (SQLite says: {check}).")
    _check_schema(version, source)
    if version != manifest["schema_version"]:
        raise StorageError(f"{source} is damaged: its database does not match its manifest.")
    database = Database(db)  # migrates an older schema, exactly as opening it would
    database.dispose()
    # Database's own pre-migration copy is redundant here: the backup file is that copy.
    db.with_name(f"{db.name}.before-v{LATEST_VERSION}.bak").unlink(missing_ok=True)
    with _exclusive(db):
        pass  # leaves the staged file in rollback-journal mode: one file, no -wal to carry
    return version if version < LATEST_VERSION else None


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold `path` so no other connection uses it, with its WAL folded into the file.

    Leaving WAL mode needs the only connection, so this also tells whether another Kabar
    (a window's idle pooled connection counts) has the database open.
    """
    if not path.exists():
        yield
        return
    connection = sqlite3.connect(path, timeout=1, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise StorageError(
                f"The database {path} is in use by another Kabar (a window or a command). "
                "Close it and run the restore again; nothing was changed."
            ) from None
        raise StorageError(f"Could not prepare {path} for the restore ({error}).") from None
    except sqlite3.DatabaseError:
        connection.close()  # damaged: no Kabar can be using it, and its files move aside whole
        yield
        return
    try:
        if os.name == "nt":  # Windows cannot rename an open file; POSIX keeps the lock held
            connection.rollback()
            connection.close()
        yield
    finally:
        with suppress(sqlite3.Error):
            connection.rollback()
        connection.close()


def _move_aside(path: Path) -> Path | None:
    """Move a file (and any journal files beside it) to the first free `.before-restore` name."""
    if not path.exists():
        return None
    target = _free_name(path)
    for suffix in ("-wal", "-shm", "-journal"):  # only a damaged database still has these
        journal = Path(f"{path}{suffix}")
        if journal.exists():
            os.replace(journal, Path(f"{target}{suffix}"))
    os.replace(path, target)
    return target


def _free_name(path: Path) -> Path:
    """`.before-restore`, or `-2`, `-3`…: a second restore must not drop the first one's copy."""
    target = path.with_name(path.name + KEPT_SUFFIX)
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}{KEPT_SUFFIX}-{number}")
        number += 1
    return target


def _swap_settings(current: Path, staged: Path | None) -> Path | None:
    # A backup without window.ini (made before the window ever ran) keeps today's layout.
    if staged is None:
        return None
    kept = _move_aside(current)
    os.replace(staged, current)
    return kept


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", f".before-v{LATEST_VERSION}.bak"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _os_reason(error: OSError, folder: Path) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full (or the file too large) in {folder}. Free some space and retry."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Kabar may not write in {folder} (it is read-only or not yours)."
    return f"{error.strerror or error} ({folder})."
