"""Automatic weekly backups in the data folder, so a damaged archive can be brought back.

Made after a sync when the newest is a week old; the newest KEEP are kept. They live in
`DATA_DIR/backups/` as ordinary `kabar backup` files (reader.backup), so `kabar restore`
and the window's recovery both take them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.backup import backup
from reader.storage import Storage

FOLDER = "backups"
SUFFIX = ".kabar-backup"
EVERY = timedelta(days=7)
KEEP = 4
STAMP = "%Y-%m-%d-%H%M%S"


def automatic_backups(data_dir: Path) -> list[Path]:
    """The automatic backups, newest first."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"kabar-*{SUFFIX}") if p.is_file()]
    return sorted(found, key=made_at, reverse=True)


def made_at(path: Path) -> datetime:
    """When an automatic backup was made: from its name (kabar-YYYY-MM-DD-HHMMSS), which a
    copy to another disk keeps, else from the file's time."""
    stamp = path.name.removeprefix("kabar-").removesuffix(SUFFIX)
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def backup_if_due(storage: Storage, data_dir: Path, now: datetime | None = None) -> Path | None:
    """A new automatic backup when the newest is older than EVERY; returns its path."""
    now = now or datetime.now(UTC)
    existing = automatic_backups(data_dir)
    if existing and now - made_at(existing[0]) < EVERY:
        return None
    out = data_dir / FOLDER / f"kabar-{now.strftime(STAMP)}{SUFFIX}"
    out.parent.mkdir(parents=True, exist_ok=True)
    made = backup(storage, data_dir, out, force=True).path
    for old in automatic_backups(data_dir)[KEEP:]:
        old.unlink(missing_ok=True)
    return made
