"""Opening the SQLite file: pragmas, transactions, schema migrations, consistent copies."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from reader.errors import StorageError
from reader.migrations import LATEST_VERSION, MIGRATIONS

DB_FILENAME = "kabar.sqlite3"


def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # The driver's own transaction handling is switched off: writes start with
    # BEGIN IMMEDIATE (a deferred read that later writes fails at once with "locked").
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def describe_sqlite_error(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    lowered = text.lower()
    if "full" in lowered or "no space" in lowered:
        return "The disk is full: Kabar could not save. Free some space and try again."
    if "locked" in lowered or "busy" in lowered:
        return "The database is busy in another Kabar window or command; try again in a moment."
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return "The Kabar database file is damaged (SQLite says: " + text + ")."
    if "readonly" in lowered or "read-only" in lowered:
        return "The Kabar database is read-only; check the permissions of the data folder."
    return "The database failed: " + text


class Database:
    """One SQLite file with Kabar's schema. Thread-safe: each use takes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"Cannot create the data folder {path.parent}: {error}") from None
        # Pooled: closing the last connection to a WAL file checkpoints it, so a connection
        # per write cost a checkpoint per source (measured: 3 s of a 17 s sync).
        self.engine: Engine = create_engine(
            f"sqlite:///{path}", pool_size=4, connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _configure)
        self._migrate()

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write(self, durable: bool = False) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error.

        `durable`: on the disk when this returns, even through a power cut (the log is
        flushed at this commit, not at the next checkpoint). For the reader's own marks:
        one flush each, which a sync's hundreds of writes could not afford.
        """
        try:
            with self.engine.connect() as connection:
                if durable:  # the setting in force at COMMIT decides the flush
                    connection.exec_driver_sql("PRAGMA synchronous=FULL")
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        yield connection
                    except BaseException:
                        connection.rollback()
                        raise
                    connection.commit()
                finally:
                    if durable:  # back to the pool as it came: syncs keep their speed
                        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        except (OperationalError, sqlite3.OperationalError) as error:
            raise StorageError(describe_sqlite_error(error)) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read snapshot (deferred transaction)."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("BEGIN")
                try:
                    yield connection
                finally:
                    connection.rollback()
        except (OperationalError, sqlite3.OperationalError) as error:
            raise StorageError(describe_sqlite_error(error)) from None

    def schema_version(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())

    def _migrate(self) -> None:
        try:
            version = self.schema_version()
        except SQLAlchemyError as error:
            raise StorageError(describe_sqlite_error(error)) from None
        if version > LATEST_VERSION:
            raise StorageError(
                f"The database {self.path} was written by a newer Kabar (schema {version}; this "
                f"Kabar knows up to {LATEST_VERSION}). Update Kabar to open it."
            )
        if 0 < version < LATEST_VERSION:
            self.backup(self.path.with_name(f"{self.path.name}.before-v{LATEST_VERSION}.bak"))
        for number in range(version + 1, LATEST_VERSION + 1):
            with self.write() as connection:
                for statement in MIGRATIONS[number - 1]:
                    connection.exec_driver_sql(statement)
                connection.exec_driver_sql(f"PRAGMA user_version = {number}")

    def backup(self, target: Path) -> None:
        """A consistent copy through VACUUM INTO (copying the live file can lose commits)."""
        target.unlink(missing_ok=True)
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("VACUUM INTO ?", (str(target),))
        except SQLAlchemyError as error:
            raise StorageError(describe_sqlite_error(error)) from None

    def integrity_check(self) -> str:
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar_one())
