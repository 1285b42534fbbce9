"""Practitioner and manager sessions: kind, date, who attended by role, notes for each prompt of the
regional prompt set, and the key messages agreed.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

import json
from typing import Any

from flask import abort

from coproduce.db import get_db, now, write_transaction
from coproduce.question_sets import QuestionSet, latest, version_of


class Changed(Exception):
    """The session was saved elsewhere since this form was opened."""


def prompts_of(session: dict[str, Any] | None = None) -> QuestionSet:
    """The prompt set a session was recorded with, or the one a new session gets."""
    if session is None:
        return latest("sessions")
    return version_of("sessions", session["prompt_set"], session["prompt_version"])


def sessions(review_id: int) -> list[dict[str, Any]]:
    """The review's sessions by date, each with how many attended."""
    rows = list(
        get_db().query(
            "SELECT * FROM practice_sessions WHERE review_id = ? ORDER BY held_on, id", [review_id]
        )
    )
    for row in rows:
        row["attended"] = sum(json.loads(row["attendance"]).values())
    return rows


def session_in(review_id: int, session_id: int) -> dict[str, Any]:
    row = next(
        get_db().query(
            "SELECT * FROM practice_sessions WHERE id = ? AND review_id = ?", [session_id, review_id]
        ),
        None,
    )
    if row is None:
        abort(404)
    row["attendance"] = json.loads(row["attendance"])
    row["notes"] = {
        r["prompt_key"]: r["notes"]
        for r in get_db().query("SELECT * FROM session_notes WHERE session_id = ?", [session_id])
    }
    return row


def save_session(
    review_id: int,
    session_id: int | None,
    version: int,
    values: dict[str, Any],
    notes: dict[str, str],
    user_id: int,
) -> int:
    """Add a session, or change one still at `version` (else Changed). `values` has kind, held_on,
    attendance (numbers by role) and key_messages; `notes` the notes by prompt key."""
    row = {
        "kind": values["kind"],
        "held_on": values["held_on"],
        "attendance": json.dumps({role: n for role, n in values["attendance"].items() if n}),
        "key_messages": (values["key_messages"] or "").strip() or None,
    }
    with write_transaction() as db:
        if session_id is None:
            prompts = prompts_of()
            session_id = (
                db["practice_sessions"]
                .insert(
                    {
                        "review_id": review_id,
                        **row,
                        "prompt_set": prompts.slug,
                        "prompt_version": prompts.version,
                        "recorded_by": user_id,
                        "created_at": now(),
                    }
                )
                .last_pk
            )
        else:
            sets = ", ".join(f"{column} = ?" for column in row)
            changed = db.execute(
                f"""UPDATE practice_sessions SET {sets}, version = version + 1
                WHERE id = ? AND review_id = ? AND version = ?""",
                [*row.values(), session_id, review_id, version],
            ).rowcount
            if not changed:
                raise Changed
        for key, text in notes.items():
            if text.strip():
                db.execute(
                    """INSERT INTO session_notes (session_id, prompt_key, notes) VALUES (?, ?, ?)
                    ON CONFLICT (session_id, prompt_key) DO UPDATE SET notes = excluded.notes""",
                    [session_id, key, text.strip()],
                )
            else:
                db.execute(
                    "DELETE FROM session_notes WHERE session_id = ? AND prompt_key = ?", [session_id, key]
                )
    return session_id
