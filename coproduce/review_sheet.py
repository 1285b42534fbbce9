"""A catalogue as a spreadsheet for a qualified translator to check, and the checked sheet read back.

`coproduce translate review-sheet --lang CODE -o FILE.xlsx` writes every string of the language's
catalogue: its English, where it is used (the guide file it comes from, or the interface), the
hard words it holds with the one word the language's glossary gives for each, the current
translation, and empty columns for the checker's translation and note. A second sheet asks for
the checker's name and the date.

`--import FILE.xlsx` reads it back: each row whose checker's translation differs from the current
one goes into the catalogue (refused, with the row named, if its placeholders differ); and when the
sheet names the checker and the date, they are recorded as the language's check in
translations/<code>/checked.toml, which coproduce/i18n.py reads (the language stops being a draft).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
HEADER = ("English", "Form", "Where it is used", "Hard words", "Current translation",
          "Checked translation", "Checker's note")  # fmt: skip
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


class SheetError(ValueError):
    """The sheet cannot be read back; the message says which row and why."""


@dataclass(frozen=True)
class Imported:
    changed: int
    checker: str | None
    checked_on: str | None


def catalogue_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def _read(code: str) -> Catalog:
    path = catalogue_path(code)
    if not path.is_file():
        raise SheetError(f"no catalogue for '{code}' at {path}")
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def _places() -> dict[str, str]:
    """English text -> the guide files it comes from (the rest is the interface)."""
    from coproduce.guides.extract import guide_messages, module_messages
    from coproduce.guides.interpreting import INTERPRETING_SOURCE as interpreting_source
    from coproduce.guides.interpreting import interpreting
    from coproduce.guides.loader import all_guides, all_modules

    places: dict[str, list[str]] = {}
    for guide in all_guides().values():
        for text in guide_messages(guide):
            places.setdefault(text, []).append(guide.source)
    for module in all_modules().values():
        for text in module_messages(module):
            places.setdefault(text, []).append(module.source)
    for text in interpreting().messages():
        places.setdefault(text, []).append(interpreting_source)
    return {text: "Guide: " + ", ".join(dict.fromkeys(where)) for text, where in places.items()}


def _hard_words(english: str, code: str) -> str:
    from coproduce.guides.glossary import glossary, terms_in

    words = {t.term: t.word for t in glossary(code)}
    return "; ".join(
        f"{term.term} = {words[term.term]}" if words.get(term.term) else term.term
        for term in terms_in(english, glossary("en"))
    )


def write_sheet(code: str) -> bytes:
    """The review sheet of language `code` as an XLSX file."""
    catalog = _read(code)
    places = _places()
    book = Workbook()
    sheet = book.active
    sheet.title = "Strings"
    sheet.append(HEADER)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for form, current in enumerate(strings):
            english = ids[min(form, len(ids) - 1)]
            where = places.get(ids[0], "Interface")
            if message.auto_comments:
                where += " (" + " ".join(message.auto_comments) + ")"
            label = f"plural form {form}" if isinstance(message.id, tuple) else ""
            sheet.append([english, label, where, _hard_words(ids[0], code), current or "", "", ""])
    for column, width in zip("ABCDEFG", (60, 12, 30, 30, 60, 60, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    check = book.create_sheet("Check")
    check.append(["Language", code])
    check.append(["Checker's name", ""])
    check.append(["Date checked (YYYY-MM-DD)", ""])
    check.append([])
    check.append(["Write a better translation in 'Checked translation' only where one is needed."])
    check.append(["Keep every placeholder such as %(num)d exactly as it is. Easy read: short sentences."])
    check.column_dimensions["A"].width = 40
    check.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_cells(book) -> tuple[str | None, str | None, str | None]:
    if "Check" not in book.sheetnames:
        return None, None, None
    cells = {
        str(row[0].value or "").strip(): row[1].value for row in book["Check"].iter_rows() if len(row) > 1
    }
    name = str(cells.get("Checker's name") or "").strip() or None
    when = cells.get("Date checked (YYYY-MM-DD)")
    if hasattr(when, "date"):
        when = when.date()
    when_text = when.isoformat() if isinstance(when, date) else (str(when).strip() if when else None)
    if when_text:
        try:
            date.fromisoformat(when_text)
        except ValueError:
            raise SheetError(f"the date checked must be YYYY-MM-DD, not {when_text!r}") from None
    language = str(cells.get("Language") or "").strip() or None
    return name, when_text, language


def import_sheet(code: str, data: bytes) -> Imported:
    """Read a checked sheet back into the catalogue of `code` (all rows, or nothing on an error)."""
    catalog = _read(code)
    book = load_workbook(io.BytesIO(data), read_only=False)
    name, when, language = _check_cells(book)
    if language not in (None, code):
        raise SheetError(f"this sheet is for '{language}', not '{code}'")
    if "Strings" not in book.sheetnames:
        raise SheetError("the sheet has no 'Strings' page")
    rows = list(book["Strings"].iter_rows(values_only=True))
    if not rows or tuple(rows[0][: len(HEADER)]) != HEADER:
        raise SheetError("the first row of 'Strings' must be the sheet's own column names")
    by_english = {}
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            for form in range(len(message.string) if isinstance(message.string, tuple) else 1):
                by_english[(ids[min(form, len(ids) - 1)], form)] = message
    changed = 0
    for number, row in enumerate(rows[1:], start=2):
        english, form_label, _where, _hard, current, checked = (list(row) + [None] * 7)[:6]
        checked = str(checked or "").strip()
        if not english or not checked or checked == (current or ""):
            continue
        form = int(str(form_label).rsplit(" ", 1)[-1]) if form_label else 0
        message = by_english.get((english, form))
        if message is None:
            raise SheetError(f"row {number}: the catalogue has no string {english!r}")
        if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(checked)):
            raise SheetError(f"row {number}: the placeholders of {english!r} must stay as they are")
        if isinstance(message.string, tuple):
            strings = list(message.string)
            strings[form] = checked
            message.string = tuple(strings)
        else:
            message.string = checked
        message.flags.discard("fuzzy")
        changed += 1
    with catalogue_path(code).open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
    if name and when:
        record_check(code, name, when)
    return Imported(changed, name, when)


def record_check(code: str, checker: str, checked_on: str) -> None:
    """Record that a qualified translator checked the catalogue of `code` (coproduce/i18n.py reads it)."""
    escaped = checker.replace("\\", "\\\\").replace('"', '\\"')
    (TRANSLATIONS / code / "checked.toml").write_text(
        "# Written by `coproduce translate review-sheet --import`: who checked this catalogue, and when.\n"
        f'checked_by = "{escaped}"\nchecked_on = "{checked_on}"\n',
        encoding="utf-8",
    )
