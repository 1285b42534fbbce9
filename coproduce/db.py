"""The one database: SQLite through sqlite-utils (the schema is in `coproduce.migrations`).

Connections run in autocommit mode at the driver level, so every transaction is explicit:
`write_transaction()` takes the write lock up front (`BEGIN IMMEDIATE`), which is what a
read-then-write needs to stay correct when two requests race. sqlite-utils' own writes nest
inside it as savepoints.

Each server thread keeps its connection from one request to the next (opening one costs more than
most requests' queries), and the threads of one process take turns to write through a lock of
their own, so a waiting writer starts as soon as the one before commits instead of sleeping in
SQLite's busy handler (which backs off up to 100 ms a try).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlite_utils import Database as SqliteUtilsDatabase
from sqlite_utils.utils import dedupe_keys

BUSY_TIMEOUT_MS = 5000


class Database(SqliteUtilsDatabase):
    """sqlite-utils' Database, whose `query` runs a plain SELECT as it is. sqlite-utils wraps every
    query in a savepoint (three statements, not one), so that a statement which turns out to write
    can be undone; a statement that begins with SELECT never writes."""

    def query(self, sql: str, params: Sequence | dict[str, Any] | None = None) -> Generator[dict, None, None]:
        if sql.lstrip()[:6].upper() != "SELECT" or self._tracer:
            return super().query(sql, params)
        cursor = self.conn.execute(sql, params if params is not None else ())
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row, strict=True)) for row in cursor)


def connect(path: str | Path) -> Database:
    """Open the database file with the settings every connection must have."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    # Deleted and overwritten content is zeroed on disk, not left in free space (see erasure.py).
    db.execute("PRAGMA secure_delete = ON")
    return db


# This thread's open connection: (path, the file's (device, inode) when opened, connection).
_kept = threading.local()
# One writer at a time among this process's threads (other processes wait in busy_timeout).
_writer = threading.RLock()


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _thread_connection(path: str) -> Database:
    """This thread's connection to `path`, kept between requests. One is kept a thread: another
    path closes it, and so does a different file at the same path (a restore, a new test
    database), so a kept connection never reads a replaced file."""
    kept = getattr(_kept, "value", None)
    if kept is not None:
        kept_path, kept_id, db = kept
        if kept_path == path and kept_id is not None and kept_id == _file_id(path):
            return db
        _kept.value = None
        db.close()
    db = connect(path)
    _kept.value = (path, _file_id(path), db)
    return db


def get_db() -> Database:
    """The request's connection: this thread's kept connection, taken on first use."""
    if "db" not in g:
        g.db = _thread_connection(str(current_app.config["DATABASE"]))
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """At the end of a request: leave the kept connection with no transaction open."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.execute("ROLLBACK")


def close_thread_connection() -> None:
    """Close this thread's kept connection (for code that must let go of the file)."""
    kept = getattr(_kept, "value", None)
    _kept.value = None
    if kept is not None:
        kept[2].close()


@contextmanager
def write_transaction(db: Database | None = None) -> Iterator[Database]:
    """A transaction that holds the write lock from its first statement (BEGIN IMMEDIATE)."""
    db = db or get_db()
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if not _writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise sqlite3.OperationalError("database is locked")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")
    finally:
        _writer.release()


def now() -> str:
    """The current time as an ISO 8601 string in UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_connection() -> None:
    """Run the simplest query, so a health check fails when the database cannot be read."""
    get_db().execute("SELECT 1").fetchone()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
