"""Writing the action plan (the council's decision, owner and actions for each recommendation) and
the six-month follow-up meeting the lead PSW records, and what is due. The report reads the plan
(`report.data.action_plan`, `report.data.meeting`). Every function takes a review the caller has
already scoped with `reviews.data.review_for`."""

from __future__ import annotations

from datetime import date
from typing import Any

from coproduce.db import get_db, now, write_transaction


def decide(finding_id: int, user_id: int, decision: str, reason: str, owner: str) -> None:
    with write_transaction() as db:
        db["action_plans"].upsert(
            {
                "finding_id": finding_id,
                "decision": decision,
                "reason": reason.strip() or None,
                "owner": owner.strip() or None,
                "recorded_by": user_id,
                "recorded_at": now(),
            },
            pk="finding_id",
        )


def add_action(finding_id: int, user_id: int, what: str, due: date, baseline: str) -> None:
    with write_transaction() as db:
        db["actions"].insert(
            {
                "finding_id": finding_id,
                "what": what.strip(),
                "due": due.isoformat(),
                "baseline": baseline.strip(),
                "created_by": user_id,
                "created_at": now(),
            }
        )


def record_meeting(review_id: int, user_id: int, values: dict[str, Any], statuses: dict[int, str]) -> None:
    """Record (or correct) the six-month meeting and a status for each of the review's actions."""
    with write_transaction() as db:
        db["follow_up_meetings"].upsert(
            {**values, "review_id": review_id, "recorded_by": user_id, "recorded_at": now()},
            pk="review_id",
        )
        meeting_id = db.execute(
            "SELECT id FROM follow_up_meetings WHERE review_id = ?", [review_id]
        ).fetchone()[0]
        for action_id, status in statuses.items():
            db.execute(
                """INSERT INTO meeting_actions (meeting_id, action_id, status)
                SELECT ?, a.id, ? FROM actions a JOIN findings f ON f.id = a.finding_id
                WHERE a.id = ? AND f.review_id = ?
                ON CONFLICT (meeting_id, action_id) DO UPDATE SET status = excluded.status""",
                [meeting_id, status, action_id, review_id],
            )


def actions_due(council_id: int | None = None, today: str | None = None) -> list[dict[str, Any]]:
    """Actions whose date has come and that no six-month meeting marked done or no longer planned,
    across councils (or for one council)."""
    today = today or date.today().isoformat()
    where, params = "", [today]
    if council_id is not None:
        where, params = " AND r.council_id = ?", [today, council_id]
    return list(
        get_db().query(
            f"""SELECT a.id, a.what, a.due, a.baseline, f.id AS finding_id, f.title, f.review_id, r.year,
            co.name AS council_name, ap.owner, ma.status FROM actions a
            JOIN findings f ON f.id = a.finding_id JOIN reviews r ON r.id = f.review_id
            JOIN councils co ON co.id = r.council_id LEFT JOIN action_plans ap ON ap.finding_id = f.id
            LEFT JOIN follow_up_meetings m ON m.review_id = r.id
            LEFT JOIN meeting_actions ma ON ma.meeting_id = m.id AND ma.action_id = a.id
            WHERE a.due <= ? AND coalesce(ma.status, 'not_started') NOT IN ('done', 'no_longer_planned')
            {where} ORDER BY a.due, co.name""",
            params,
        )
    )


def meetings_due(today: str | None = None) -> list[dict[str, Any]]:
    """Reviews whose six-month follow-up date has come (their first recommendation's) with no
    meeting recorded yet."""
    today = today or date.today().isoformat()
    return list(
        get_db().query(
            """SELECT r.id AS review_id, r.year, co.name AS council_name, min(f.follow_up_due) AS due
            FROM reviews r JOIN councils co ON co.id = r.council_id JOIN findings f ON f.review_id = r.id
            WHERE f.kind = 'recommendation' AND f.status = 'signed_off' AND f.follow_up_due IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM follow_up_meetings m WHERE m.review_id = r.id)
            GROUP BY r.id HAVING min(f.follow_up_due) <= ? ORDER BY due""",
            [today],
        )
    )
