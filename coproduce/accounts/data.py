"""The people who use the app: their records and preferences."""

from __future__ import annotations

from coproduce.db import write_transaction


def set_locale(user_id: int, code: str) -> None:
    with write_transaction() as db:
        db.execute("UPDATE users SET locale = ? WHERE id = ?", [code, user_id])
