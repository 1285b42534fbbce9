"""Reviews as each person may see them. Every lookup is scoped to the signed-in person."""

from __future__ import annotations

import json
from typing import Any

from flask import abort

from coproduce.auth import Role, User
from coproduce.db import get_db, now, write_transaction

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


def can_manage_people(user: User, review_id: int) -> bool:
    """The coordinator, or a PSW on this review's team, may add and assign the people to talk to."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role != Role.PSW:
        return False
    return (
        get_db()
        .execute("SELECT 1 FROM review_members WHERE review_id = ? AND user_id = ?", [review_id, user.id])
        .fetchone()
        is not None
    )


def filtered_reviews(council_id: int | None, status: str | None, year: int | None) -> list[dict[str, Any]]:
    """All reviews (for the coordinator), narrowed by the filters that are set."""
    where, params = ["1 = 1"], []
    for column, value in (
        ("reviews.council_id", council_id),
        ("reviews.status", status),
        ("reviews.year", year),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return list(
        get_db().query(
            f"""SELECT {REVIEW_COLUMNS} FROM reviews JOIN councils ON councils.id = reviews.council_id
            WHERE {" AND ".join(where)} ORDER BY reviews.year DESC, councils.name""",
            params,
        )
    )


def review_years() -> list[int]:
    return [row[0] for row in get_db().execute("SELECT DISTINCT year FROM reviews ORDER BY year DESC")]


def councils() -> list[dict[str, Any]]:
    return list(get_db().query("SELECT id, name FROM councils ORDER BY name"))


def save_review(values: dict[str, Any], review_id: int | None = None) -> int:
    with write_transaction() as db:
        if review_id is None:
            return int(db["reviews"].insert({**values, "created_at": now()}).last_pk)
        db["reviews"].update(review_id, values)
        return review_id


def participants(review_id: int) -> list[dict[str, Any]]:
    """The people to talk to, with who holds each conversation and its status."""
    return list(
        get_db().query(
            """SELECT p.*, c.id AS conversation_id, c.status, c.planned_at, c.not_held_reason,
            c.interviewer_id, c.second_interviewer_id,
            i.name AS interviewer_name, s.name AS second_name
            FROM participants p LEFT JOIN conversations c ON c.participant_id = p.id
            LEFT JOIN users i ON i.id = c.interviewer_id LEFT JOIN users s ON s.id = c.second_interviewer_id
            WHERE p.review_id = ? ORDER BY p.reference""",
            [review_id],
        )
    )


def participant_for(review_id: int, participant_id: int) -> dict[str, Any]:
    """One person to talk to in this review (the caller has already checked the review), else 404."""
    row = next(
        (row for row in participants(review_id) if row["id"] == participant_id),
        None,
    )
    if row is None:
        abort(404)
    return row


def references(review_id: int) -> set[str]:
    return {
        row[0].casefold()
        for row in get_db().execute("SELECT reference FROM participants WHERE review_id = ?", [review_id])
    }


def add_participants(review_id: int, people: list[dict[str, Any]]) -> list[str]:
    """Store people to talk to, all or none.

    Returns the references someone else added meanwhile (nothing is stored then), checked under
    the write lock so two uploads at once cannot clash.
    """
    stamp = now()
    with write_transaction() as db:
        taken = references(review_id)
        clashes = [person["reference"] for person in people if person["reference"].casefold() in taken]
        if clashes:
            return clashes
        db["participants"].insert_all(
            {
                "review_id": review_id,
                "reference": person["reference"],
                "contact_mode": person["contact_mode"],
                "language": person["language"],
                "dialect": person["dialect"],
                "needs": json.dumps(person["needs"]),
                "is_carer": int(person["is_carer"]),
                "access_notes": person["access_notes"],
                "created_at": stamp,
            }
            for person in people
        )
    return []


def experts_on_team(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT users.id, users.name FROM review_members m JOIN users ON users.id = m.user_id
            WHERE m.review_id = ? AND m.team_role = 'expert_by_experience' AND users.active = 1
            ORDER BY users.name""",
            [review_id],
        )
    )


def assign(participant_id: int, interviewer_id: int, second_id: int | None, planned_at: str | None) -> int:
    """Give the conversation with this person to an expert (and maybe a second); it is made if new."""
    with write_transaction() as db:
        row = db.execute("SELECT id FROM conversations WHERE participant_id = ?", [participant_id]).fetchone()
        values = {
            "interviewer_id": interviewer_id,
            "second_interviewer_id": second_id,
            "planned_at": planned_at,
        }
        if row is None:
            return int(db["conversations"].insert({"participant_id": participant_id, **values}).last_pk)
        db.execute(
            """UPDATE conversations SET interviewer_id = ?, second_interviewer_id = ?, planned_at = ?,
            version = version + 1 WHERE id = ?""",
            [interviewer_id, second_id, planned_at, row[0]],
        )
        return int(row[0])


def mark_not_held(conversation_id: int, reason: str, note: str | None) -> None:
    with write_transaction() as db:
        db.execute(
            """UPDATE conversations SET status = 'did_not_take_place', not_held_reason = ?, not_held_note = ?,
            version = version + 1 WHERE id = ?""",
            [reason, note, conversation_id],
        )
