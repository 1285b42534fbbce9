"""Guide requests as each person may see them: the coordinator all, a council contact their council's."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from flask import abort

from coproduce.auth import Role, User
from coproduce.db import get_db, now, write_transaction
from coproduce.guides.interpreting import key_of

COLUMNS = """r.*, reviews.title AS review_title, reviews.year AS review_year,
    reviews.contact_phone AS review_contact_phone,
    reviews.focus AS review_focus, reviews.guide_modules AS review_modules,
    councils.name AS council_name, users.name AS requested_by_name"""
FROM = """guide_requests r JOIN reviews ON reviews.id = r.review_id
    JOIN councils ON councils.id = reviews.council_id JOIN users ON users.id = r.requested_by"""


def _visible(user: User) -> tuple[str, list[Any]]:
    if user.role == Role.COORDINATOR:
        return "1 = 1", []
    if user.role == Role.AUTHORITY_CONTACT:
        return "reviews.council_id = ?", [user.council_id]
    return "0 = 1", []


# Requests made before packs were made for each kind of interpreter said "spoken_face_to_face".
RENAMED_INTERPRETER_TYPES = {"spoken_face_to_face": "face-to-face"}


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("languages", "formats", "interpreter_types"):
        row[key] = json.loads(row[key])
    row["interpreter_types"] = [RENAMED_INTERPRETER_TYPES.get(t, t) for t in row["interpreter_types"]]
    return row


def packs(guide_request: dict[str, Any], languages: Iterable[str]) -> list[dict[str, Any]]:
    """The packs a request gives: one for each language and each kind of interpreter asked for
    (interpreter None: a pack with no interpreter, when "none" was asked for or nothing was)."""
    kinds = [key_of(kind) for kind in guide_request["interpreter_types"]] or [None]
    return [
        {"code": code, "interpreter": kind}
        for code in guide_request["languages"]
        if code in languages
        for kind in dict.fromkeys(kinds)
    ]


def requests_for(user: User) -> list[dict[str, Any]]:
    where, params = _visible(user)
    return [
        _decode(row)
        for row in get_db().query(
            f"SELECT {COLUMNS} FROM {FROM} WHERE {where} ORDER BY r.status = 'ready', r.created_at DESC",
            params,
        )
    ]


def request_for(user: User, request_id: int) -> dict[str, Any]:
    """The request if this person may see it; otherwise a 404."""
    where, params = _visible(user)
    row = next(
        get_db().query(f"SELECT {COLUMNS} FROM {FROM} WHERE r.id = ? AND {where}", [request_id, *params]),
        None,
    )
    if row is None:
        abort(404)
    return _decode(row)


def history(request_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT e.*, users.name AS user_name FROM guide_request_events e
            JOIN users ON users.id = e.user_id WHERE e.request_id = ? ORDER BY e.at, e.id""",
            [request_id],
        )
    )


def create(user: User, fields: dict[str, Any]) -> int:
    stamp = now()
    with write_transaction() as db:
        request_id = (
            db["guide_requests"]
            .insert(
                {
                    "review_id": fields["review_id"],
                    "requested_by": user.id,
                    "guide_slug": fields["guide_slug"],
                    "languages": json.dumps(fields["languages"]),
                    "formats": json.dumps(fields["formats"]),
                    "interpreter_types": json.dumps(fields["interpreter_types"]),
                    "people_count": fields.get("people_count"),
                    "needed_by": fields.get("needed_by"),
                    "notes": (fields.get("notes") or "").strip() or None,
                    "status": "requested",
                    "created_at": stamp,
                }
            )
            .last_pk
        )
        db["guide_request_events"].insert(
            {"request_id": request_id, "at": stamp, "user_id": user.id, "status": "requested", "note": None}
        )
    return int(request_id)


def set_status(user: User, request_id: int, status: str, note: str | None) -> None:
    with write_transaction() as db:
        db.execute("UPDATE guide_requests SET status = ? WHERE id = ?", [status, request_id])
        db["guide_request_events"].insert(
            {
                "request_id": request_id,
                "at": now(),
                "user_id": user.id,
                "status": status,
                "note": (note or "").strip() or None,
            }
        )
