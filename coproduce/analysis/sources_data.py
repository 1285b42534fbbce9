"""Every source of a review besides the conversations, as documents of codable items: each case file
audit (its ratings and notes), each session (its notes a prompt) and the self-assessment (its
answers). One codebook covers them all: their codings sit beside the conversations' codings.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import abort
from flask_babel import gettext as _

from coproduce.analysis.coding_data import theme_in
from coproduce.analysis.data import bar_width
from coproduce.audits import data as audits
from coproduce.codes import AUDIT_SCALE, MANAGER_SESSIONS, label
from coproduce.db import get_db, now, write_transaction
from coproduce.i18n import format_date
from coproduce.question_sets import QuestionSet
from coproduce.selfassessment import data as selfassessment
from coproduce.sessions import data as sessions

# What kind of document each stored source is an item of, as the coding pages name them.
KIND_OF_SOURCE = {"audit_rating": "audit", "session_note": "session", "self_assessment": "self-assessment"}
SOURCE_OF_KIND = {kind: source for source, kind in KIND_OF_SOURCE.items()}
# Which review an item of each source belongs to.
ITEM_REVIEW = {
    "audit_rating": """SELECT ca.review_id FROM audit_ratings ar JOIN case_audits ca ON ca.id = ar.audit_id
        WHERE ar.id = ?""",
    "session_note": """SELECT ps.review_id FROM session_notes sn
        JOIN practice_sessions ps ON ps.id = sn.session_id WHERE sn.id = ?""",
    "self_assessment": "SELECT review_id FROM self_assessment_answers WHERE id = ?",
}


def source_type(document: dict[str, Any]) -> str:
    """The document's source type (a code under "source_type" in coproduce.codes)."""
    if document["kind"] == "audit":
        return "audit_rating"
    if document["kind"] == "session":
        return "manager_session" if document["session_kind"] in MANAGER_SESSIONS else "practitioner_session"
    return "self_assessment"


def name_of(document: dict[str, Any]) -> str:
    """A document's name in the reader's language: an audit by its record and auditor, a session by
    its kind and date, or the self-assessment."""
    if document["kind"] == "audit":
        return _("Case file audit of %(reference)s by %(name)s", reference=document["reference"],
                 name=document["auditor"])  # fmt: skip
    if document["kind"] == "session":
        return _("%(kind)s session, %(date)s", kind=label("session_kind", document["session_kind"]),
                 date=format_date(document["held_on"]))  # fmt: skip
    return _("Self-assessment")


def item_text(item: dict[str, Any]) -> str:
    """One item in the reader's language, with its document: what a checkbox or a list shows."""
    heading = item["heading"]  # the question set's English text, or the review's own words
    if not item["own"]:
        heading = _(heading)
    rating = f" ({label('audit_rating', item['rating'])})" if item["rating"] else ""
    return f"{name_of(item['document'])}: {heading}{rating} {item['text']}".strip()


def _item(
    source: str, item_id: int, key: str, heading: str, own: bool, rating: str | None, text: str | None
) -> dict[str, Any]:
    return {"source": source, "id": item_id, "key": key, "heading": heading, "own": own, "rating": rating,
            "text": text or ""}  # fmt: skip


def _answered(
    source: str, question_set: QuestionSet, rows: dict[str, dict[str, Any]], column: str
) -> list[dict[str, Any]]:
    """An item for each question of the set that has a row (`rows` by question key), in the set's
    order, its text from the row's `column`."""
    return [
        _item(source, rows[q.key]["id"], q.key, q.text, False, None, rows[q.key][column])
        for _section, q in question_set.questions()
        if q.key in rows
    ]


def documents(review_id: int) -> list[dict[str, Any]]:
    """The review's audits (with any rating), sessions and self-assessment (when answered), each
    with its items in order: id, key (the question's), heading (the question's English text, or a review's own
    question), own (whether the heading is the review's own words), rating and text; and how
    many of its items are coded."""
    db = get_db()
    out: list[dict[str, Any]] = []
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(
        """SELECT ar.* FROM audit_ratings ar JOIN case_audits ca ON ca.id = ar.audit_id
        WHERE ca.review_id = ? AND (ar.rating IS NOT NULL OR ar.notes IS NOT NULL)""",
        [review_id],
    ):
        items[row["audit_id"]].append(row)
    for audit in audits.audits(review_id):
        if not items[audit["id"]]:
            continue
        by_key = {row["question_key"]: row for row in items[audit["id"]]}
        audit_items = [
            _item("audit_rating", by_key[q["key"]]["id"], q["key"], q["text"], q["own"],
                  by_key[q["key"]]["rating"], by_key[q["key"]]["notes"])
            for q in audits.questions(review_id, audits.audit_in(review_id, audit["id"]))
            if q["key"] in by_key
        ]  # fmt: skip
        out.append({**audit, "kind": "audit", "items": audit_items})
    for session in sessions.sessions(review_id):
        notes = {
            row["prompt_key"]: row
            for row in db.query("SELECT * FROM session_notes WHERE session_id = ?", [session["id"]])
        }
        prompts = sessions.prompts_of(session)
        out.append(
            {
                "kind": "session",
                "id": session["id"],
                "session_kind": session["kind"],
                "held_on": session["held_on"],
                "key_messages": session["key_messages"],
                "items": _answered("session_note", prompts, notes, "notes"),
            }
        )
    answers = selfassessment.answers(review_id)
    if answers:
        template = selfassessment.template_of(review_id)
        out.append(
            {
                "kind": "self-assessment",
                "id": review_id,
                "items": _answered("self_assessment", template, answers, "answer"),
            }
        )
    coded = codings(review_id)
    for document in out:
        document["source_type"] = source_type(document)
        document["coded"] = sum(1 for item in document["items"] if coded.get((item["source"], item["id"])))
    return out


def document_in(review_id: int, kind: str, document_id: int) -> dict[str, Any]:
    found = next((d for d in documents(review_id) if d["kind"] == kind and d["id"] == document_id), None)
    if found is None:
        abort(404)
    return found


def codings(review_id: int) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """The codings on live themes of the review, by the item they are on: (source, item id), each
    with its theme's name, in the order they were made."""
    out: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in get_db().query(
        """SELECT sc.*, t.name FROM source_codings sc JOIN themes t ON t.id = sc.theme_id
        WHERE t.review_id = ? AND t.merged_into IS NULL ORDER BY sc.id""",
        [review_id],
    ):
        out[(row["source"], row["item_id"])].append(row)
    return out


def item_in_review(review_id: int, source: str, item_id: int) -> bool:
    row = get_db().execute(ITEM_REVIEW[source], [item_id]).fetchone()
    return row is not None and row[0] == review_id


def add_coding(review_id: int, source: str, item_id: int, theme_id: int, coder_id: int) -> None:
    theme_in(review_id, theme_id)
    if source not in ITEM_REVIEW or not item_in_review(review_id, source, item_id):
        abort(404)
    with write_transaction() as db:
        db.execute(
            """INSERT OR IGNORE INTO source_codings (theme_id, source, item_id, coder_id, created_at)
            VALUES (?, ?, ?, ?, ?)""",
            [theme_id, source, item_id, coder_id, now()],
        )


def remove_coding(review_id: int, coding_id: int, coder_id: int) -> None:
    """Remove one of this coder's codings on the review's sources."""
    with write_transaction() as db:
        db.execute(
            """DELETE FROM source_codings WHERE id = ? AND coder_id = ?
            AND theme_id IN (SELECT id FROM themes WHERE review_id = ?)""",
            [coding_id, coder_id, review_id],
        )


def audit_charts(review_id: int) -> list[dict[str, Any]]:
    """One chart a domain of the audit template: how many ratings of each point of the scale (and
    Not applicable) the finished audits gave its questions, with bar widths in steps of 5%."""
    domain_of = {q["key"]: (q["domain"], q["domain_title"]) for q in audits.questions(review_id)}
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in audits.ratings_by_domain(review_id):
        if row["question_key"] in domain_of:
            counts[domain_of[row["question_key"]]][row["rating"]] += row["n"]
    charts = []
    for (key, title), given in counts.items():
        total = sum(given.values())
        charts.append(
            {
                "key": key,
                "title": title,
                "ratings": total,
                "bars": [
                    {"rating": r, "count": given.get(r, 0), "width": bar_width(given.get(r, 0), total)}
                    for r in (*AUDIT_SCALE, "not_applicable")
                ],
            }
        )
    order = [section.key for section in audits.template_of().sections]
    return sorted(
        charts, key=lambda chart: order.index(chart["key"]) if chart["key"] in order else len(order)
    )
