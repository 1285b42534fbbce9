"""People and review teams. Only the coordinator changes them; every change is audited by the views."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import abort

from coproduce.auth import Role, end_sessions, hash_password
from coproduce.db import get_db, now, write_transaction

INVITE_DAYS = 7

# Which team roles fit which account role.
TEAM_ROLES_FOR = {
    Role.PSW: ("lead_psw", "psw", "host_psw"),
    Role.EXPERT_BY_EXPERIENCE: ("expert_by_experience",),
    Role.AUTHORITY_CONTACT: ("authority_contact",),
    Role.COORDINATOR: (),
}


def token_hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def councils() -> list[dict[str, Any]]:
    return list(get_db().query("SELECT id, name FROM councils ORDER BY name"))


def all_people() -> list[dict[str, Any]]:
    """Everyone, with their council and the state of their latest invitation."""
    return list(
        get_db().query(
            """SELECT users.id, users.name, users.email, users.role, users.active,
            users.password_hash IS NOT NULL AS has_password, councils.name AS council_name
            FROM users LEFT JOIN councils ON councils.id = users.council_id
            ORDER BY users.active DESC, users.name"""
        )
    )


def person(user_id: int) -> dict[str, Any]:
    row = next(
        get_db().query(
            """SELECT users.*, users.password_hash IS NOT NULL AS has_password,
            councils.name AS council_name
            FROM users LEFT JOIN councils ON councils.id = users.council_id WHERE users.id = ?""",
            [user_id],
        ),
        None,
    )
    if row is None:
        abort(404)
    row.pop("password_hash", None)
    return row


def email_taken(email: str) -> bool:
    return get_db().execute("SELECT 1 FROM users WHERE email = ?", [email.strip()]).fetchone() is not None


def create_person(name: str, email: str, role: str, council_id: int | None) -> int | None:
    """The new person's id, or None when the email address is taken (checked under the write lock)."""
    with write_transaction() as db:
        if email_taken(email):
            return None
        return int(
            db["users"]
            .insert(
                {
                    "name": name.strip(),
                    "email": email.strip(),
                    "role": role,
                    "council_id": council_id,
                    "created_at": now(),
                }
            )
            .last_pk
        )


def latest_invite(user_id: int) -> dict[str, Any] | None:
    row = next(
        get_db().query(
            "SELECT * FROM invites WHERE user_id = ? ORDER BY id DESC LIMIT 1",
            [user_id],
        ),
        None,
    )
    if row is not None:
        row["state"] = invite_state(row)
    return row


def invite_state(invite: dict[str, Any]) -> str:
    """One of 'used', 'cancelled', 'expired' or 'valid'."""
    if invite["used_at"]:
        return "used"
    if invite["cancelled_at"]:
        return "cancelled"
    if datetime.fromisoformat(invite["expires_at"]) <= datetime.now(UTC):
        return "expired"
    return "valid"


def new_invite_row(user_id: int, created_by: int | None, token_hash: str) -> dict[str, Any]:
    expires = (datetime.now(UTC) + timedelta(days=INVITE_DAYS)).isoformat(timespec="seconds")
    return {
        "user_id": user_id,
        "token_hash": token_hash,
        "created_by": created_by,
        "created_at": now(),
        "expires_at": expires,
    }


def new_invite(user_id: int, created_by: int | None, token: str | None = None) -> str:
    """A new one-time token for this person (earlier unused links stop working), random unless
    given. Only its hash is kept."""
    token = token or secrets.token_urlsafe(32)
    stamp = now()
    with write_transaction() as db:
        db.execute(
            "UPDATE invites SET cancelled_at = ? WHERE user_id = ? AND used_at IS NULL "
            "AND cancelled_at IS NULL",
            [stamp, user_id],
        )
        db["invites"].insert(new_invite_row(user_id, created_by, token_hash_of(token)))
    return token


def invite_for_token(token: str) -> dict[str, Any] | None:
    """The invitation behind a token, with its state and the invited person (or None if unknown)."""
    row = next(
        get_db().query(
            """SELECT invites.*, users.name, users.email, users.active FROM invites
            JOIN users ON users.id = invites.user_id WHERE token_hash = ?""",
            [token_hash_of(token)],
        ),
        None,
    )
    if row is not None:
        row["state"] = invite_state(row) if row["active"] else "cancelled"
    return row


def use_invite(invite_id: int, password: str) -> dict[str, Any] | None:
    """Set the password and spend the invitation, once; None when it was spent meanwhile."""
    password_hash = hash_password(password)
    with write_transaction() as db:
        invite = next(db.query("SELECT * FROM invites WHERE id = ?", [invite_id]))
        if invite_state(invite) != "valid":
            return None
        db.execute("UPDATE invites SET used_at = ? WHERE id = ?", [now(), invite_id])
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, invite["user_id"]])
        end_sessions("user_id = ?", [invite["user_id"]])
        return next(db.query("SELECT * FROM users WHERE id = ?", [invite["user_id"]]))


def set_active(user_id: int, active: bool) -> None:
    """Deactivating ends the person's sessions at once and cancels their links; nothing they wrote goes."""
    with write_transaction() as db:
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
        if not active:
            end_sessions("user_id = ?", [user_id])
            db.execute(
                "UPDATE invites SET cancelled_at = ? WHERE user_id = ? AND used_at IS NULL "
                "AND cancelled_at IS NULL",
                [now(), user_id],
            )


def team_candidates(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Active people who are not on the review's team and could join it."""
    return list(
        get_db().query(
            """SELECT users.id, users.name, users.role, users.email FROM users
            WHERE active = 1 AND role != 'coordinator'
            AND (role != 'authority_contact' OR council_id = ?)
            AND id NOT IN (SELECT user_id FROM review_members WHERE review_id = ?)
            ORDER BY name""",
            [review["council_id"], review["id"]],
        )
    )


def add_member(review_id: int, user_id: int, team_role: str) -> None:
    with write_transaction() as db:
        db["review_members"].insert(
            {"review_id": review_id, "user_id": user_id, "team_role": team_role}, ignore=True
        )


def team_member(review_id: int, user_id: int) -> dict[str, Any] | None:
    """A person on the review's team, with their role in it, or None."""
    return next(
        get_db().query(
            """SELECT users.id, users.name, m.team_role FROM review_members m
            JOIN users ON users.id = m.user_id WHERE m.review_id = ? AND m.user_id = ?""",
            [review_id, user_id],
        ),
        None,
    )


def remove_member(review_id: int, user_id: int) -> bool:
    with write_transaction() as db:
        cursor = db.execute(
            "DELETE FROM review_members WHERE review_id = ? AND user_id = ?", [review_id, user_id]
        )
        return cursor.rowcount > 0
