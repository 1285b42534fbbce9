"""Demo for the self-assessment: Coventry's answers, given by its council contact before the visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.question_sets import latest

# A small PDF the council sent before the visit: one page saying what it is.
DOCUMENT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
# The document has a fixed id, so the permission tests can name it.
DOCUMENT_ID = 3001
ANSWERS = {
    "context-focus": "Our safeguarding audits showed that people's own wishes were not always recorded.",
    "context-changes": "A new front door team, and a waiting list that grew over the winter.",
    "practice-strengths": "Staff know their communities, and people say their worker listens.",
    "practice-improve": "Carers' assessments, and recording why an interpreter was or was not used.",
    "practice-evidence": "Monthly case audits by team managers and a survey of people twice a year.",
    "people-voice": "A carers' forum and a group of experts by experience who test our letters.",
    "people-equity": "People who need an interpreter wait longer; we are setting up a same-day service.",
}


def add_demo(db: Database, review_id: int, users: dict[str, int]) -> None:
    """Fill Coventry's self-assessment (run inside load_demo's transaction)."""
    template = latest("self-assessment")
    stamp = (datetime.now(UTC) - timedelta(days=200)).replace(microsecond=0).isoformat()
    db["self_assessment_answers"].insert_all(
        {
            "review_id": review_id,
            "template": template.slug,
            "template_version": template.version,
            "question_key": key,
            "answer": text,
            "updated_by": users["contact2@example.org"],
            "updated_at": stamp,
        }
        for key, text in ANSWERS.items()
    )
    db["review_documents"].insert(
        {
            "id": DOCUMENT_ID,
            "review_id": review_id,
            "name": "Coventry adult social care self-assessment.pdf",
            "file_type": "pdf",
            "size": len(DOCUMENT),
            "content": DOCUMENT,
            "uploaded_by": users["contact2@example.org"],
            "uploaded_at": stamp,
        }
    )
