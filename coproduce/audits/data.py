"""Case file audits and the review's own focus questions.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed. An audit names a case record by its
reference (never a name); when the experts by experience talked with the person of that record,
the record and the conversation are shown side by side."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import abort

from coproduce.capture.held import FROM_REVIEW, HELD
from coproduce.db import get_db, now, write_transaction
from coproduce.question_sets import QuestionSet, latest, version_of

# Audits each PSW is asked to do by default.
AUDITS_EACH = 10


class Changed(Exception):
    """The audit was saved elsewhere (another tab) since this form was opened."""


def template_of(audit: dict[str, Any] | None = None) -> QuestionSet:
    """The template an audit was made with, or the one a new audit gets."""
    if audit is None:
        return latest("audit")
    return version_of("audit", audit["template"], audit["template_version"])


def focus_questions(review_id: int) -> list[dict[str, Any]]:
    """The questions the review added for its focus, each keyed "focus-ID" under a domain."""
    rows = list(
        get_db().query("SELECT * FROM audit_focus_questions WHERE review_id = ? ORDER BY id", [review_id])
    )
    for row in rows:
        row["key"] = f"focus-{row['id']}"
    return rows


def add_focus_question(review_id: int, domain: str, text: str) -> None:
    with write_transaction() as db:
        db["audit_focus_questions"].insert(
            {"review_id": review_id, "domain": domain, "text": text.strip(), "created_at": now()}
        )


def audits(review_id: int) -> list[dict[str, Any]]:
    """The review's audits by reference, each with its auditor, how many questions it rated, and
    whether the person of the record had a conversation."""
    return list(
        get_db().query(
            f"""SELECT ca.id, ca.reference, ca.status, ca.auditor_id, u.name AS auditor, ca.updated_at,
            (SELECT count(*) FROM audit_ratings ar WHERE ar.audit_id = ca.id AND ar.rating IS NOT NULL)
                AS rated,
            (SELECT count(*) FROM case_audits o WHERE o.review_id = ca.review_id
             AND o.reference = ca.reference) AS auditors,
            (SELECT c.id FROM {FROM_REVIEW} WHERE p.review_id = ca.review_id
             AND p.reference = ca.reference AND {HELD}) AS conversation_id
            FROM case_audits ca JOIN users u ON u.id = ca.auditor_id
            WHERE ca.review_id = ? ORDER BY ca.reference, u.name""",
            [review_id],
        )
    )


def by_auditor(review_id: int) -> list[dict[str, Any]]:
    """Each PSW on the team with how many audits they have and how many are done."""
    return list(
        get_db().query(
            """SELECT u.id, u.name, count(ca.id) AS audits,
            count(CASE WHEN ca.status = 'done' THEN 1 END) AS done
            FROM review_members m JOIN users u ON u.id = m.user_id
            LEFT JOIN case_audits ca ON ca.auditor_id = u.id AND ca.review_id = m.review_id
            WHERE m.review_id = ? AND u.role = 'psw' AND u.active = 1 GROUP BY u.id ORDER BY u.name""",
            [review_id],
        )
    )


def auditor_ids(review_id: int) -> set[int]:
    return {row["id"] for row in by_auditor(review_id)}


def add_audit(review_id: int, reference: str, auditor_id: int) -> int | None:
    """Assign one case record to one PSW; None when that PSW already audits it."""
    template = template_of()
    with write_transaction() as db:
        if db.execute(
            "SELECT 1 FROM case_audits WHERE review_id = ? AND reference = ? AND auditor_id = ?",
            [review_id, reference.strip(), auditor_id],
        ).fetchone():
            return None
        return (
            db["case_audits"]
            .insert(
                {
                    "review_id": review_id,
                    "reference": reference.strip(),
                    "auditor_id": auditor_id,
                    "template": template.slug,
                    "template_version": template.version,
                    "created_at": now(),
                }
            )
            .last_pk
        )


def audit_in(review_id: int, audit_id: int) -> dict[str, Any]:
    row = next(
        get_db().query(
            """SELECT ca.*, u.name AS auditor FROM case_audits ca JOIN users u ON u.id = ca.auditor_id
            WHERE ca.id = ? AND ca.review_id = ?""",
            [audit_id, review_id],
        ),
        None,
    )
    if row is None:
        abort(404)
    return row


def ratings(audit_id: int) -> dict[str, dict[str, Any]]:
    """An audit's ratings and notes by question key."""
    return {
        row["question_key"]: row
        for row in get_db().query("SELECT * FROM audit_ratings WHERE audit_id = ?", [audit_id])
    }


def questions(review_id: int, audit: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The audit's questions in order, grouped by domain: the template's, then the review's own
    focus questions at the end of their domain. Each has key, text, domain (key and title), cqc and
    whether it is the review's own (its text is not translated)."""
    template = template_of(audit)
    extra: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in focus_questions(review_id):
        extra[row["domain"]].append(row)
    out = []
    for section in template.sections:
        for question in section.questions:
            out.append(
                {"key": question.key, "text": question.text, "domain": section.key,
                 "domain_title": section.title, "cqc": question.cqc, "own": False}
            )  # fmt: skip
        for row in extra[section.key]:
            out.append(
                {"key": row["key"], "text": row["text"], "domain": section.key,
                 "domain_title": section.title, "cqc": (), "own": True}
            )  # fmt: skip
    return out


def save_audit(audit_id: int, version: int, values: dict[str, tuple[str | None, str]], done: bool) -> None:
    """Save every question's rating and notes if the audit is still at `version`, else Changed."""
    stamp = now()
    with write_transaction() as db:
        changed = db.execute(
            """UPDATE case_audits SET status = ?, updated_at = ?, version = version + 1
            WHERE id = ? AND version = ?""",
            ["done" if done else "in_progress", stamp, audit_id, version],
        ).rowcount
        if not changed:
            raise Changed
        for key, (rating, notes) in values.items():
            db.execute(
                """INSERT INTO audit_ratings (audit_id, question_key, rating, notes) VALUES (?, ?, ?, ?)
                ON CONFLICT (audit_id, question_key) DO UPDATE SET rating = excluded.rating,
                notes = excluded.notes""",
                [audit_id, key, rating or None, notes.strip() or None],
            )


def record(review_id: int, reference: str) -> list[dict[str, Any]]:
    """Every audit of one case record, each with its ratings (for moderation)."""
    rows = list(
        get_db().query(
            """SELECT ca.*, u.name AS auditor FROM case_audits ca JOIN users u ON u.id = ca.auditor_id
            WHERE ca.review_id = ? AND ca.reference = ? ORDER BY ca.id""",
            [review_id, reference],
        )
    )
    for row in rows:
        row["ratings"] = ratings(row["id"])
    return rows


def differences(audits_of_record: list[dict[str, Any]], keys: list[str]) -> set[str]:
    """The questions two or more auditors rated differently."""
    return {
        key
        for key in keys
        if len({(a["ratings"].get(key) or {}).get("rating") for a in audits_of_record}) > 1
    }


def conversation_of(review_id: int, reference: str) -> dict[str, Any] | None:
    """The held conversation with the person of this case record, if there was one."""
    return next(
        get_db().query(
            f"""SELECT c.* FROM {FROM_REVIEW} WHERE p.review_id = ? AND p.reference = ?
            AND {HELD}""",
            [review_id, reference],
        ),
        None,
    )


def ratings_by_domain(review_id: int) -> list[dict[str, Any]]:
    """How many audit ratings each domain has of each point of the scale (finished audits)."""
    return list(
        get_db().query(
            """SELECT ar.question_key, ar.rating, count(*) AS n FROM audit_ratings ar
            JOIN case_audits ca ON ca.id = ar.audit_id
            WHERE ca.review_id = ? AND ca.status = 'done' AND ar.rating IS NOT NULL
            GROUP BY ar.question_key, ar.rating""",
            [review_id],
        )
    )


def linked_records(review_id: int) -> list[dict[str, Any]]:
    """Each audited case record whose person the experts by experience talked with: how many of
    its ratings were good or adequate, and the person's average rating in the conversation."""
    return list(
        get_db().query(
            f"""SELECT ca.reference, min(ca.id) AS audit_id,
            count(CASE WHEN ar.rating IN ('good', 'adequate') THEN 1 END) AS met,
            count(CASE WHEN ar.rating != 'not_applicable' THEN 1 END) AS rated,
            (SELECT round(avg(CAST(a.rating AS REAL)), 1) FROM answers a
             WHERE a.conversation_id = c.id AND a.rating BETWEEN '1' AND '5') AS conversation_average
            FROM case_audits ca JOIN audit_ratings ar ON ar.audit_id = ca.id
            JOIN participants p ON p.review_id = ca.review_id AND p.reference = ca.reference
            JOIN conversations c ON c.participant_id = p.id
            WHERE ca.review_id = ? AND ca.status = 'done' AND {HELD}
            GROUP BY ca.reference, c.id ORDER BY ca.reference""",
            [review_id],
        )
    )
