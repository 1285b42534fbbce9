"""Findings' evidence from the sources besides the conversations (case file audits, sessions and the
self-assessment), and what each finding rests on across every source.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

from typing import Any

from coproduce.analysis import sources_data
from coproduce.codes import MANAGER_SESSIONS, SOURCES
from coproduce.db import get_db, write_transaction

MANAGER_KINDS = ", ".join(f"'{kind}'" for kind in sorted(MANAGER_SESSIONS))

# What `rests_on` counts for each finding, besides the people of the conversations.
OTHER_SOURCES = ("case_records", "practitioner_sessions", "manager_sessions", "self_assessment")
# The items of other sources each finding rests on: linked directly, or coded with a linked theme.
SOURCE_ITEMS = """
    SELECT fs.finding_id, fs.source, fs.item_id FROM scope
        JOIN finding_sources fs ON fs.finding_id = scope.id
    UNION SELECT fe.finding_id, sc.source, sc.item_id FROM scope
        JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN source_codings sc ON sc.theme_id = fe.theme_id
"""


def rests_on(review_id: int) -> dict[int, dict[str, int]]:
    """For each finding of the review with evidence from other sources: how many case records,
    practitioner sessions and manager sessions it rests on, and whether the self-assessment."""
    out: dict[int, dict[str, int]] = {}
    for row in get_db().query(
        f"""WITH scope AS (SELECT id FROM findings WHERE review_id = ?), items AS ({SOURCE_ITEMS})
        SELECT items.finding_id, count(DISTINCT ca.reference) AS case_records,
        count(DISTINCT CASE WHEN ps.kind NOT IN ({MANAGER_KINDS}) THEN ps.id END) AS practitioner_sessions,
        count(DISTINCT CASE WHEN ps.kind IN ({MANAGER_KINDS}) THEN ps.id END) AS manager_sessions,
        max(sa.id IS NOT NULL) AS self_assessment
        FROM items
        LEFT JOIN audit_ratings ar ON items.source = 'audit_rating' AND ar.id = items.item_id
        LEFT JOIN case_audits ca ON ca.id = ar.audit_id AND ca.review_id = ?
        LEFT JOIN session_notes sn ON items.source = 'session_note' AND sn.id = items.item_id
        LEFT JOIN practice_sessions ps ON ps.id = sn.session_id AND ps.review_id = ?
        LEFT JOIN self_assessment_answers sa ON items.source = 'self_assessment' AND sa.id = items.item_id
            AND sa.review_id = ?
        GROUP BY items.finding_id""",
        [review_id, review_id, review_id, review_id],
    ):
        out[row["finding_id"]] = {key: row[key] for key in row if key != "finding_id"}
    return out


def sources_count(finding: dict[str, Any]) -> int:
    """How many kinds of source a finding rests on (conversations, audits, each kind of session,
    the self-assessment)."""
    return sum(1 for key in ("people", *OTHER_SOURCES) if finding.get(key))


def _items_by_source(review_id: int) -> dict[tuple[str, int], dict[str, Any]]:
    """Every item of the review's other sources by (source, id), each with its document."""
    return {
        (item["source"], item["id"]): {**item, "document": document}
        for document in sources_data.documents(review_id)
        for item in document["items"]
    }


def evidence(review_id: int, finding_id: int) -> list[dict[str, Any]]:
    """The items of other sources linked to a finding, each with its link's id and document."""
    items = _items_by_source(review_id)
    out = []
    for row in get_db().query(
        "SELECT id, source, item_id FROM finding_sources WHERE finding_id = ? ORDER BY source, id",
        [finding_id],
    ):
        item = items.get((row["source"], row["item_id"]))
        if item:
            out.append({**item, "evidence_id": row["id"]})
    return out


def evidence_choices(review_id: int, theme_id: int | None) -> list[dict[str, Any]]:
    """Items of other sources coded with the theme (none without a theme: too many to tick)."""
    if not theme_id:
        return []
    coded = {
        (row["source"], row["item_id"])
        for row in get_db().query("SELECT source, item_id FROM source_codings WHERE theme_id = ?", [theme_id])
    }
    return [item for key, item in _items_by_source(review_id).items() if key in coded]


def add_evidence(review_id: int, finding_id: int, picked: list[str]) -> int:
    """Link items of other sources (given as 'SOURCE-ID') to a finding; returns how many were new."""
    added = 0
    with write_transaction() as db:
        for value in picked:
            source, _sep, raw = value.rpartition("-")
            if source not in SOURCES or not raw.isdigit():
                continue
            if not sources_data.item_in_review(review_id, source, int(raw)):
                continue
            added += db.execute(
                "INSERT OR IGNORE INTO finding_sources (finding_id, source, item_id) VALUES (?, ?, ?)",
                [finding_id, source, int(raw)],
            ).rowcount
    return added


def remove_evidence(finding_id: int, evidence_id: int) -> None:
    with write_transaction() as db:
        db.execute("DELETE FROM finding_sources WHERE id = ? AND finding_id = ?", [evidence_id, finding_id])
