"""What the report and the exports read that no earlier step already gives: every answer and quote
of the held conversations, the codings on them, and the experts by experience's reflections."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from coproduce.analysis.data import DIMENSIONS
from coproduce.capture.held import FROM_REVIEW, HELD, joined
from coproduce.db import get_db


def answers_and_quotes(review_id: int) -> list[dict[str, Any]]:
    """Every answer of the review's held conversations, once with each of its quotes (or once
    with none), by reference, answer and quote."""
    return list(
        get_db().query(
            f"""SELECT c.id AS conversation_id, p.reference, a.id AS answer_id, a.question_key, a.rating,
            a.choice, a.notes, q.id AS quote_id, q.text AS quote, q.kind
            FROM answers a {joined("a.conversation_id")}
            LEFT JOIN quotes q ON q.answer_id = a.id
            WHERE p.review_id = ? AND {HELD} ORDER BY p.reference, a.id, q.id""",
            [review_id],
        )
    )


def codings(review_id: int) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """The codings on live themes of the review, by the item they are on: ("answer", id) or
    ("quote", id), each with its theme's name, in the order they were made."""
    out: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in get_db().query(
        """SELECT cd.id, cd.answer_id, cd.quote_id, cd.theme_id, cd.coder_id, cd.created_at, t.name
        FROM codings cd JOIN themes t ON t.id = cd.theme_id
        WHERE t.review_id = ? AND t.merged_into IS NULL ORDER BY cd.id""",
        [review_id],
    ):
        key = ("quote", row["quote_id"]) if row["quote_id"] else ("answer", row["answer_id"])
        out[key].append(row)
    return out


def reflections(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            f"""SELECT c.id, p.reference, c.reflection_noticed, c.reflection_change, u.name AS expert,
            u.id AS expert_id
            FROM {FROM_REVIEW} JOIN users u ON u.id = c.interviewer_id WHERE p.review_id = ? AND {HELD}
            AND (coalesce(c.reflection_noticed, '') != '' OR coalesce(c.reflection_change, '') != '')
            ORDER BY u.name, p.reference""",
            [review_id],
        )
    )


def review_row(review_id: int) -> dict[str, Any] | None:
    """A review by id, for the command line (which is not a signed-in person)."""
    return next(
        get_db().query(
            """SELECT reviews.*, councils.name AS council_name FROM reviews
            JOIN councils ON councils.id = reviews.council_id WHERE reviews.id = ?""",
            [review_id],
        ),
        None,
    )


def quotes(review_id: int) -> list[dict[str, Any]]:
    """Every quote of the review's held conversations, with its conversation, the language the
    conversation was held in, its question and whether the team checked it."""
    return list(
        get_db().query(
            f"""SELECT q.id, q.text, q.kind, a.id AS answer_id, a.question_key, c.id AS conversation_id,
            p.reference, coalesce(c.language_used, c.language, p.language) AS language,
            qc.checked_at, coalesce(qc.not_for_publication, 0) AS not_for_publication
            FROM quotes q JOIN answers a ON a.id = q.answer_id {joined("a.conversation_id")}
            LEFT JOIN quote_checks qc ON qc.quote_id = q.id
            WHERE p.review_id = ? AND {HELD} ORDER BY p.reference, q.id""",
            [review_id],
        )
    )


def people(review_id: int) -> list[dict[str, Any]]:
    """The people of the review's held conversations, in the order of their reference: the order
    in which a report numbers them Person 1, Person 2 ..."""
    return list(
        get_db().query(
            f"""SELECT c.id AS conversation_id, p.reference, p.language FROM {FROM_REVIEW}
            WHERE p.review_id = ? AND {HELD} ORDER BY p.id""",
            [review_id],
        )
    )


def team_for_report(review_id: int) -> list[dict[str, Any]]:
    """The review team by role, with whether each member agreed to be named in the report."""
    return list(
        get_db().query(
            """SELECT u.id, u.name, m.team_role, m.named_in_report FROM review_members m
            JOIN users u ON u.id = m.user_id WHERE m.review_id = ? AND m.team_role != 'authority_contact'
            ORDER BY CASE m.team_role WHEN 'lead_psw' THEN 0 WHEN 'psw' THEN 1 WHEN 'host_psw' THEN 2
            ELSE 3 END, u.name""",
            [review_id],
        )
    )


def action_plan(review_id: int) -> list[dict[str, Any]]:
    """Each signed-off recommendation with the council's decision, owner and actions (each with the
    status the six-month meeting gave it, if any)."""
    db = get_db()
    rows = list(
        db.query(
            """SELECT f.id, f.title, f.body, ap.decision, ap.reason, ap.owner, ap.recorded_at
            FROM findings f LEFT JOIN action_plans ap ON ap.finding_id = f.id
            WHERE f.review_id = ? AND f.kind = 'recommendation' AND f.status = 'signed_off' ORDER BY f.id""",
            [review_id],
        )
    )
    actions: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    for action in db.query(
        """SELECT a.*, ma.status FROM actions a JOIN findings f ON f.id = a.finding_id
        LEFT JOIN follow_up_meetings m ON m.review_id = f.review_id
        LEFT JOIN meeting_actions ma ON ma.meeting_id = m.id AND ma.action_id = a.id
        WHERE f.review_id = ? ORDER BY a.due, a.id""",
        [review_id],
    ):
        actions[action["finding_id"]].append(action)
    for row in rows:
        row["actions"] = actions[row["id"]]
    return rows


def meeting(review_id: int) -> dict[str, Any] | None:
    return next(
        get_db().query(
            """SELECT m.*, u.name AS recorded_by_name FROM follow_up_meetings m
            JOIN users u ON u.id = m.recorded_by WHERE m.review_id = ?""",
            [review_id],
        ),
        None,
    )


def guid_namespace() -> uuid.UUID:
    """This installation's namespace for export GUIDs (made at random by migration m011_evidence), so two
    installations never give two different things the same GUID."""
    row = get_db().execute("SELECT value FROM meta WHERE key = 'guid_namespace'").fetchone()
    return uuid.UUID(row[0])


def conversation_facts(review_id: int) -> dict[int, dict[str, Any]]:
    """For each held conversation: the language it was held in and whether an interpreter was there."""
    return {
        row["id"]: row
        for row in get_db().query(
            f"""SELECT c.id, {DIMENSIONS["language"]} AS language, {DIMENSIONS["interpreter"]} AS interpreter
            FROM {FROM_REVIEW} WHERE p.review_id = ? AND {HELD}""",
            [review_id],
        )
    }


def users_named(ids: set[int]) -> list[dict[str, Any]]:
    """The id and name of each of these people, by name."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(
        get_db().query(f"SELECT id, name FROM users WHERE id IN ({marks}) ORDER BY name", sorted(ids))
    )
