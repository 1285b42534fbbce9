"""The one rule for cells that leave the app for a spreadsheet (coproduce/spreadsheet.py)."""

from __future__ import annotations

import csv
import io

from coproduce.spreadsheet import csv_bytes, safe_cell


def test_text_a_spreadsheet_would_run_gets_a_leading_quote() -> None:
    for formula in ("=HYPERLINK(1)", "+44", "-2", "@SUM(A1)", "\t=x", "\r=x", "\n=x"):
        assert safe_cell(formula) == "'" + formula
    assert safe_cell("BHM-1") == "BHM-1"
    assert safe_cell(" =not first") == " =not first"
    assert safe_cell(12) == 12 and safe_cell(None) is None  # numbers stay numbers in XLSX


def test_a_csv_file_opens_in_excel_as_utf8_with_no_formula() -> None:
    body = csv_bytes(["reference", "note"], [["BHM-1", "=1+1"], ["ضلع", None]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["reference", "note"], ["BHM-1", "'=1+1"], ["ضلع", ""]]
