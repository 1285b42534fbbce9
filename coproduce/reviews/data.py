"""Reviews as each person may see them. Every lookup is scoped to the signed-in person."""

from __future__ import annotations

from typing import Any

from flask import abort

from coproduce.auth import Role, User
from coproduce.db import get_db

REVIEW_COLUMNS = """reviews.*, councils.name AS council_name"""


def _visible_clause(user: User) -> tuple[str, list[Any]]:
    """SQL that limits `reviews` to the ones this person may see."""
    if user.role == Role.COORDINATOR:
        return "1 = 1", []
    if user.role == Role.AUTHORITY_CONTACT:
        return "reviews.council_id = ?", [user.council_id]
    return "reviews.id IN (SELECT review_id FROM review_members WHERE user_id = ?)", [user.id]


def visible_reviews(user: User) -> list[dict[str, Any]]:
    where, params = _visible_clause(user)
    return list(
        get_db().query(
            f"""SELECT {REVIEW_COLUMNS} FROM reviews JOIN councils ON councils.id = reviews.council_id
            WHERE {where} ORDER BY reviews.year DESC, councils.name""",
            params,
        )
    )


def review_for(user: User, review_id: int) -> dict[str, Any]:
    """The review if this person may see it; otherwise a 404, so ids cannot be probed."""
    where, params = _visible_clause(user)
    row = next(
        get_db().query(
            f"""SELECT {REVIEW_COLUMNS} FROM reviews JOIN councils ON councils.id = reviews.council_id
            WHERE reviews.id = ? AND {where}""",
            [review_id, *params],
        ),
        None,
    )
    if row is None:
        abort(404)
    return row


def conversation_counts(review_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each review, how many conversations are in each status (and 'total')."""
    counts: dict[int, dict[str, int]] = {review_id: {"total": 0} for review_id in review_ids}
    if not review_ids:
        return counts
    marks = ", ".join("?" for _ in review_ids)
    for row in get_db().query(
        f"""SELECT p.review_id, c.status, count(*) AS n FROM conversations c
        JOIN participants p ON p.id = c.participant_id
        WHERE p.review_id IN ({marks}) GROUP BY p.review_id, c.status""",
        review_ids,
    ):
        counts[row["review_id"]][row["status"]] = row["n"]
        counts[row["review_id"]]["total"] += row["n"]
    return counts


def team(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT users.id, users.name, users.role, m.team_role FROM review_members m
            JOIN users ON users.id = m.user_id WHERE m.review_id = ?
            ORDER BY CASE m.team_role WHEN 'lead_psw' THEN 0 WHEN 'psw' THEN 1 WHEN 'host_psw' THEN 2
            WHEN 'expert_by_experience' THEN 3 ELSE 4 END, users.name""",
            [review_id],
        )
    )


def assignments_for(user: User) -> list[dict[str, Any]]:
    """The conversations this expert by experience holds (or co-holds), soonest first."""
    return list(
        get_db().query(
            """SELECT c.id, c.status, c.planned_at, p.reference, p.language, p.contact_mode, p.needs,
            councils.name AS council_name, reviews.id AS review_id
            FROM conversations c JOIN participants p ON p.id = c.participant_id
            JOIN reviews ON reviews.id = p.review_id JOIN councils ON councils.id = reviews.council_id
            WHERE ? IN (c.interviewer_id, c.second_interviewer_id) AND c.withdrawn_at IS NULL
            ORDER BY c.status = 'submitted', c.planned_at IS NULL, c.planned_at""",
            [user.id],
        )
    )
