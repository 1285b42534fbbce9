"""The audit log: who did what to which record, when and from where. Never any answer content.

The table refuses updates and deletes (triggers in the schema), so the app can only append.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from coproduce.db import now, write_soon, write_transaction

# Records that need not wait for the disk: their commit survives the app being killed, but the
# last moments of them could be lost if the machine lost power. That is acceptable for page views,
# which change nothing. Within a request they are written with the request's next write (a change
# of an answer is recorded in the same transaction as the answer, which does wait for the disk), or
# else just before its response is sent, in a transaction of their own (`coproduce.db.write_soon`):
# a page is never sent without its record. Every other record waits for the disk.
NOT_WAITING_FOR_DISK = frozenset({"view", "view_conversation", "change_answer"})

INSERT = """INSERT INTO audit_log (at, user_id, action, object_type, object_id, remote_addr, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?)"""


def record(
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str | None = None,
    user_id: int | None = None,
) -> None:
    in_request = has_request_context()
    if user_id is None and in_request and current_user.is_authenticated:
        user_id = current_user.id
    remote_addr = request.remote_addr if in_request else None
    # Plain SQL: sqlite-utils' insert() looks the table up in sqlite_master first, three more
    # statements on every audited page view.
    params = [now(), user_id, action, object_type, object_id, remote_addr, detail]
    if in_request and action in NOT_WAITING_FOR_DISK:
        write_soon(INSERT, params)
        return
    with write_transaction() as db:
        db.execute(INSERT, params)
