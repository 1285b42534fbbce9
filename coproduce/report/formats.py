"""Every export of a review by its format: the file's type and extension, and how it is made."""

from __future__ import annotations

from typing import Any

from coproduce.report import qda, tables, word

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "qdpx": ("application/zip", "qdpx"),
    "qdc": ("application/xml", "qdc"),
    "audits-csv": ("text/csv; charset=utf-8", "case-file-audits.csv"),
    "sessions-csv": ("text/csv; charset=utf-8", "sessions.csv"),
    "self-assessment-csv": ("text/csv; charset=utf-8", "self-assessment.csv"),
}


def export(review: dict[str, Any], fmt: str) -> bytes:
    """The review exported in `fmt` (one of FORMATS). Works inside any app context (web or CLI)."""
    makers = {
        "csv": lambda: tables.to_csv(review["id"]),
        "xlsx": lambda: tables.to_xlsx(review["id"]),
        "docx": lambda: word.to_docx(review),
        "qdpx": lambda: qda.to_qdpx(review),
        "qdc": lambda: qda.to_qdc(review["id"]),
        "audits-csv": lambda: tables.to_csv(review["id"], "audit"),
        "sessions-csv": lambda: tables.to_csv(review["id"], "session"),
        "self-assessment-csv": lambda: tables.to_csv(review["id"], "self-assessment"),
    }
    if fmt not in makers:
        raise ValueError(fmt)
    return makers[fmt]()
