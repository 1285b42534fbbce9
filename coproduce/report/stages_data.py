"""The report's stages and what moves it on: comments from the team and the council with the team's
answers, approvals of the final report, quote checks, and findings reopened before the report is final.

Every function takes a review the caller has already scoped with `reviews.data.review_for`."""

from __future__ import annotations

from typing import Any

from flask import abort

from coproduce.db import get_db, now, write_transaction

TEAM_ROLES = ("lead_psw", "psw", "host_psw", "expert_by_experience")


def team_role(review_id: int, user_id: int) -> str | None:
    """This person's role on the review team (lead_psw, psw, host_psw, expert_by_experience), or None."""
    row = (
        get_db()
        .execute(
            "SELECT team_role FROM review_members WHERE review_id = ? AND user_id = ? AND team_role != ?",
            [review_id, user_id, "authority_contact"],
        )
        .fetchone()
    )
    return row[0] if row else None


def set_stage(review_id: int, from_stage: str, to_stage: str) -> bool:
    """Move the report on from `from_stage`; False if it was not at that stage any more."""
    with write_transaction() as db:
        moved = db.execute(
            "UPDATE reviews SET report_stage = ? WHERE id = ? AND report_stage = ?",
            [to_stage, review_id, from_stage],
        ).rowcount
    return bool(moved)


def comments(review_id: int) -> list[dict[str, Any]]:
    """Every comment on the report's findings, oldest first, with who wrote and who answered it."""
    return list(
        get_db().query(
            """SELECT rc.*, u.name, u.role, r.name AS responded_by_name FROM report_comments rc
            JOIN users u ON u.id = rc.user_id LEFT JOIN users r ON r.id = rc.responded_by
            WHERE rc.review_id = ? ORDER BY rc.created_at, rc.id""",
            [review_id],
        )
    )


def comment_in(review_id: int, comment_id: int) -> dict[str, Any]:
    row = next((c for c in comments(review_id) if c["id"] == comment_id), None)
    if row is None:
        abort(404)
    return row


def add_comment(review_id: int, finding_id: int, user_id: int, stage: str, kind: str, body: str) -> int:
    with write_transaction() as db:
        return int(
            db["report_comments"]
            .insert(
                {
                    "review_id": review_id,
                    "finding_id": finding_id,
                    "user_id": user_id,
                    "stage": stage,
                    "kind": kind,
                    "body": body.strip(),
                    "created_at": now(),
                }
            )
            .last_pk
        )


def respond(review_id: int, comment_id: int, user_id: int, response: str, reason: str) -> None:
    """The team accepts or declines a comment, with its reason; an answer is never changed."""
    with write_transaction() as db:
        db.execute(
            """UPDATE report_comments SET response = ?, response_reason = ?, responded_by = ?,
            responded_at = ? WHERE id = ? AND review_id = ? AND response IS NULL""",
            [response, reason.strip(), user_id, now(), comment_id, review_id],
        )


def approvals(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT ra.user_id, ra.approved_at, u.name, m.team_role FROM report_approvals ra
            JOIN users u ON u.id = ra.user_id
            JOIN review_members m ON m.review_id = ra.review_id AND m.user_id = ra.user_id
            WHERE ra.review_id = ? ORDER BY ra.approved_at""",
            [review_id],
        )
    )


def approve(review_id: int, user_id: int) -> bool:
    """Record this team member's approval; the report becomes final once the lead PSW and one other
    team member have approved it. True when this approval made it final."""
    with write_transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO report_approvals (review_id, user_id, approved_at) VALUES (?, ?, ?)",
            [review_id, user_id, now()],
        )
        lead, others = db.execute(
            """SELECT sum(m.team_role = 'lead_psw'), sum(m.team_role != 'lead_psw')
            FROM report_approvals ra JOIN review_members m
            ON m.review_id = ra.review_id AND m.user_id = ra.user_id WHERE ra.review_id = ?""",
            [review_id],
        ).fetchone()
        if lead and others:
            return bool(
                db.execute(
                    """UPDATE reviews SET report_stage = 'final'
                    WHERE id = ? AND report_stage = 'factual_accuracy'""",
                    [review_id],
                ).rowcount
            )
    return False


def save_checks(review_id: int, user_id: int, checked: set[int], not_for_publication: set[int]) -> None:
    """Mark quotes of this review as checked for identifying details (and which are not for
    publication); quotes of other reviews are ignored."""
    with write_transaction() as db:
        stamp = now()
        for quote_id in checked:
            db.execute(
                """INSERT INTO quote_checks (quote_id, checked_by, checked_at, not_for_publication)
                SELECT q.id, ?, ?, ? FROM quotes q JOIN answers a ON a.id = q.answer_id
                JOIN conversations c ON c.id = a.conversation_id
                JOIN participants p ON p.id = c.participant_id WHERE q.id = ? AND p.review_id = ?
                ON CONFLICT (quote_id) DO UPDATE SET checked_by = excluded.checked_by,
                checked_at = excluded.checked_at, not_for_publication = excluded.not_for_publication""",
                [user_id, stamp, int(quote_id in not_for_publication), quote_id, review_id],
            )


def reopen(review_id: int, finding_id: int) -> None:
    """A signed-off finding goes back to draft (only before the report is final); approvals given
    for the report as it was no longer count."""
    with write_transaction() as db:
        db.execute(
            """UPDATE findings SET status = 'draft', signed_off_by = NULL, signed_off_at = NULL,
            follow_up_due = NULL WHERE id = ? AND review_id = ? AND status = 'signed_off'
            AND (SELECT report_stage FROM reviews WHERE id = ?)
                IN ('draft', 'team_check', 'factual_accuracy')""",
            [finding_id, review_id, review_id],
        )
        db.execute("DELETE FROM report_approvals WHERE review_id = ?", [review_id])


def set_named(review_id: int, user_id: int, named: bool) -> None:
    with write_transaction() as db:
        db.execute(
            "UPDATE review_members SET named_in_report = ? WHERE review_id = ? AND user_id = ?",
            [int(named), review_id, user_id],
        )
