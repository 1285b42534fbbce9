"""Erasing for good: what must happen after a transaction that erases people's words.

SQLite in WAL mode writes every change to `coproduce.db-wal` first and copies it into the database
file later, so words erased from a table still sit in older frames of the log until it is
checkpointed and emptied. And without `secure_delete` (set on every connection in `db.connect`),
a deleted row's bytes stay in the free space of its page. After an erasure (a withdrawal, the
retention run) `forget_old_copies` copies the log into the database and truncates it to nothing.

What this cannot reach: backups already made (see "Backups and restarts" in the README), and the
disk blocks a file system has already let go of.
"""

from __future__ import annotations

import time

from sqlite_utils import Database

CHECKPOINT_TRIES = 50
CHECKPOINT_PAUSE_SECONDS = 0.1


def forget_old_copies(db: Database) -> bool:
    """Copy the write-ahead log into the database file and empty it (`wal_checkpoint(TRUNCATE)`),
    waiting a little for readers in the middle of a read; False if they never let it finish (the
    next erasure, or SQLite's own checkpoints, finish the job)."""
    for _ in range(CHECKPOINT_TRIES):
        busy, _frames, _copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(CHECKPOINT_PAUSE_SECONDS)
    return False
