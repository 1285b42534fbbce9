"""The audit log: who did what to which record, when and from where. Never any answer content.

The table refuses updates and deletes (triggers in the schema), so the app can only append.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from coproduce.db import get_db, now, write_transaction

# Records written without waiting for the disk (SQLite `synchronous = NORMAL` for their own
# transaction; the database is in WAL mode). Such a commit survives the app being killed, but the
# last moments of them could be lost if the machine lost power. That is acceptable for page views,
# which change nothing. A change of an answer is recorded just before the answer is saved on the
# same connection, and the save's own commit (`synchronous = FULL`) forces the whole write-ahead
# log to disk, this record with it: by the time a save is acknowledged its record is on disk
# too. Every other record (and every answer save) waits for the disk as before. Without this
# every page view waited for an fsync, one at a time.
NOT_WAITING_FOR_DISK = frozenset({"view", "view_conversation", "change_answer"})


def record(
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str | None = None,
    user_id: int | None = None,
) -> None:
    if user_id is None and has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    remote_addr = request.remote_addr if has_request_context() else None
    db = get_db()
    quick = action in NOT_WAITING_FOR_DISK and not db.conn.in_transaction
    if quick:
        db.execute("PRAGMA synchronous = NORMAL")
    try:
        with write_transaction(db):
            # Plain SQL: sqlite-utils' insert() looks the table up in sqlite_master first, three
            # more statements on every audited page view.
            db.execute(
                """INSERT INTO audit_log (at, user_id, action, object_type, object_id, remote_addr, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [now(), user_id, action, object_type, object_id, remote_addr, detail],
            )
    finally:
        if quick:
            db.execute("PRAGMA synchronous = FULL")
