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

from flask import Flask, current_app, g, has_request_context
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

    @property
    def file_path(self) -> str:
        """The main database's file ("" for one in memory)."""
        if "_file_path" not in self.__dict__:
            self.__dict__["_file_path"] = self.conn.execute("PRAGMA database_list").fetchone()[2] or ""
        return self.__dict__["_file_path"]


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


class WalSync:
    """Group commit: many transactions made durable by one flush of the write-ahead log.

    A transaction is committed with `synchronous = NORMAL` (SQLite writes its pages to the WAL file
    but does not wait for the disk) and then, before `write_transaction` returns, the WAL file is
    flushed to disk (fsync), which makes every commit written before the flush began durable, as
    `synchronous = FULL` would have made it. Threads that commit while a flush is under way wait for
    the next one, and share it: the write lock is held for the commit alone (not for the ~4 ms a
    flush takes on this machine), and one flush serves every commit waiting for it. Each process
    flushes for its own threads; flushes of the same file from several processes are safe.

    Once a transaction's pages are in the WAL they reach the database file only through a
    checkpoint, which SQLite makes durable itself (it flushes the WAL before and the database file
    after, in NORMAL too), so a flushed commit is never lost. The WAL file is opened for each flush
    (an open costs little beside a flush, and no file is held open); the folder of a new one (after
    the last connection closed and removed the old one) is flushed too, once."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._committed = 0  # commits counted so far in this process
        self._flushed = 0  # commits known to be on disk
        self._flushing = False
        self._known: set[tuple[str, int, int]] = set()  # WAL files whose folder was flushed

    def committed(self) -> int:
        """Count a commit just made; its number, to wait for."""
        with self._lock:
            self._committed += 1
            return self._committed

    def wait(self, database: str, commit: int) -> None:
        """Return once commit number `commit` is on disk, flushing the WAL if nobody is."""
        with self._lock:
            while self._flushed < commit:
                if self._flushing:
                    self._lock.wait()
                    continue
                self._flushing, target = True, self._committed
                try:
                    self._lock.release()
                    try:
                        self._flush(database + "-wal")
                    finally:
                        self._lock.acquire()
                    self._flushed = max(self._flushed, target)
                finally:
                    self._flushing = False
                    self._lock.notify_all()

    def _flush(self, path: str) -> None:
        try:
            handle = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # no WAL file: the commit was checkpointed into the database
            return
        try:
            found = os.fstat(handle)
            if (path, found.st_dev, found.st_ino) not in self._known:  # a new WAL file: its name too
                folder = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
                if len(self._known) >= 1024:
                    self._known.clear()
                self._known.add((path, found.st_dev, found.st_ino))
            os.fsync(handle)
        finally:
            os.close(handle)


_wal_sync = WalSync()


def write_soon(sql: str, params: list[Any]) -> None:
    """A write that need not wait for the disk (the audit record of a page view): made in this
    request's next write transaction, so one commit serves both, or at the end of the request
    (before the response is sent) in a transaction of its own that does not wait for the disk."""
    g.setdefault("writes_soon", []).append((sql, params))


def _writes_soon(db: Database) -> list[tuple[str, list[Any]]]:
    if not has_request_context() or g.get("db") is not db:
        return []
    return g.setdefault("writes_soon", [])


def _write(db: Database, waiting: list[tuple[str, list[Any]]], done: int) -> int:
    """Make the waiting writes from number `done` on; how many are made now."""
    for sql, params in waiting[done:]:
        db.execute(sql, params)
    return len(waiting)


@contextmanager
def write_transaction(db: Database | None = None, wait_for_disk: bool = True) -> Iterator[Database]:
    """A transaction that holds the write lock from its first statement (BEGIN IMMEDIATE), durable
    when it returns (see `WalSync`); with `wait_for_disk` False, a commit that survives the app
    being killed but not the machine losing power (for records of page views). The request's
    writes that wait (`write_soon`) are made in it first."""
    db = db or get_db()
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if not _writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise sqlite3.OperationalError("database is locked")
    waiting = _writes_soon(db)
    grouped = wait_for_disk and isinstance(db, Database) and bool(db.file_path)
    try:
        if grouped or not wait_for_disk:
            db.execute("PRAGMA synchronous = NORMAL")
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                done = _write(db, waiting, 0)
                yield db
                done = _write(db, waiting, done)  # and those that began to wait during it
            except BaseException:
                db.execute("ROLLBACK")
                raise
            else:
                db.execute("COMMIT")
                commit = _wal_sync.committed()
                del waiting[:done]
        finally:
            if grouped or not wait_for_disk:
                db.execute("PRAGMA synchronous = FULL")
    finally:
        _writer.release()
    if grouped:
        _wal_sync.wait(db.file_path, commit)


def _write_what_waits(response: Any) -> Any:
    """Make the request's waiting writes (`write_soon`) before its response is sent."""
    if g.get("writes_soon"):
        with write_transaction(get_db(), wait_for_disk=False):
            pass
    return response


def now() -> str:
    """The current time as an ISO 8601 string in UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_connection() -> None:
    """Run the simplest query, so a health check fails when the database cannot be read."""
    get_db().execute("SELECT 1").fetchone()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.after_request(_write_what_waits)
