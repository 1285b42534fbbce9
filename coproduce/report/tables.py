"""A review's sources with their themes, as CSV (one file a source) or XLSX (one sheet a source)."""

from __future__ import annotations

import io
from typing import Any

from coproduce.analysis import sources_data
from coproduce.analysis.coding_data import themes
from coproduce.analysis.data import question_texts
from coproduce.report import data
from coproduce.spreadsheet import csv_bytes, safe_cell

# rating: a face (1 to 5, not_sure, prefer_not); choice: yes / no, better / same / worse, or the
# option of a "choose" question (codes.CHOICES), for answers on the guides' second edition.
COLUMNS = ("reference", "question_key", "question", "type", "rating", "choice", "text", "themes")
# The other sources, each a CSV file and a sheet: its columns and the kind of its documents.
SOURCE_COLUMNS = ("source", "reference", "by", "date", "question_key", "question", "rating", "text", "themes")
SOURCE_SHEETS = {"audit": "Case file audits", "session": "Sessions", "self-assessment": "Self-assessment"}


def rows(review_id: int) -> list[dict[str, Any]]:
    """One row per answer and per quote of the review's held conversations, with their themes."""
    texts = question_texts(review_id)
    coded = data.codings(review_id)

    def theme_names(key: tuple[str, int]) -> str:
        return "; ".join(sorted({coding["name"] for coding in coded.get(key, [])}))

    out: list[dict[str, Any]] = []
    for row in data.answers_and_quotes(review_id):
        base = {
            "reference": row["reference"],
            "question_key": row["question_key"],
            "question": texts.get(row["question_key"], row["question_key"]),
        }
        if not out or out[-1]["answer_id"] != row["answer_id"]:
            out.append(
                {
                    **base,
                    "answer_id": row["answer_id"],
                    "type": "answer",
                    "rating": row["rating"] or "",
                    "choice": row["choice"] or "",
                    "text": row["notes"] or "",
                    "themes": theme_names(("answer", row["answer_id"])),
                }
            )
        if row["quote_id"]:
            out.append(
                {
                    **base,
                    "answer_id": row["answer_id"],
                    "type": f"quote ({row['kind']})",
                    "rating": "",
                    "choice": "",
                    "text": row["quote"],
                    "themes": theme_names(("quote", row["quote_id"])),
                }
            )
    return out


def source_rows(review_id: int, kind: str) -> list[dict[str, Any]]:
    """One row per item of the review's documents of one kind ("audit", "session" or
    "self-assessment"), with its themes (every coder's, joined)."""
    coded = sources_data.codings(review_id)
    out = []
    for document in sources_data.documents(review_id):
        if document["kind"] != kind:
            continue
        for item in document["items"]:
            out.append(
                {
                    "source": document["source_type"],
                    "reference": document.get("reference", ""),
                    "by": document.get("auditor", ""),
                    "date": document.get("held_on", ""),
                    "question_key": item["key"],
                    "question": item["heading"],
                    "rating": item["rating"] or "",
                    "text": item["text"],
                    "themes": "; ".join(
                        sorted({c["name"] for c in coded.get((item["source"], item["id"]), [])})
                    ),
                }
            )
    return out


def to_csv(review_id: int, kind: str | None = None) -> bytes:
    """The conversations' answers and quotes, or (with `kind`) one other source's items."""
    if kind:
        return csv_bytes(
            SOURCE_COLUMNS, ([row[c] for c in SOURCE_COLUMNS] for row in source_rows(review_id, kind))
        )
    return csv_bytes(COLUMNS, ([row[c] for c in COLUMNS] for row in rows(review_id)))


def to_xlsx(review_id: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers and quotes"
    sheet.append(list(COLUMNS))
    for row in rows(review_id):
        sheet.append([safe_cell(row[c]) for c in COLUMNS])
    for kind, title in SOURCE_SHEETS.items():
        source_sheet = book.create_sheet(title)
        source_sheet.append(list(SOURCE_COLUMNS))
        for row in source_rows(review_id, kind):
            source_sheet.append([safe_cell(row[c]) for c in SOURCE_COLUMNS])
    codebook = book.create_sheet("Codebook")
    codebook.append(["theme", "group", "description", "people"])
    review_themes = themes(review_id)
    names = {t["id"]: t["name"] for t in review_themes}
    for theme in review_themes:
        codebook.append(
            [safe_cell(theme["name"]), safe_cell(names.get(theme["parent_id"], "")),
             safe_cell(theme["description"] or ""), theme["people"]]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
