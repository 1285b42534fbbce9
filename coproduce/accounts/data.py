"""The people who use the app: their records and preferences."""

from __future__ import annotations

import base64
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp

from coproduce.auth import derived_secret
from coproduce.db import get_db, write_transaction


def set_locale(user_id: int, code: str) -> None:
    with write_transaction() as db:
        db.execute("UPDATE users SET locale = ? WHERE id = ?", [code, user_id])


def user_by_id(user_id: int) -> dict[str, Any] | None:
    return next(get_db().query("SELECT * FROM users WHERE id = ? AND active = 1", [user_id]), None)


def totp_secret_for_setup(user_id: int, nonce: str) -> str:
    """The key offered while a person sets up their authenticator app: the same on every page of
    the setup, made from a nonce in their session cookie (never the key itself; see auth.py)."""
    return base64.b32encode(derived_secret(f"totp-setup:{user_id}", nonce)[:20]).decode()


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="coproduce")


def totp_step(secret: str, code: str, after_step: int | None = None) -> int | None:
    """The time step the code belongs to (now, or 30 seconds either side), or None.

    A step at or before `after_step` (the last one used) is refused, so a code works only once.
    """
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    moment = datetime.now(UTC)
    for offset in (0, -1, 1):
        at = moment + timedelta(seconds=30 * offset)
        step = totp.timecode(at)
        if hmac.compare_digest(totp.at(at), code) and (after_step is None or step > after_step):
            return step
    return None


def use_totp_step(user_id: int, step: int) -> bool:
    """Record the step as used; False when another request used it (or a later one) first."""
    with write_transaction() as db:
        cursor = db.execute(
            """UPDATE users SET totp_last_step = ?
            WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)""",
            [step, user_id, step],
        )
        return cursor.rowcount == 1


def set_totp_secret(user_id: int, secret: str | None, step: int | None = None) -> None:
    with write_transaction() as db:
        db.execute(
            "UPDATE users SET totp_secret = ?, totp_last_step = ? WHERE id = ?", [secret, step, user_id]
        )


def two_factor_required(role: str) -> bool:
    from coproduce.privacy.data import two_factor_required_roles

    return role in two_factor_required_roles()
