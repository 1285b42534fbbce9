"""The SQL of the privacy area: searching the audit log, retention and subject access."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from coproduce.auth import end_sessions
from coproduce.db import get_db, now, write_transaction
from coproduce.spreadsheet import csv_bytes

AUDIT_PAGE_SIZE = 200
AUDIT_EXPORT_LIMIT = 100_000
AUDIT_COLUMNS = (
    "id",
    "at",
    "user_id",
    "user_email",
    "action",
    "object_type",
    "object_id",
    "remote_addr",
    "detail",
)


def _audit_where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL conditions for the audit search; every value goes as a parameter."""
    clauses, params = ["1 = 1"], []
    if filters.get("who"):
        clauses.append("(users.email LIKE ? ESCAPE '\\' OR users.name LIKE ? ESCAPE '\\')")
        pattern = "%" + filters["who"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    if filters.get("action"):
        clauses.append("audit_log.action = ?")
        params.append(filters["action"])
    if filters.get("object_type"):
        clauses.append("audit_log.object_type = ?")
        params.append(filters["object_type"])
    if filters.get("object_id") is not None:
        clauses.append("audit_log.object_id = ?")
        params.append(filters["object_id"])
    if filters.get("date_from"):
        clauses.append("audit_log.at >= ?")
        params.append(filters["date_from"].isoformat())
    if filters.get("date_to"):
        clauses.append("substr(audit_log.at, 1, 10) <= ?")
        params.append(filters["date_to"].isoformat())
    return " AND ".join(clauses), params


def search_audit(filters: dict[str, Any], limit: int = AUDIT_PAGE_SIZE) -> tuple[list[dict[str, Any]], int]:
    """The newest matching audit records (at most `limit`) and how many match in all."""
    where, params = _audit_where(filters)
    base = f"FROM audit_log LEFT JOIN users ON users.id = audit_log.user_id WHERE {where}"
    total = get_db().execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = list(
        get_db().query(
            f"""SELECT audit_log.*, users.email AS user_email, users.name AS user_name {base}
            ORDER BY audit_log.id DESC LIMIT ?""",
            [*params, limit],
        )
    )
    return rows, total


def audit_choices() -> tuple[list[str], list[str]]:
    """The actions and object types that occur in the log, for the search form."""
    db = get_db()
    actions = [row[0] for row in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]
    types = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT object_type FROM audit_log WHERE object_type IS NOT NULL ORDER BY object_type"
        )
    ]
    return actions, types


def audit_csv(rows: list[dict[str, Any]]) -> bytes:
    return csv_bytes(
        [*AUDIT_COLUMNS[:-2], "from", "detail"], ([row[key] for key in AUDIT_COLUMNS] for row in rows)
    )


# Retention -----------------------------------------------------------------------------------------

RETENTION_CHOICES = (6, 12, 24, 36, 72)


def reviews_with_retention() -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT reviews.id, reviews.year, reviews.status, reviews.retention_months, reviews.closed_at,
            reviews.content_erased_at, councils.name AS council_name,
            CASE WHEN reviews.closed_at IS NOT NULL AND reviews.retention_months IS NOT NULL
                THEN date(reviews.closed_at, '+' || reviews.retention_months || ' months') END AS erase_on
            FROM reviews JOIN councils ON councils.id = reviews.council_id
            ORDER BY reviews.year DESC, councils.name"""
        )
    )


def set_retention(review_id: int, months: int | None) -> None:
    with write_transaction() as db:
        db.execute("UPDATE reviews SET retention_months = ? WHERE id = ?", [months, review_id])


def due_for_erasure(db: Database) -> list[dict[str, Any]]:
    """Closed reviews whose retention period has passed and whose content is still held."""
    return list(
        db.query(
            """SELECT reviews.id, reviews.title, reviews.closed_at, reviews.retention_months,
            (SELECT count(*) FROM conversations c JOIN participants p ON p.id = c.participant_id
                WHERE p.review_id = reviews.id) AS conversations
            FROM reviews
            WHERE reviews.status = 'closed' AND reviews.retention_months IS NOT NULL
            AND reviews.closed_at IS NOT NULL AND reviews.content_erased_at IS NULL
            AND date(reviews.closed_at, '+' || reviews.retention_months || ' months') <= date(?)
            ORDER BY reviews.id""",
            [now()],
        )
    )


_IN_REVIEW = """(SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id
    WHERE p.review_id = :review)"""
_ANSWERS_IN_REVIEW = f"(SELECT id FROM answers WHERE conversation_id IN {_IN_REVIEW})"
_FINDINGS_IN_REVIEW = "(SELECT id FROM findings WHERE review_id = :review)"
# What "conversation content" is: every free text a conversation holds, and every text written about
# it that is not a signed-off finding. Counts, ratings, statuses, dates and signed-off findings
# (their kind, title and text) stay. A safeguarding concern keeps only the fact of it: raised when
# and by whom, passed on when and by whom.
ERASE_STATEMENTS = (
    f"DELETE FROM quotes WHERE answer_id IN {_ANSWERS_IN_REVIEW}",
    f"UPDATE answers SET notes = NULL WHERE conversation_id IN {_IN_REVIEW}",
    f"""UPDATE conversations SET not_held_note = NULL, presence_reason = NULL, consent_how = NULL,
        consent_support = NULL, reflection_noticed = NULL, reflection_change = NULL
        WHERE id IN {_IN_REVIEW}""",
    f"""UPDATE safeguarding_concerns SET what_was_said = '', when_said = NULL,
        action_taken = CASE WHEN actioned_at IS NOT NULL THEN '' END
        WHERE conversation_id IN {_IN_REVIEW}""",
    "UPDATE participants SET access_notes = NULL, dialect = NULL WHERE review_id = :review",
    # Drafts never signed off go with their evidence and comments (ON DELETE CASCADE).
    "DELETE FROM findings WHERE review_id = :review AND status = 'draft'",
    f"DELETE FROM finding_comments WHERE finding_id IN {_FINDINGS_IN_REVIEW}",
    # The follow-up of a closed review past its retention period is over: its record goes, and with
    # it the due date, so a recommendation does not show as overdue for ever.
    f"DELETE FROM follow_ups WHERE finding_id IN {_FINDINGS_IN_REVIEW}",
    "UPDATE findings SET follow_up_due = NULL WHERE review_id = :review",
)


def erase_content(db: Database, review_id: int) -> None:
    """Erase the conversation content of one review (inside the caller's transaction)."""
    for statement in ERASE_STATEMENTS:
        db.execute(statement, {"review": review_id})
    db.execute("UPDATE reviews SET content_erased_at = ? WHERE id = ?", [now(), review_id])


# Subject access -----------------------------------------------------------------------------------


def participant_in(review_id: int, reference: str) -> dict[str, Any] | None:
    return next(
        get_db().query(
            "SELECT * FROM participants WHERE review_id = ? AND reference = ?", [review_id, reference.strip()]
        ),
        None,
    )


def subject_access(participant: dict[str, Any]) -> dict[str, Any]:
    """Everything held about one person, found through their reference."""
    db = get_db()
    conversation = next(
        db.query("SELECT * FROM conversations WHERE participant_id = ?", [participant["id"]]), None
    )
    held: dict[str, Any] = {
        "participant": participant,
        "conversation": conversation,
        "answers": [],
        "quotes": [],
        "concerns": [],
        "themes": [],
        "findings": [],
    }
    conversation_id = conversation["id"] if conversation else -1
    held["answers"] = list(
        db.query("SELECT * FROM answers WHERE conversation_id = ? ORDER BY id", [conversation_id])
    )
    held["quotes"] = list(
        db.query(
            """SELECT quotes.*, answers.question_key FROM quotes JOIN answers ON answers.id = quotes.answer_id
            WHERE answers.conversation_id = ? ORDER BY quotes.id""",
            [conversation_id],
        )
    )
    held["concerns"] = list(
        db.query(
            "SELECT * FROM safeguarding_concerns WHERE conversation_id = ? ORDER BY id", [conversation_id]
        )
    )
    held["themes"] = list(
        db.query(
            """SELECT DISTINCT themes.name FROM codings JOIN themes ON themes.id = codings.theme_id
            LEFT JOIN quotes ON quotes.id = codings.quote_id
            JOIN answers ON answers.id = coalesce(codings.answer_id, quotes.answer_id)
            WHERE answers.conversation_id = ? ORDER BY themes.name""",
            [conversation_id],
        )
    )
    # Findings that use what the person said: through an answer or quote of theirs, or through a
    # theme given to one.
    held["findings"] = list(
        db.query(
            """WITH theirs AS (SELECT id FROM answers WHERE conversation_id = :conversation),
            their_quotes AS (SELECT id FROM quotes WHERE answer_id IN theirs),
            their_themes AS (SELECT theme_id FROM codings
                WHERE answer_id IN theirs OR quote_id IN their_quotes)
            SELECT findings.kind, findings.title, findings.status FROM findings
            WHERE findings.id IN (SELECT finding_id FROM finding_evidence
                WHERE answer_id IN theirs OR quote_id IN their_quotes OR theme_id IN their_themes)
            ORDER BY findings.id""",
            {"conversation": conversation_id},
        )
    )
    concern_ids = [concern["id"] for concern in held["concerns"]]
    held["audit"] = list(
        db.query(
            f"""SELECT audit_log.at, audit_log.action, audit_log.object_type, users.name AS user_name
            FROM audit_log LEFT JOIN users ON users.id = audit_log.user_id
            WHERE (object_type = 'participant' AND object_id = ?)
            OR (object_type = 'conversation' AND object_id = ?)
            OR (object_type = 'safeguarding_concern' AND object_id IN ({",".join("?" * len(concern_ids))}))
            ORDER BY audit_log.id""",
            [participant["id"], conversation_id, *concern_ids],
        )
    )
    return held


# Two-factor requirement ---------------------------------------------------------------------------

TWO_FACTOR_ROLES = ("psw", "coordinator")


def two_factor_required_roles(db: Database | None = None) -> set[str]:
    db = db or get_db()
    row = db.execute("SELECT value FROM security_settings WHERE key = 'two_factor_roles'").fetchone()
    return set(row[0].split(",")) - {""} if row else set()


def set_two_factor_required_roles(roles: list[str]) -> None:
    value = ",".join(role for role in TWO_FACTOR_ROLES if role in roles)
    with write_transaction() as db:
        db.execute(
            """INSERT INTO security_settings (key, value) VALUES ('two_factor_roles', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            [value],
        )


def reset_two_factor(email: str) -> int | None:
    """Forget a person's authenticator app and end their sessions (they sign in again and set up a
    new app); their id."""
    with write_transaction() as db:
        row = db.execute("SELECT id FROM users WHERE email = ?", [email.strip()]).fetchone()
        if row is None:
            return None
        db.execute("UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE id = ?", [row[0]])
        # Whoever holds their phone may hold a session too: every session ends.
        end_sessions("user_id = ?", [row[0]])
        return row[0]
