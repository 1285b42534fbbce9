"""Online backup and checked restore of the one SQLite database.

`backup` uses SQLite's online backup API, so it is safe while the app runs: it copies a consistent
snapshot (writers wait a moment; nothing is half copied). `restore` checks the file first
(`PRAGMA integrity_check`, and that it is a coproduce database this code knows), copies it into a
temporary file next to the database, brings its schema up to date there and only then renames it
over the database, so a failure at any point leaves the old database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from coproduce.db import BUSY_TIMEOUT_MS, close_thread_connection, connect
from coproduce.migrations import migrations, names, prepare

MIGRATIONS_TABLE = "_sqlite_migrations"


class BackupError(Exception):
    """The file cannot be backed up or restored; the message says why in plain words."""


def _open(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy `source` into a new file `target` with the backup API, forcing it to disk."""
    target.unlink(missing_ok=True)
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest, pages=0)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def problems(path: str | Path) -> list[str]:
    """Why the file is not a good coproduce database (an empty list if it is)."""
    path = Path(path)
    if not path.is_file():
        return [f"{path} does not exist or is not a file"]
    try:
        conn = _open(path, read_only=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                return ["The integrity check failed: " + "; ".join(result[:5])]
            if (
                conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
                ).fetchone()
                is None
            ):
                return [f"{path} is not a coproduce database (it has no migrations table)"]
            applied = {
                row[0]
                for row in conn.execute(
                    f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
                    [migrations.name],
                )
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return [f"{path} is not a readable SQLite database ({error})"]
    known = names()
    found: list[str] = []
    if known[0] not in applied:
        found.append(f"{path} is not a coproduce database (migration {known[0]} is missing)")
    if unknown := sorted(applied - set(known)):
        found.append(
            f"{path} comes from a newer version of coproduce (migrations {', '.join(unknown)}); "
            "update the app before restoring it"
        )
    return found


def backup(database: str | Path, output: str | Path, *, check: bool = True) -> Path:
    """Copy the live database into `output` (written next to it first, then renamed)."""
    database, output = Path(database), Path(output)
    if not database.is_file():
        raise BackupError(f"There is no database at {database}")
    if output.resolve() == database.resolve():
        raise BackupError("The backup file must not be the database itself")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    source = _open(database)
    try:
        _copy(source, partial)
    finally:
        source.close()
    if check and (found := problems(partial)):
        partial.unlink(missing_ok=True)
        raise BackupError("The backup did not pass its check: " + "; ".join(found))
    os.replace(partial, output)
    return output


def restore(backup_file: str | Path, database: str | Path) -> Path | None:
    """Replace `database` with a checked copy of `backup_file`.

    Returns where the database it replaced was kept (None if there was none). Stop the app first.
    """
    backup_file, database = Path(backup_file), Path(database)
    close_thread_connection()  # this thread's kept connection must not outlive the file it reads
    if found := problems(backup_file):
        raise BackupError("; ".join(found))
    if database.exists() and backup_file.resolve() == database.resolve():
        raise BackupError("The backup file is the database itself")
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(database.name + ".restoring")
    source = _open(backup_file, read_only=True)
    try:
        _copy(source, incoming)
    finally:
        source.close()
    db = connect(incoming)
    try:
        prepare(db)  # a backup made by an older version gets the newer migrations here
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()
    if found := problems(incoming):
        incoming.unlink(missing_ok=True)
        raise BackupError("; ".join(found))
    kept = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        try:
            backup(database, kept, check=False)
            # Fold the old database's log into it, so no stale log is left beside the new file.
            old = _open(database)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                old.close()
        except sqlite3.DatabaseError:  # too damaged to read: keep its files as they are
            for suffix in ("", "-wal"):
                if Path(f"{database}{suffix}").exists():
                    shutil.copy2(f"{database}{suffix}", f"{kept}{suffix}")
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, database)
    directory = os.open(database.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return kept
