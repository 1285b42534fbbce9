"""Follow-up of signed-off recommendations: progress recorded by the council, and what is overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from coproduce.db import get_db, now, write_transaction


def record_follow_up(
    finding_id: int, user_id: int, progress: str, reason: str, evidence_note: str, owner: str
) -> None:
    with write_transaction() as db:
        db["follow_ups"].insert(
            {
                "finding_id": finding_id,
                "recorded_by": user_id,
                "recorded_at": now(),
                "progress": progress,
                "reason": reason.strip() or None,
                "evidence": evidence_note.strip() or None,
            }
        )
        if owner.strip():
            db.execute("UPDATE findings SET owner = ? WHERE id = ?", [owner.strip(), finding_id])


def overdue(today: str | None = None) -> list[dict[str, Any]]:
    """Signed-off recommendations past their follow-up date and not yet done or closed, across councils."""
    today = today or date.today().isoformat()
    return list(
        get_db().query(
            """SELECT f.id, f.title, f.owner, f.follow_up_due, f.review_id, r.year, co.name AS council_name,
            (SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
             ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1) AS progress
            FROM findings f JOIN reviews r ON r.id = f.review_id JOIN councils co ON co.id = r.council_id
            WHERE f.kind = 'recommendation' AND f.status = 'signed_off' AND f.follow_up_due < ?
            AND coalesce((SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
                 ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1), 'not_started')
                 NOT IN ('done', 'not_doing')
            ORDER BY f.follow_up_due, co.name""",
            [today],
        )
    )
