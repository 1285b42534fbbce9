"""The people-to-talk-to CSV: its template, the all-or-nothing import check, and safe exports.

Every row is checked before anything is stored; every problem is reported with its row and
column in plain words. Cells that a spreadsheet would run as a formula are refused on the way
in and defused on the way out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from coproduce.codes import LABELS
from coproduce.reviews.forms import known_language
from coproduce.spreadsheet import FORMULA_START, csv_bytes
from coproduce.text import allowed

COLUMNS = ("reference", "contact_mode", "language", "dialect", "needs", "is_carer", "access_notes")
REQUIRED_VALUES = ("reference", "contact_mode", "language")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_LENGTHS = {"reference": 40, "dialect": 100, "access_notes": 1000}
# Column names that would put a person's identity into the app. Only the reference may identify.
IDENTIFYING = re.compile(
    r"name|surname|forename|dob|birth|nhs|address|postcode|post_code|email|e_mail|phone|mobile|telephone"
    r"|ni_number|national_insurance"
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class Problem:
    row: int | None  # the spreadsheet row (the header is row 1); None for the whole file
    column: str | None
    message: str


@dataclass
class CheckedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def check(content: bytes, existing_references: set[str], size: int | None = None) -> CheckedFile:
    """Check an uploaded file completely. Rows are only usable when there are no problems.

    `size` is the whole upload's size when only its start was read into `content`.
    """
    result = CheckedFile()
    size = len(content) if size is None else size

    def whole_file(message: str) -> CheckedFile:
        result.problems.append(Problem(None, None, message))
        return result

    if size == 0:
        return whole_file(_("The file is empty. Use the template and add one person a row."))
    if size > MAX_BYTES:
        return whole_file(_("The file is %(size)s. It must be 2 MB or smaller.", size=_size_text(size)))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return whole_file(
            _("The file is not saved as UTF-8. In your spreadsheet, choose Save as, then CSV UTF-8.")
        )
    if "\x00" in text:
        return whole_file(_("The file is not a CSV file. Use the template and save it as CSV UTF-8."))
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return whole_file(_("The file is not a CSV file. Use the template and save it as CSV UTF-8."))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        return whole_file(_("The file is empty. Use the template and add one person a row."))

    headers = [_normal(cell) for cell in table[0]]
    identifying = [raw for raw, name in zip(table[0], headers, strict=True) if IDENTIFYING.search(name)]
    for raw in identifying:
        result.problems.append(
            Problem(
                1,
                raw,
                _(
                    "The column %(column)s may identify a person. Remove it: only the reference may "
                    "identify a person.",
                    column=raw,
                ),
            )
        )
    missing = [name for name in COLUMNS if name not in headers]
    if missing:
        result.problems.append(
            Problem(1, None, _("These columns are missing: %(columns)s.", columns=", ".join(missing)))
        )
    extra = [
        raw
        for raw, name in zip(table[0], headers, strict=True)
        if name not in COLUMNS and raw not in identifying
    ]
    if extra:
        result.problems.append(
            Problem(
                1,
                None,
                _(
                    "These columns are not in the template: %(columns)s. Remove them.",
                    columns=", ".join(extra),
                ),
            )
        )
    duplicated_headers = sorted({name for name in headers if headers.count(name) > 1 and name in COLUMNS})
    if duplicated_headers:
        result.problems.append(
            Problem(
                1, None, _("These columns appear twice: %(columns)s.", columns=", ".join(duplicated_headers))
            )
        )
    if result.problems:
        return result
    if len(table) == 1:
        return whole_file(_("The file has the column names but no people. Add one person a row."))
    if len(table) - 1 > MAX_ROWS:
        return whole_file(
            ngettext(
                "The file has more than %(num)d person. Split it into smaller files.",
                "The file has more than %(num)d people. Split it into smaller files.",
                MAX_ROWS,
            )
        )

    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) > len(headers):
            result.problems.append(
                Problem(number, None, _("This row has more cells than there are columns."))
            )
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(headers)}
        result.rows.append(_check_row(number, values, seen, existing_references, result.problems))
    return result


def _check_row(
    number: int,
    values: dict[str, str],
    seen: dict[str, int],
    existing: set[str],
    problems: list[Problem],
) -> dict[str, Any]:
    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    for name in COLUMNS:
        value = values[name]
        if not allowed(value):
            problem(
                name,
                _("This cell has a hidden control character in it. Delete the text and type it again."),
            )
        elif value.startswith(FORMULA_START):
            problem(name, _("This cell starts with =, +, -, or @, which a spreadsheet runs as a formula."))
        elif name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            problem(
                name,
                ngettext(
                    "This is longer than %(num)d character.",
                    "This is longer than %(num)d characters.",
                    MAX_LENGTHS[name],
                ),
            )
    for name in REQUIRED_VALUES:
        if not values[name]:
            problem(name, _("This cell is empty. It must have a value."))

    reference = values["reference"]
    if reference:
        key = reference.casefold()
        if key in seen:
            problem("reference", _("This reference is also on row %(row)d.", row=seen[key]))
        else:
            seen[key] = number
        if key in existing:
            problem("reference", _("A person with this reference is already in this review."))

    mode = values["contact_mode"].lower()
    if mode and mode not in LABELS["contact_mode"]:
        problem("contact_mode", _("Use one of: %(codes)s.", codes=", ".join(LABELS["contact_mode"])))

    language = known_language(values["language"]) if values["language"] else None
    if values["language"] and language is None:
        problem(
            "language",
            _(
                "%(value)s is not a language code we know. Use a code like ur, pa or pl.",
                value=values["language"],
            ),
        )

    needs = [code.strip().lower() for code in re.split(r"[;,]", values["needs"]) if code.strip()]
    unknown = [code for code in needs if code not in LABELS["need"]]
    if unknown:
        problem(
            "needs",
            _(
                "%(value)s is not a need we know. Use these, separated by ;: %(codes)s.",
                value=", ".join(unknown),
                codes=", ".join(LABELS["need"]),
            ),
        )

    carer = values["is_carer"].lower()
    if carer not in YES | NO:
        problem("is_carer", _("Write yes or no."))

    return {
        "reference": reference,
        "contact_mode": mode,
        "language": language,
        "dialect": values["dialect"] or None,
        "needs": list(dict.fromkeys(needs)),
        "is_carer": carer in YES,
        "access_notes": values["access_notes"] or None,
    }


def write(rows: list[list[Any]]) -> bytes:
    """A CSV file whose first row is its header."""
    return csv_bytes(rows[0], rows[1:])


def template() -> bytes:
    return write([list(COLUMNS)])
