"""`kabar backup` / `kabar restore`: exact round trips, and every refusal leaves the data alone."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.backup import MANIFEST, SETTINGS, _manifest, _write_zip, backup, restore
from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.errors import StorageError, UsageError
from reader.migrations import LATEST_VERSION, MIGRATIONS
from reader.storage import Storage

ROOT = Path(__file__).resolve().parent.parent
Marks = dict[int, tuple[int, int, int | None, int | None]]


def add_articles(storage: Storage, source_id: int, count: int, start: int = 0) -> None:
    rows = tuple(
        {"source_id": source_id, "key": f"k{start + n}", "title": f"Жаңалық {start + n}",
         "first_seen": 1_700_000_000 + n, "sort_date": 1_700_000_000 + n,
         "summary_html": f"<p>Текст новости {n}. {'Алматы Астана ' * 50}</p>",
         "text": f"Текст новости {n}.", "content_hash": str(start + n)}
        for n in range(count)
    )  # fmt: skip
    storage.apply(source_id, WritePlan(rows, tuple(() for _ in rows), (), SourcePatch({})))


def marks(db_path: Path) -> Marks:
    """Read and star state, with their times, straight from the file."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute("SELECT id, read, starred, read_at, starred_at FROM article").fetchall()
    finally:
        db.close()
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.fixture
def archive(data_dir: Path) -> Iterator[Storage]:
    """A real archive: two sources, 40 articles, some read, some starred, window settings."""
    storage = Storage(data_dir / DB_FILENAME)
    news = storage.add_source("https://tengrinews.kz/news.rss", title="Tengrinews", folder="KZ")
    other = storage.add_source("https://example.org/feed", title="Example")
    add_articles(storage, news.id, 30)
    add_articles(storage, other.id, 10, start=100)
    storage.mark([1, 2, 3, 31], read=True)
    storage.mark([2, 5, 32], starred=True)
    (data_dir / SETTINGS).write_text("[window]\ngeometry=saved\n", encoding="utf-8")
    yield storage
    storage.close()


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def rewrite(src: Path, dst: Path, **members: bytes | None) -> None:
    """Copy a backup with some members replaced (bytes) or dropped (None)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = members.pop(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in members.items():
            if data is not None:
                new.writestr(name, data)


def manifest_of(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as z:
        loaded: dict[str, object] = json.loads(z.read(MANIFEST))
        return loaded


def test_round_trip_restores_marks_exactly(
    archive: Storage, data_dir: Path, tmp_path: Path
) -> None:
    at_backup = marks(data_dir / DB_FILENAME)
    out = tmp_path / "kabar-2026-11-26.kabar-backup"
    info = backup(archive, data_dir, out)  # while the storage is open, as in a running window
    assert info.path == out and info.settings and out.stat().st_size == info.size

    archive.mark([1, 2, 3, 31], read=False)
    archive.mark([2, 5], starred=False)
    archive.mark([10, 11], read=True, starred=True)
    add_articles(archive, 1, 5, start=500)
    changed = marks(data_dir / DB_FILENAME)
    (data_dir / SETTINGS).write_text("[window]\ngeometry=changed\n", encoding="utf-8")
    archive.close()

    result = restore(data_dir, out)
    assert marks(data_dir / DB_FILENAME) == at_backup
    assert result.kept_database == data_dir / f"{DB_FILENAME}.before-restore"
    assert marks(result.kept_database) == changed  # the old data is kept, whole
    assert (data_dir / SETTINGS).read_text(encoding="utf-8") == "[window]\ngeometry=saved\n"
    assert result.kept_settings is not None and "changed" in result.kept_settings.read_text()
    assert result.migrated_from is None
    leftovers = files(data_dir) - {DB_FILENAME, SETTINGS, result.kept_database.name,
                                   result.kept_settings.name}  # fmt: skip
    assert leftovers == set()  # no temp files, no -wal of the old database beside the new one

    reopened = Storage(data_dir / DB_FILENAME)  # Kabar opens the restored archive as usual
    try:
        assert reopened.counts() == (40, 36, 3)
        assert reopened.db.integrity_check() == "ok"
    finally:
        reopened.close()


def test_the_file_holds_manifest_database_and_settings(archive: Storage, data_dir: Path,
                                                       tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "any name at all"
    backup(archive, data_dir, out)
    with zipfile.ZipFile(out) as z:
        assert z.namelist() == [MANIFEST, DB_FILENAME, SETTINGS]
        db_bytes = z.read(DB_FILENAME)
    manifest = manifest_of(out)
    assert manifest["format"] == "kabar-backup" and manifest["format_version"] == 1
    assert manifest["schema_version"] == LATEST_VERSION
    assert manifest["counts"] == {"articles": 40, "sources": 2, "starred": 3, "unread": 36}
    assert manifest["database_sha256"] == hashlib.sha256(db_bytes).hexdigest()
    assert str(manifest["created_at"]).endswith("Z")
    assert files(tmp_path) == {"any name at all", "kabar-data"}  # no temp file left


def test_an_existing_file_is_replaced_only_with_force(archive: Storage, data_dir: Path,
                                                      tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "backup.zip"
    out.write_bytes(b"precious")
    with pytest.raises(UsageError, match="already exists; add --force"):
        backup(archive, data_dir, out)
    assert out.read_bytes() == b"precious"
    backup(archive, data_dir, out, force=True)
    assert zipfile.is_zipfile(out)


def test_a_full_disk_leaves_no_partial_file(archive: Storage, data_dir: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reader.backup._write_zip", full)
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(StorageError, match="No backup was written: the disk is full"):
        backup(archive, data_dir, dest / "b.kabar-backup")
    assert files(dest) == set()


# ---- restore refuses, and the current data stays as it was --------------------------------


@pytest.fixture
def made(archive: Storage, data_dir: Path, tmp_path: Path) -> Iterator[Path]:
    """A good backup; the archive is closed afterwards, as restore requires."""
    out = tmp_path / "good.kabar-backup"
    backup(archive, data_dir, out)
    archive.close()
    yield out


def refused(data_dir: Path, path: Path, message: str) -> None:
    before = (data_dir / DB_FILENAME).read_bytes(), files(data_dir)
    with pytest.raises(StorageError, match=message):
        restore(data_dir, path)
    assert ((data_dir / DB_FILENAME).read_bytes(), files(data_dir)) == before


def db_with_version(made: Path, tmp_path: Path, version: int) -> bytes:
    db = tmp_path / "edited.sqlite3"
    with zipfile.ZipFile(made) as z:
        db.write_bytes(z.read(DB_FILENAME))
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.close()
    return db.read_bytes()


def test_refuses_a_backup_from_a_newer_kabar(made: Path, data_dir: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.kabar-backup"
    manifest = {**manifest_of(made), "schema_version": LATEST_VERSION + 1}
    rewrite(made, newer, **{MANIFEST: json.dumps(manifest).encode()})
    refused(data_dir, newer, "made by a newer Kabar")
    # The database itself newer, its manifest consistent with it (sha and all):
    data = db_with_version(made, tmp_path, LATEST_VERSION + 1)
    manifest["database_sha256"] = hashlib.sha256(data).hexdigest()
    rewrite(made, newer, **{MANIFEST: json.dumps(manifest).encode(), DB_FILENAME: data})
    refused(data_dir, newer, "made by a newer Kabar")


def test_refuses_a_database_newer_than_its_manifest(made: Path, data_dir: Path,
                                                    tmp_path: Path) -> None:  # fmt: skip
    data = db_with_version(made, tmp_path, LATEST_VERSION + 1)
    manifest = {**manifest_of(made), "database_sha256": hashlib.sha256(data).hexdigest()}
    lying = tmp_path / "lying.kabar-backup"
    rewrite(made, lying, **{MANIFEST: json.dumps(manifest).encode(), DB_FILENAME: data})
    refused(data_dir, lying, "newer Kabar")


def test_refuses_a_corrupt_zip(made: Path, data_dir: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.kabar-backup"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    refused(data_dir, cut, "damaged or not a Kabar backup")
    flipped = bytearray(made.read_bytes())
    with zipfile.ZipFile(made) as z:
        info = z.getinfo(DB_FILENAME)
    middle = info.header_offset + 200 + info.compress_size // 2  # inside the compressed database
    flipped[middle] ^= 0xFF
    bad = tmp_path / "flipped.kabar-backup"
    bad.write_bytes(bytes(flipped))
    refused(data_dir, bad, "damaged")
    text = tmp_path / "notes.txt"
    text.write_text("not a zip at all")
    refused(data_dir, text, "damaged or not a Kabar backup")


def test_refuses_a_checksum_mismatch(made: Path, data_dir: Path, tmp_path: Path) -> None:
    data = db_with_version(made, tmp_path, LATEST_VERSION)  # same size, other bytes
    swapped = tmp_path / "swapped.kabar-backup"
    rewrite(made, swapped, **{DB_FILENAME: data[:-1] + bytes([data[-1] ^ 1])})
    refused(data_dir, swapped, "does not match its checksum")


def test_refuses_a_damaged_database_with_a_matching_checksum(made: Path, data_dir: Path,
                                                             tmp_path: Path) -> None:  # fmt: skip
    size = int(str(manifest_of(made)["database_bytes"]))
    garbage = (b"SQLite format 3\x00" + b"\x07" * size)[:size]
    manifest = {**manifest_of(made), "database_sha256": hashlib.sha256(garbage).hexdigest()}
    bad = tmp_path / "garbage.kabar-backup"
    rewrite(made, bad, **{MANIFEST: json.dumps(manifest).encode(), DB_FILENAME: garbage})
    refused(data_dir, bad, "damaged database")


@pytest.mark.parametrize("name", ["../evil", "/etc/evil", "C:/evil", "cache/../../evil"])
def test_refuses_unsafe_member_paths(made: Path, data_dir: Path, tmp_path: Path, name: str) -> None:
    evil = tmp_path / "evil.kabar-backup"
    rewrite(made, evil, **{name: b"owned"})
    refused(data_dir, evil, "unsafe path")
    assert not (tmp_path / "evil").exists()


def test_refuses_foreign_files(made: Path, data_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.kabar-backup"
    rewrite(made, extra, **{"run.sh": b"rm -rf ~"})
    refused(data_dir, extra, "unexpected member 'run.sh'")
    no_manifest = tmp_path / "bare.kabar-backup"
    rewrite(made, no_manifest, **{MANIFEST: None})
    refused(data_dir, no_manifest, "no manifest")
    other = tmp_path / "other.kabar-backup"
    rewrite(made, other, **{MANIFEST: json.dumps({"format": "something else"}).encode()})
    refused(data_dir, other, "not a Kabar backup")


def test_refuses_a_zip_bomb_before_extracting(made: Path, data_dir: Path, tmp_path: Path) -> None:
    size = 64 << 20
    manifest = {**manifest_of(made), "database_bytes": size}
    bomb = tmp_path / "bomb.kabar-backup"
    rewrite(made, bomb, **{MANIFEST: json.dumps(manifest).encode(), DB_FILENAME: bytes(size)})
    refused(data_dir, bomb, "zip bomb")


def test_refuses_while_another_kabar_has_the_database_open(made: Path, data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from reader.storage import Storage\n"
         f"s = Storage(Path({str(data_dir / DB_FILENAME)!r})); s.counts()\n"
         "print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StorageError, match="in use by another Kabar"):
            restore(data_dir, made)
    finally:
        holder.communicate("", timeout=30)
    assert restore(data_dir, made).kept_database is not None  # once it is closed, it works


def test_an_older_schema_is_migrated_on_restore(data_dir: Path, tmp_path: Path) -> None:
    old = tmp_path / "v6.sqlite3"
    connection = sqlite3.connect(old, isolation_level=None)
    for number, steps in enumerate(MIGRATIONS[:-1], start=1):
        for statement in steps:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {number}")
    connection.close()
    out = tmp_path / "old.kabar-backup"
    with out.open("wb") as raw:
        _write_zip(raw, old, None, _manifest(old))
    result = restore(data_dir, out)
    assert result.migrated_from == LATEST_VERSION - 1 and result.kept_database is None
    assert not result.settings_restored
    assert files(data_dir) == {DB_FILENAME}  # Database's pre-migration copy is not left behind
    storage = Storage(data_dir / DB_FILENAME)
    try:
        assert storage.db.schema_version() == LATEST_VERSION
    finally:
        storage.close()


# ---- the command line --------------------------------------------------------------------


# Root may write into any folder; without these two capabilities it obeys file modes as every
# other user does (util-linux's setpriv, on every Debian).
AS_A_USER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def kabar(
    data: Path, *args: str, limit: int | None = None, as_a_user: bool = False
) -> subprocess.CompletedProcess[str]:
    def small_files() -> None:  # a destination that fills up: writes past `limit` bytes fail
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit or 0, limit or 0))

    prefix = AS_A_USER if as_a_user and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "ui.launcher", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd=ROOT,
        preexec_fn=small_files if limit else None,
    )  # fmt: skip


def test_cli_round_trip(archive: Storage, data_dir: Path, tmp_path: Path) -> None:
    archive.close()
    out = tmp_path / "kabar-2026-11-26.kabar-backup"
    made = kabar(data_dir, "backup", str(out))
    assert made.returncode == 0, made.stderr
    assert "Backed up 40 article(s) from 2 source(s) (3 starred, 36 unread)" in made.stdout
    again = kabar(data_dir, "backup", str(out))
    assert again.returncode == 2 and "add --force" in again.stderr
    assert kabar(data_dir, "backup", str(out), "--force").returncode == 0

    assert kabar(data_dir, "mark", "2", "5", "32", "--unstar").returncode == 0
    assert kabar(data_dir, "mark-all-read").returncode == 0
    restored = kabar(data_dir, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "Restored 40 article(s)" in restored.stdout
    assert f"kept as {data_dir / DB_FILENAME}.before-restore" in restored.stdout
    listed = json.loads(kabar(data_dir, "articles", "--limit", "100", "--json").stdout)
    assert sorted(a["id"] for a in listed if a["starred"]) == [2, 5, 32]
    assert sorted(a["id"] for a in listed if a["read"]) == [1, 2, 3, 31]

    broken = tmp_path / "broken.kabar-backup"
    broken.write_bytes(b"PK\x03\x04 nonsense")
    failed = kabar(data_dir, "restore", str(broken))
    assert failed.returncode == 3 and "damaged or not a Kabar backup" in failed.stderr


def test_cli_backup_to_a_filling_disk_leaves_nothing(archive: Storage, data_dir: Path,
                                                     tmp_path: Path) -> None:  # fmt: skip
    archive.close()
    dest = tmp_path / "small"
    dest.mkdir()
    # Opening the database maps a 32 KB -shm; the copy itself (over 100 KB) does not fit.
    failed = kabar(data_dir, "backup", str(dest / "b.kabar-backup"), limit=64 << 10)
    assert failed.returncode == 3, failed.stderr
    assert "No backup was written" in failed.stderr
    assert files(dest) == set()


def test_cli_backup_to_a_read_only_folder(archive: Storage, data_dir: Path,
                                          tmp_path: Path) -> None:  # fmt: skip
    archive.close()
    dest = tmp_path / "locked"
    dest.mkdir(mode=0o555)
    failed = kabar(data_dir, "backup", str(dest / "b.kabar-backup"), as_a_user=True)
    assert failed.returncode == 3 and "may not write in" in failed.stderr
    assert files(dest) == set()
