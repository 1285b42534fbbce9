"""The self-assessment's answers and the review's documents.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import abort

from coproduce.db import get_db, now, write_transaction
from coproduce.question_sets import QuestionSet, latest, version_of


def template_of(review_id: int) -> QuestionSet:
    """The self-assessment the review's answers were given on, or the latest for a new one."""
    row = (
        get_db()
        .execute(
            "SELECT template, template_version FROM self_assessment_answers WHERE review_id = ? LIMIT 1",
            [review_id],
        )
        .fetchone()
    )
    return version_of("self-assessment", row[0], row[1]) if row else latest("self-assessment")


def answers(review_id: int) -> dict[str, dict[str, Any]]:
    """The review's answers by question key, each with who gave it last and when."""
    return {
        row["question_key"]: row
        for row in get_db().query(
            """SELECT sa.*, u.name FROM self_assessment_answers sa JOIN users u ON u.id = sa.updated_by
            WHERE sa.review_id = ?""",
            [review_id],
        )
    }


def fingerprint(text: str | None) -> str:
    """A short fingerprint of an answer as someone saw it (empty for no answer), so a save can tell
    whether someone else changed the answer since."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text else ""


def save_answers(
    review_id: int, values: dict[str, str], seen: dict[str, str], user_id: int
) -> dict[str, str]:
    """Keep each changed answer (an emptied one goes, with its codings). An answer someone else
    changed since this person saw it (`seen`: fingerprints by key) is not overwritten: it comes
    back, by key, for them to choose. Two people typing the same words is no conflict."""
    template = template_of(review_id)
    stamp = now()
    conflicts = {}
    with write_transaction() as db:
        for key, text in values.items():
            text = text.strip()
            row = db.execute(
                "SELECT answer FROM self_assessment_answers WHERE review_id = ? AND question_key = ?",
                [review_id, key],
            ).fetchone()
            current = row[0] if row else None
            if fingerprint(current) != seen.get(key, "") and (current or "") != text:
                conflicts[key] = current or ""
                continue
            if not text:
                db.execute(
                    "DELETE FROM self_assessment_answers WHERE review_id = ? AND question_key = ?",
                    [review_id, key],
                )
                continue
            db.execute(
                """INSERT INTO self_assessment_answers (review_id, template, template_version, question_key,
                answer, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (review_id, question_key) DO UPDATE SET answer = excluded.answer,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
                WHERE answer != excluded.answer""",
                [review_id, template.slug, template.version, key, text, user_id, stamp],
            )
    return conflicts


def documents(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT d.id, d.name, d.file_type, d.size, d.uploaded_at, u.name AS uploaded_by
            FROM review_documents d JOIN users u ON u.id = d.uploaded_by WHERE d.review_id = ?
            ORDER BY d.uploaded_at, d.id""",
            [review_id],
        )
    )


def add_document(review_id: int, name: str, file_type: str, content: bytes, user_id: int) -> int:
    with write_transaction() as db:
        return (
            db["review_documents"]
            .insert(
                {
                    "review_id": review_id,
                    "name": name,
                    "file_type": file_type,
                    "size": len(content),
                    "content": content,
                    "uploaded_by": user_id,
                    "uploaded_at": now(),
                }
            )
            .last_pk
        )


def document_in(review_id: int, document_id: int) -> dict[str, Any]:
    row = next(
        get_db().query(
            "SELECT * FROM review_documents WHERE id = ? AND review_id = ?", [document_id, review_id]
        ),
        None,
    )
    if row is None:
        abort(404)
    return row


def delete_document(review_id: int, document_id: int) -> None:
    """Delete a document for good (secure_delete zeroes its content on disk: see db.connect)."""
    with write_transaction() as db:
        db.execute("DELETE FROM review_documents WHERE id = ? AND review_id = ?", [document_id, review_id])
