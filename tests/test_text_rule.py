"""One rule for text, by every door (forms, JSON, CSV files, guide files), and exports that never
fail on text already stored (coproduce/text.py)."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from coproduce.guides.loader import GuideError, parse_guide
from coproduce.reviews import csvfile
from coproduce.text import allowed, printable
from tests.conftest import sign_in
from tests.test_capture import start_with_consent
from tests.test_offline import CID, autosave
from tests.test_reviews import HEADER, _problems

ROOT = Path(__file__).resolve().parents[1]
COVENTRY = 3
REFUSED = [
    "\x00",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\ud800",
    "\udc00",
]
HOSTILE = "a\x0bb\x1bc\x7fd\ufffee"


@pytest.mark.parametrize("character", REFUSED)
def test_the_rule_refuses_controls_noncharacters_and_lone_surrogates(character: str) -> None:
    assert not allowed(f"before{character}after")
    assert printable(f"a{character}b") == "a\ufffdb"


def test_the_rule_keeps_what_people_type() -> None:
    for text in (
        "Line one\nLine two\r\n\ttabbed",
        "مجھے اچھا لگا",
        "ਉਹ ਮੇਰੀ ਗੱਲ",
        "żółć 👍🏽",
        "e\u0301",
        "\u202e",
    ):
        assert allowed(text) and printable(text) == text


def test_an_autosave_with_a_lone_surrogate_is_refused_plainly(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    refused = autosave(client, version=0, notes="a\ud800b", change_id="tablet-1")
    assert refused.status_code == 400 and refused.get_json() == {"error": "unshowable_character"}
    for character in ("\x0b", "\x1b", "\x7f", "\ufffe"):
        refused = autosave(client, version=0, notes=f"a{character}b", change_id="tablet-2")
        assert refused.status_code == 400 and refused.get_json() == {"error": "unshowable_character"}
    assert autosave(client, version=0, notes="fine", change_id="tablet-3").status_code == 200


def test_json_nested_too_deep_is_refused_not_a_server_error(client: FlaskClient) -> None:
    for depth in (1500, 200):
        body = "[" * depth + "]" * depth
        response = client.post("/login", data=body, content_type="application/json")
        assert response.status_code == 400 and response.get_json() == {"error": "too_deep"}
    # A form never reads JSON: only a view that takes JSON (a background save) does.
    refused = client.post("/login", json={"email": [["fine"]], "password": {"a": 1}})
    assert refused.status_code == 415 and refused.get_json() == {"error": "json_not_accepted"}


def test_a_form_with_a_vertical_tab_gets_the_characters_page(client: FlaskClient) -> None:
    sign_in(client, "psw")
    response = client.post("/reviews/1/people/new", data={"reference": "WM-\x0b1"})
    assert response.status_code == 400 and "hidden control character" in response.get_data(as_text=True)


@pytest.mark.parametrize("character", ["\x0b", "\x1b", "\x7f", "\ufffe"])
def test_a_csv_cell_with_a_control_character_is_refused_with_its_row_and_column(
    client: FlaskClient, character: str
) -> None:
    sign_in(client, "psw")
    text = _problems(client, (HEADER + f"WM-9,phone,ur,,,no,Ring{character} twice\r\n").encode())
    row_two = (
        r'<td class="govuk-table__cell[^"]*">(<span class="app-table__label"[^>]*>[^<]*</span>)?\s*2\s*</td>'
    )
    assert re.search(row_two, text) and "access_notes" in text
    assert "hidden control character" in text
    checked = csvfile.check((HEADER + f"WM{character}9,phone,ur,,,no,\r\n").encode(), set())
    assert [(p.row, p.column) for p in checked.problems] == [(2, "reference")]


def test_a_guide_file_with_a_control_character_is_refused(tmp_path: Path) -> None:
    source = (ROOT / "guides" / "caring-for-someone" / "v1.toml").read_text(encoding="utf-8")
    for escape in ("\\u001B", "\\u007F", "\\uFFFE"):
        bad = tmp_path / "v1.toml"
        bad.write_text(
            source.replace('title = "Caring for someone"', f'title = "Caring{escape} for someone"')
        )
        with pytest.raises(GuideError, match="title"):
            parse_guide(bad)


@pytest.fixture
def stored_before_the_rule(app: Flask) -> None:
    """Text with control characters already in the database (from before the rule, or a CSV
    import that let them in): in a reference, answers, quotes, a theme and a signed-off finding."""
    db = sqlite3.connect(app.config["DATABASE"])
    with db:
        db.execute(
            "UPDATE participants SET reference = reference || ? WHERE review_id = ?", ["\x1b", COVENTRY]
        )
        db.execute(
            """UPDATE answers SET notes = coalesce(notes, '') || ? WHERE conversation_id IN
            (SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id
            WHERE p.review_id = ?)""",
            [HOSTILE, COVENTRY],
        )
        db.execute("UPDATE quotes SET text = text || ?", [HOSTILE])
        db.execute(
            "UPDATE themes SET name = name || ?, description = ? WHERE review_id = ?",
            ["\x0b", HOSTILE, COVENTRY],
        )
        db.execute(
            "UPDATE findings SET title = title || ?, body = ? WHERE review_id = ?",
            ["\x7f", HOSTILE, COVENTRY],
        )
    db.close()


def _xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 (our own export)


def test_every_export_copes_with_text_stored_before_the_rule(
    client: FlaskClient, stored_before_the_rule: None
) -> None:
    sign_in(client, "psw")

    def get(fmt: str) -> bytes:
        response = client.get(f"/reviews/{COVENTRY}/export?format={fmt}")
        assert response.status_code == 200, fmt
        return response.data

    assert "\ufffd" in get("csv").decode("utf-8-sig")
    book = load_workbook(io.BytesIO(get("xlsx")))
    assert any("\ufffd" in str(cell.value) for row in book["Answers and quotes"].iter_rows() for cell in row)
    report = Document(io.BytesIO(get("docx")))
    assert any("\ufffd" in paragraph.text for paragraph in report.paragraphs)
    archive = zipfile.ZipFile(io.BytesIO(get("qdpx")))
    project = _xml(archive.read("project.qde"))
    assert any("\ufffd" in (code.get("name") or "") for code in project.iter("{urn:QDA-XML:project:1.0}Code"))
    for name in archive.namelist():
        if name.startswith("sources/"):
            assert allowed(archive.read(name).decode("utf-8"))
    _xml(get("qdc"))


def test_the_export_command_copes_with_text_stored_before_the_rule(
    app: Flask, stored_before_the_rule: None, tmp_path: Path
) -> None:
    from coproduce.cli import main

    runner = app.test_cli_runner()
    for fmt in ("docx", "xlsx", "qdpx", "qdc", "csv"):
        output = tmp_path / f"export.{fmt}"
        result = runner.invoke(
            main, ["export", "--review", str(COVENTRY), "--format", fmt, "-o", str(output)]
        )
        assert result.exit_code == 0, (fmt, result.output)
