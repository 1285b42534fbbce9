"""Findings and their evidence: strengths, areas for consideration and recommendations.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import abort
from wtforms.fields.choices import SelectChoice

from coproduce.analysis.data import CODED_ANSWER, question_texts
from coproduce.capture.held import HELD, joined
from coproduce.db import get_db, now, write_transaction
from coproduce.findings import sources_data

# The conversations each finding's evidence comes from, for the findings in a `scope` CTE (ids).
EVIDENCE_CONVERSATIONS = f"""
    SELECT fe.finding_id, a.conversation_id FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN answers a ON a.id = fe.answer_id
    UNION SELECT fe.finding_id, a.conversation_id
        FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN quotes q ON q.id = fe.quote_id JOIN answers a ON a.id = q.answer_id
    UNION SELECT fe.finding_id, a.conversation_id
        FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN codings cd ON cd.theme_id = fe.theme_id {CODED_ANSWER}
"""


def findings(review_id: int, signed_off_only: bool = False, kind: str | None = None) -> list[dict[str, Any]]:
    """The review's findings, each with what its evidence rests on: distinct people, case records,
    practitioner and manager sessions, the self-assessment, and how many kinds of source."""
    where = " AND f.status = 'signed_off'" if signed_off_only else ""
    params: list[Any] = [review_id, review_id, review_id]
    if kind:
        where += " AND f.kind = ?"
        params.append(kind)
    rows = list(
        get_db().query(
            f"""WITH scope AS (SELECT id FROM findings WHERE review_id = ?), ev AS ({EVIDENCE_CONVERSATIONS}),
            people AS (SELECT ev.finding_id, count(DISTINCT p.id) AS n FROM ev {joined("ev.conversation_id")}
                WHERE p.review_id = ? AND {HELD} GROUP BY ev.finding_id)
            SELECT f.*, coalesce(people.n, 0) AS people, u.name AS proposed_by_name,
            s.name AS signed_off_by_name,
            (SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
             ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1) AS progress
            FROM findings f JOIN users u ON u.id = f.proposed_by LEFT JOIN users s ON s.id = f.signed_off_by
            LEFT JOIN people ON people.finding_id = f.id
            WHERE f.review_id = ?{where}
            ORDER BY CASE f.kind WHEN 'strength' THEN 0 WHEN 'area_for_consideration' THEN 1 ELSE 2 END,
            f.id""",
            params,
        )
    )
    others = sources_data.rests_on(review_id)
    for row in rows:
        row.update(others.get(row["id"], dict.fromkeys(sources_data.OTHER_SOURCES, 0)))
        row["sources"] = sources_data.sources_count(row)
    return rows


def finding_in(review_id: int, finding_id: int, signed_off_only: bool = False) -> dict[str, Any]:
    rows = [f for f in findings(review_id, signed_off_only) if f["id"] == finding_id]
    if not rows:
        abort(404)
    return rows[0]


def evidence(review_id: int, finding_id: int) -> dict[str, list[dict[str, Any]]]:
    db = get_db()
    texts = question_texts(review_id)
    quotes = list(
        db.query(
            f"""SELECT fe.id AS evidence_id, q.id, q.text, q.kind, p.reference, a.question_key
            FROM finding_evidence fe
            JOIN quotes q ON q.id = fe.quote_id JOIN answers a ON a.id = q.answer_id
            {joined("a.conversation_id")} WHERE fe.finding_id = ? AND {HELD} ORDER BY p.reference""",
            [finding_id],
        )
    )
    answers = list(
        db.query(
            f"""SELECT fe.id AS evidence_id, a.id, a.rating, a.notes, p.reference, a.question_key
            FROM finding_evidence fe JOIN answers a ON a.id = fe.answer_id
            {joined("a.conversation_id")} WHERE fe.finding_id = ? AND {HELD} ORDER BY p.reference""",
            [finding_id],
        )
    )
    for row in quotes + answers:
        row["question"] = texts.get(row["question_key"], row["question_key"])
    theme_rows = list(
        db.query(
            """SELECT fe.id AS evidence_id, t.id, t.name, t.description FROM finding_evidence fe
            JOIN themes t ON t.id = fe.theme_id WHERE fe.finding_id = ? ORDER BY t.name""",
            [finding_id],
        )
    )
    return {"quotes": quotes, "answers": answers, "themes": theme_rows}


def reflections(review_id: int, finding_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The experts by experience's reflections on the conversations each finding's evidence comes from."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not finding_ids:
        return out
    marks = ", ".join("?" for _ in finding_ids)
    for row in get_db().query(
        f"""WITH scope AS (SELECT id FROM findings WHERE review_id = ? AND id IN ({marks})),
        ev AS ({EVIDENCE_CONVERSATIONS})
        SELECT DISTINCT ev.finding_id, c.id, p.reference, c.reflection_noticed, c.reflection_change,
        u.name AS expert FROM ev {joined("ev.conversation_id")} JOIN users u ON u.id = c.interviewer_id
        WHERE p.review_id = ? AND {HELD}
        AND (coalesce(c.reflection_noticed, '') != '' OR coalesce(c.reflection_change, '') != '')
        ORDER BY p.reference""",
        [review_id, *finding_ids, review_id],
    ):
        out[row["finding_id"]].append(row)
    return out


def comments(finding_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT fc.*, u.name, u.role FROM finding_comments fc JOIN users u ON u.id = fc.user_id
            WHERE fc.finding_id = ? ORDER BY fc.created_at, fc.id""",
            [finding_id],
        )
    )


def add_finding(review_id: int, kind: str, title: str, body: str, owner: str, user_id: int) -> int:
    with write_transaction() as db:
        return (
            db["findings"]
            .insert(
                {
                    "review_id": review_id,
                    "kind": kind,
                    "title": title.strip(),
                    "body": body.strip(),
                    "owner": (owner or "").strip() or None,
                    "proposed_by": user_id,
                    "created_at": now(),
                }
            )
            .last_pk
        )


def update_finding(finding_id: int, kind: str, title: str, body: str, owner: str) -> None:
    with write_transaction() as db:
        db.execute(
            "UPDATE findings SET kind = ?, title = ?, body = ?, owner = ? WHERE id = ? AND status = 'draft'",
            [kind, title.strip(), body.strip(), (owner or "").strip() or None, finding_id],
        )


def add_comment(finding_id: int, user_id: int, body: str) -> None:
    with write_transaction() as db:
        db["finding_comments"].insert(
            {"finding_id": finding_id, "user_id": user_id, "body": body.strip(), "created_at": now()}
        )


def evidence_choices(review_id: int, theme_id: int | None) -> dict[str, list[SelectChoice]]:
    """What can be linked: quotes and answers (those coded with a theme, when one is chosen), and themes."""
    db = get_db()
    texts = question_texts(review_id)
    params: list[Any] = [review_id]
    answer_filter = quote_filter = ""
    if theme_id:
        answer_filter = " AND a.id IN (SELECT answer_id FROM codings WHERE theme_id = ?)"
        quote_filter = " AND q.id IN (SELECT quote_id FROM codings WHERE theme_id = ?)"
        params.append(theme_id)
    quotes = [
        SelectChoice(f"quote-{r['id']}", f"{r['reference']}: “{r['text']}”")
        for r in db.query(
            f"""SELECT q.id, q.text, p.reference FROM quotes q JOIN answers a ON a.id = q.answer_id
            {joined("a.conversation_id")} WHERE p.review_id = ? AND {HELD}{quote_filter}
            ORDER BY p.reference, q.id""",
            params,
        )
    ]
    answers: list[SelectChoice] = []
    if theme_id:  # every answer of a large review would be too many to tick through
        answers = [
            SelectChoice(
                f"answer-{r['id']}",
                f"{r['reference']}: {texts.get(r['question_key'], r['question_key'])} "
                f"({r['rating'] or '–'}) {r['notes'] or ''}".strip(),
            )
            for r in db.query(
                f"""SELECT a.id, a.question_key, a.rating, a.notes, p.reference FROM answers a
                {joined("a.conversation_id")} WHERE p.review_id = ? AND {HELD}
                AND (coalesce(a.notes, '') != '' OR a.rating IS NOT NULL){answer_filter}
                ORDER BY p.reference, a.id""",
                params,
            )
        ]
    return {"quotes": quotes, "answers": answers}


def add_evidence(review_id: int, finding_id: int, items: list[str]) -> int:
    """Link quotes, answers and themes (given as 'quote-ID', 'answer-ID', 'theme-ID') to a draft finding."""
    db = get_db()
    added = 0
    with write_transaction(db):
        for item in items:
            kind, _, raw = item.partition("-")
            if kind not in ("quote", "answer", "theme") or not raw.isdigit():
                continue
            item_id = int(raw)
            if kind == "theme":
                ok = db.execute(
                    "SELECT 1 FROM themes WHERE id = ? AND review_id = ? AND merged_into IS NULL",
                    [item_id, review_id],
                ).fetchone()
            else:
                join = "quotes q JOIN answers a ON a.id = q.answer_id" if kind == "quote" else "answers a"
                ok = db.execute(
                    f"""SELECT 1 FROM {join} {joined("a.conversation_id")}
                    WHERE {"q" if kind == "quote" else "a"}.id = ? AND p.review_id = ? AND {HELD}""",
                    [item_id, review_id],
                ).fetchone()
            column = f"{kind}_id"
            if (
                not ok
                or db.execute(
                    f"SELECT 1 FROM finding_evidence WHERE finding_id = ? AND {column} = ?",
                    [finding_id, item_id],
                ).fetchone()
            ):
                continue
            db["finding_evidence"].insert({"finding_id": finding_id, column: item_id})
            added += 1
    return added


def remove_evidence(finding_id: int, evidence_id: int) -> None:
    with write_transaction() as db:
        db.execute("DELETE FROM finding_evidence WHERE id = ? AND finding_id = ?", [evidence_id, finding_id])


def follow_up_due(review: dict[str, Any], signed_on: date) -> str:
    """Six months after the report (its due date, or the sign-off day when there is none)."""
    base = date.fromisoformat(review["report_due"]) if review.get("report_due") else signed_on
    month = base.month + 6
    year, month = base.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(base.day, 28)).isoformat()


def sign_off(review: dict[str, Any], finding_id: int, user_id: int) -> None:
    stamp = now()
    with write_transaction() as db:
        db.execute(
            """UPDATE findings SET status = 'signed_off', signed_off_by = ?, signed_off_at = ?,
            follow_up_due = CASE WHEN kind = 'recommendation' THEN ? END WHERE id = ? AND status = 'draft'""",
            [user_id, stamp, follow_up_due(review, date.fromisoformat(stamp[:10])), finding_id],
        )


def is_lead(review_id: int, user_id: int) -> bool:
    return (
        get_db()
        .execute(
            "SELECT 1 FROM review_members WHERE review_id = ? AND user_id = ? AND team_role = 'lead_psw'",
            [review_id, user_id],
        )
        .fetchone()
        is not None
    )


def follow_ups(finding_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT fu.*, u.name FROM follow_ups fu JOIN users u ON u.id = fu.recorded_by
            WHERE fu.finding_id = ? ORDER BY fu.recorded_at DESC, fu.id DESC""",
            [finding_id],
        )
    )
