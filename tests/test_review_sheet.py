"""A catalogue as a spreadsheet for a qualified translator, and the checked sheet read back."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from openpyxl import load_workbook

from coproduce import i18n, review_sheet
from coproduce.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def translations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the Urdu catalogue to import into."""
    (tmp_path / "ur" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ROOT / "translations/ur/LC_MESSAGES/messages.po", tmp_path / "ur/LC_MESSAGES/messages.po")
    monkeypatch.setattr(review_sheet, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    return tmp_path


def test_the_sheet_has_every_string_with_its_english_context_and_an_empty_checker_column(
    app: Flask, tmp_path: Path
) -> None:
    out = tmp_path / "ur.xlsx"
    result = app.test_cli_runner().invoke(main, ["translate", "review-sheet", "--lang", "ur", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["Strings"].iter_rows(values_only=True))
    assert rows[0] == review_sheet.HEADER
    by_english = {row[0]: row for row in rows[1:]}
    question = by_english["Did the staff offer you an advocate?"]
    assert question[2] == "Guide: guides/your-care-and-support/v2.toml"
    # The hard word with the one word Urdu's glossary (guides/glossary/ur.toml) gives for it.
    assert question[3] == "advocate = حمایتی" and question[4] == "کیا عملے نے آپ کو حمایتی کی پیشکش کی؟"
    assert question[5] is None and question[6] is None
    assert by_english["Save and continue"][2] == "Interface"
    plural = [row for row in rows if row[0] == "%(num)d people are imported."]
    assert plural and plural[0][1] == "plural form 1"
    with open(ROOT / "translations/ur/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    forms = sum(len(m.string) if isinstance(m.string, tuple) else 1 for m in catalog if m.id)
    assert len(rows) - 1 == forms


def test_a_checked_sheet_changes_the_catalogue_and_records_the_check(app: Flask, translations: Path) -> None:
    book = load_workbook(io.BytesIO(review_sheet.write_sheet("ur")))
    strings = book["Strings"]
    for row in strings.iter_rows(min_row=2):
        if row[0].value == "Did the staff offer you an advocate?":
            row[5].value = "کیا عملے نے آپ کو کسی حمایتی کی پیشکش کی؟"
        if row[0].value == "%(num)d people are imported.":
            row[5].value = "%(num)d لوگ شامل کر دیے گئے۔"
    book["Check"]["B2"] = "A. Translator (Urdu, DPSI)"
    book["Check"]["B3"] = "2026-03-02"
    sheet = translations / "checked.xlsx"
    book.save(sheet)
    result = app.test_cli_runner().invoke(
        main, ["translate", "review-sheet", "--lang", "ur", "--import", str(sheet)]
    )
    assert result.exit_code == 0, result.output
    assert "2 strings changed" in result.output and "checked by A. Translator" in result.output
    with open(translations / "ur/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    assert (
        catalog.get("Did the staff offer you an advocate?").string
        == "کیا عملے نے آپ کو کسی حمایتی کی پیشکش کی؟"
    )
    assert catalog.get(("%(num)d person is imported.", "%(num)d people are imported.")).string[1] == (
        "%(num)d لوگ شامل کر دیے گئے۔"
    )
    checked = i18n._recorded_check(i18n.LANGUAGES["ur"])
    assert checked.checked_on == "2026-03-02" and checked.checked_by == "A. Translator (Urdu, DPSI)"
    assert not checked.is_draft


def test_a_sheet_that_breaks_a_placeholder_changes_nothing(translations: Path) -> None:
    before = (translations / "ur/LC_MESSAGES/messages.po").read_bytes()
    book = load_workbook(io.BytesIO(review_sheet.write_sheet("ur")))
    for row in book["Strings"].iter_rows(min_row=2):
        if row[0].value == "%(num)d people are imported.":
            row[5].value = "بہت سے لوگ شامل ہو گئے۔"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(review_sheet.SheetError, match="placeholders"):
        review_sheet.import_sheet("ur", out.getvalue())
    assert (translations / "ur/LC_MESSAGES/messages.po").read_bytes() == before
    assert not (translations / "checked.toml").exists() and not (translations / "ur/checked.toml").exists()
