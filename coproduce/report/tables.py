"""A review's answers and quotes with their themes, as CSV or XLSX, and the CSV writer every
download shares (cells a spreadsheet will never run as formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from coproduce.analysis.coding_data import themes
from coproduce.analysis.data import question_texts
from coproduce.report import data

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# rating: a face (1 to 5, not_sure, prefer_not); choice: yes / no, better / same / worse, or the
# option of a "choose" question (codes.CHOICES), for answers on the guides' second edition.
COLUMNS = ("reference", "question_key", "question", "type", "rating", "choice", "text", "themes")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will never run as a formula: text starting = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file (UTF-8 with a byte order mark, so Excel reads it as UTF-8) of safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


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


def to_csv(review_id: int) -> bytes:
    return csv_bytes(COLUMNS, ([row[c] for c in COLUMNS] for row in rows(review_id)))


def to_xlsx(review_id: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers and quotes"
    sheet.append(list(COLUMNS))
    for row in rows(review_id):
        sheet.append([safe_cell(row[c]) for c in COLUMNS])
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
