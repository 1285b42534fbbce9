"""The audit log: who did what to which record, when and from where. Never any answer content.

The table refuses updates and deletes (triggers in the schema), so the app can only append.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from coproduce.db import now, write_transaction


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
    with write_transaction() as db:
        # Plain SQL: sqlite-utils' insert() looks the table up in sqlite_master first, three more
        # statements on every audited page view.
        db.execute(
            """INSERT INTO audit_log (at, user_id, action, object_type, object_id, remote_addr, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [now(), user_id, action, object_type, object_id, remote_addr, detail],
        )
