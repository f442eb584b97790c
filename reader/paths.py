"""Where Kabar keeps its data: --data-dir, else $KABAR_DATA_DIR, else the platform's place."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from reader.db import DB_FILENAME

ENV_DATA_DIR = "KABAR_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("Kabar", appauthor=False))


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(explicit) / DB_FILENAME


def cache_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Caches (article images): inside a chosen data folder, so one folder is a whole archive;
    otherwise the platform's cache place, which backups and sync tools know to skip."""
    if explicit or os.environ.get(ENV_DATA_DIR):
        return data_dir(explicit) / "cache"
    return Path(platformdirs.user_cache_dir("Kabar", appauthor=False))
