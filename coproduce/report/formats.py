"""Every export of a review by its format: the file's type and extension, and how it is made."""

from __future__ import annotations

from typing import Any

from coproduce.db import get_db
from coproduce.report import model, pdf, qda, tables, word
from coproduce.text import printable, printable_reads

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "qdpx": ("application/zip", "qdpx"),
    "qdc": ("application/xml", "qdc"),
    "audits-csv": ("text/csv; charset=utf-8", "case-file-audits.csv"),
    "sessions-csv": ("text/csv; charset=utf-8", "sessions.csv"),
    "self-assessment-csv": ("text/csv; charset=utf-8", "self-assessment.csv"),
}
# The report itself, for any audience; the other formats hold case references, for the team only.
REPORT_FORMATS = ("docx", "pdf")


def export(review: dict[str, Any], fmt: str, audience: str = "team", language: str = "en") -> bytes:
    """The review exported in `fmt` (one of FORMATS), the report for `audience`. Works inside any
    app context (web or CLI).

    Text stored before the text rule (coproduce/text.py) comes out with U+FFFD in place of a
    control character, so no export fails on it."""
    review = {key: printable(value) if isinstance(value, str) else value for key, value in review.items()}
    makers = {
        "csv": lambda: tables.to_csv(review["id"]),
        "xlsx": lambda: tables.to_xlsx(review["id"]),
        "docx": lambda: word.to_docx(model.build(review, audience, language)),
        "pdf": lambda: pdf.to_pdf(model.build(review, audience, language)),
        "qdpx": lambda: qda.to_qdpx(review),
        "qdc": lambda: qda.to_qdc(review["id"]),
        "audits-csv": lambda: tables.to_csv(review["id"], "audit"),
        "sessions-csv": lambda: tables.to_csv(review["id"], "session"),
        "self-assessment-csv": lambda: tables.to_csv(review["id"], "self-assessment"),
    }
    if fmt not in makers:
        raise ValueError(fmt)
    with printable_reads(get_db().conn):
        return makers[fmt]()
