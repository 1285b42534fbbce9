"""Every source of a review besides the conversations: case file audits, sessions, the
self-assessment and its documents; coding them, findings resting on them, the exports and the
regional learning."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from coproduce.db import connect
from coproduce.migrations import prepare
from coproduce.question_sets import QuestionSetError, all_sets, latest, parse
from tests.conftest import sign_in

COVENTRY = 3
BIRMINGHAM = 1
QDA = "{urn:QDA-XML:project:1.0}"
REFI = Path(__file__).parent / "refi"
PDF = b"%PDF-1.4\n%%EOF\n"


def db_of(app: Flask):
    return connect(app.config["DATABASE"])


def one(app: Flask, sql: str, params: list | None = None):
    return db_of(app).execute(sql, params or []).fetchone()


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


# ---------------------------------------------------------------- question sets


def test_every_question_set_loads_and_the_audit_maps_to_cqc() -> None:
    kinds = {kind for kind, _slug, _version in all_sets()}
    assert kinds == {"audit", "sessions", "self-assessment"}
    audit = latest("audit")
    domains = [section.key for section in audit.sections]
    assert domains == [
        "assessment", "eligibility", "planning", "carers", "safeguarding", "capacity", "reviews", "recording"
    ]  # fmt: skip
    assert all(question.cqc for _section, question in audit.questions())


def test_a_broken_question_set_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "regional" / "v1.toml"
    path.parent.mkdir()
    path.write_text('version = 1\ntitle = "T"\n[[sections]]\nkey = "a"\ntitle = "A"\n', encoding="utf-8")
    with pytest.raises(QuestionSetError, match="needs"):
        parse("audit", path)
    path.write_text(
        'version = 1\ntitle = "T"\n[[sections]]\nkey = "a"\ntitle = "A"\n'
        '[[sections.questions]]\nkey = "q"\ntext = "Q"\ncqc = ["not_a_statement"]\n',
        encoding="utf-8",
    )
    with pytest.raises(QuestionSetError, match="cqc"):
        parse("audit", path)


def test_question_set_text_reaches_the_translations() -> None:
    pot = (Path(__file__).parent.parent / "translations" / "messages.pot").read_text(encoding="utf-8")
    for _kind_slug_version, question_set in all_sets().items():
        for section, question in question_set.questions():
            assert f'msgid "{section.title}"' in pot
            assert f'msgid "{question.text}"' in pot


# ---------------------------------------------------------------- case file audits


def test_a_psw_adds_a_record_and_a_second_psw_cannot_be_added_twice(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    psw = one(app, "SELECT id FROM users WHERE email = 'psw@example.org'")[0]
    response = client.post(
        f"/reviews/{COVENTRY}/audits",
        data={"add-reference": "COV-ASC-40001", "add-auditor": psw, "add-submit": "1"},
    )
    assert response.status_code == 302
    again = client.post(
        f"/reviews/{COVENTRY}/audits",
        data={"add-reference": "COV-ASC-40001", "add-auditor": psw, "add-submit": "1"},
    )
    assert "already audits this record" in again.get_data(as_text=True)
    assert one(app, "SELECT count(*) FROM case_audits WHERE reference = 'COV-ASC-40001'")[0] == 1
    # Someone who is not a PSW of the review cannot be given an audit.
    expert = one(app, "SELECT id FROM users WHERE email = 'expert@example.org'")[0]
    refused = client.post(
        f"/reviews/{COVENTRY}/audits",
        data={"add-reference": "COV-ASC-40002", "add-auditor": expert, "add-submit": "1"},
    )
    assert refused.status_code in (200, 400)
    assert one(app, "SELECT count(*) FROM case_audits WHERE reference = 'COV-ASC-40002'")[0] == 0


def _audit_form(client: FlaskClient, audit_id: int) -> dict[str, str]:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(f"/reviews/{COVENTRY}/audits/{audit_id}").data, "html.parser")
    values = {"version": page.find("input", {"name": "version"})["value"]}
    for radio in page.select("input[type=radio][checked]"):
        values[radio["name"]] = radio["value"]
    return values


def test_finishing_an_audit_needs_every_question_rated(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    db = db_of(app)
    db.execute("DELETE FROM audit_ratings WHERE audit_id = 3001")
    db.execute("UPDATE case_audits SET status = 'in_progress' WHERE id = 3001")
    db.conn.commit()
    values = _audit_form(client, 3001)
    page = client.post(
        f"/reviews/{COVENTRY}/audits/3001", data={**values, "rating_0": "good", "finish": "1"}
    ).get_data(as_text=True)
    assert "Choose a rating, or Not applicable" in page
    assert one(app, "SELECT status FROM case_audits WHERE id = 3001")[0] == "in_progress"
    # Saving for later keeps what was chosen without rating everything.
    client.post(
        f"/reviews/{COVENTRY}/audits/3001",
        data={**values, "rating_0": "good", "notes_0": "Clear.", "save": "1"},
    )
    saved = (
        "SELECT rating, notes FROM audit_ratings WHERE audit_id = 3001 AND question_key = 'assessment-voice'"
    )
    assert tuple(one(app, saved)) == ("good", "Clear.")
    values = _audit_form(client, 3001)
    full = {f"rating_{n}": "not_applicable" for n in range(16)}
    response = client.post(f"/reviews/{COVENTRY}/audits/3001", data={**values, **full, "finish": "1"})
    assert response.status_code == 302
    assert one(app, "SELECT status FROM case_audits WHERE id = 3001")[0] == "done"


def test_an_audit_saved_in_another_window_is_not_overwritten(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    values = _audit_form(client, 3001)
    client.post(f"/reviews/{COVENTRY}/audits/3001", data={**values, "notes_0": "First window", "save": "1"})
    page = client.post(
        f"/reviews/{COVENTRY}/audits/3001", data={**values, "notes_0": "Second window", "save": "1"}
    ).get_data(as_text=True)
    assert "saved in another window" in page and "Second window" in page
    assert (
        one(
            app, "SELECT notes FROM audit_ratings WHERE audit_id = 3001 AND question_key = 'assessment-voice'"
        )[0]
        == "First window"
    )


def test_only_the_auditor_fills_an_audit_in(client: FlaskClient) -> None:
    sign_in(client, "psw")
    assert client.get(f"/reviews/{COVENTRY}/audits/3003").status_code == 403  # the second PSW's


def test_a_moderated_record_shows_both_audits_their_differences_and_the_conversation(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/audits/3002/record").get_data(as_text=True)
    assert "Sam Patel" in page and "Aisha Begum" in page
    assert "rated 4 questions differently" in page and page.count("Rated differently") == 4
    assert "What the person told us" in page
    conversation = one(
        app,
        """SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id
        WHERE p.reference = 'COV-ASC-20131'""",
    )[0]
    assert one(
        app,
        "SELECT count(*) FROM audit_log WHERE object_type = 'conversation' AND object_id = ?",
        [conversation],
    )[0]
    # A record nobody talked with has no conversation beside it.
    other = client.get(f"/reviews/{COVENTRY}/audits/3009/record").get_data(as_text=True)
    assert "What the person told us" not in other


def test_a_focus_question_is_asked_in_every_audit_of_the_review(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    client.post(
        f"/reviews/{COVENTRY}/audits/focus",
        data={
            "focus-domain": "safeguarding",
            "focus-text": "Was the person's own outcome recorded?",
            "focus-submit": "1",
        },
    )
    page = client.get(f"/reviews/{COVENTRY}/audits/3001").get_data(as_text=True)
    assert "Was the person&#39;s own outcome recorded?" in page
    assert "Was the person&#39;s own outcome recorded?" not in client.get(
        f"/reviews/{BIRMINGHAM}/audits"
    ).get_data(as_text=True)


# ---------------------------------------------------------------- sessions


def test_a_session_is_recorded_with_numbers_by_role_and_notes(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    response = client.post(
        f"/reviews/{BIRMINGHAM}/sessions/new",
        data={
            "kind": "senior_managers",
            "held_on": ["3", "2", "2026"],
            "attended_senior_managers": "4",
            "attended_partners": "",
            "note_0": "Leaders know the waiting list is the worry.",
            "key_messages": "One quality framework.",
        },
    )
    assert response.status_code == 302
    row = one(
        app, "SELECT id, kind, held_on, attendance FROM practice_sessions WHERE review_id = ?", [BIRMINGHAM]
    )
    assert row[1:] == ("senior_managers", "2026-02-03", '{"senior_managers": 4}')
    assert one(app, "SELECT notes FROM session_notes WHERE session_id = ?", [row[0]])[0].startswith("Leaders")
    page = client.get(f"/reviews/{BIRMINGHAM}/sessions").get_data(as_text=True)
    assert "Senior managers" in page


def test_a_session_form_says_what_is_wrong(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.post(
        f"/reviews/{BIRMINGHAM}/sessions/new", data={"attended_social_workers": "lots"}
    ).get_data(as_text=True)
    assert "Choose the kind of session" in page
    assert "Enter the date of the session" in page
    assert "Enter a number from 0 to 500" in page


# ---------------------------------------------------------------- self-assessment and documents


def test_the_council_contact_answers_the_self_assessment(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    response = client.post(
        f"/reviews/{BIRMINGHAM}/self-assessment/answers", data={"answer_0": "Our audits said so."}
    )
    assert response.status_code == 302
    assert one(app, "SELECT answer FROM self_assessment_answers WHERE review_id = ?", [BIRMINGHAM])[0] == (
        "Our audits said so."
    )
    assert "Our audits said so." in client.get(f"/reviews/{BIRMINGHAM}/self-assessment").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("plan.docx", office_file("word/document.xml"), "docx"),
        ("figures.xlsx", office_file("xl/workbook.xml"), "xlsx"),
    ],
)
def test_a_document_is_known_by_its_content_and_downloaded_never_shown(
    app: Flask, client: FlaskClient, name: str, content: bytes, kind: str
) -> None:
    sign_in(client, "authority_contact")
    response = client.post(
        f"/reviews/{BIRMINGHAM}/self-assessment",
        data={"document": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document_id, stored_name, file_type = one(
        app,
        "SELECT id, name, file_type FROM review_documents WHERE review_id = ? ORDER BY id DESC",
        [BIRMINGHAM],
    )
    assert file_type == kind and stored_name == name
    client.post("/logout")
    sign_in(client, "psw")
    download = client.get(f"/reviews/{BIRMINGHAM}/documents/{document_id}")
    assert download.data == content
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_document_uploaded_by_mistake_is_deleted_after_a_page_that_asks(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "psw")
    listed = client.get(f"/reviews/{COVENTRY}/self-assessment").get_data(as_text=True)
    ask = f"/reviews/{COVENTRY}/documents/3001/delete"
    assert f'href="{ask}"' in listed
    (name,) = one(app, "SELECT name FROM review_documents WHERE id = 3001")
    page = client.get(ask).get_data(as_text=True)
    assert f"Delete “{name}”?" in page and "This cannot be undone." in page
    assert one(app, "SELECT count(*) FROM review_documents WHERE id = 3001")[0] == 1  # asking deletes nothing
    assert client.post(f"/reviews/{BIRMINGHAM}/documents/3001/delete").status_code == 404  # another review's
    response = client.post(ask)
    assert response.status_code == 302 and response.location.endswith(f"/reviews/{COVENTRY}/self-assessment")
    assert one(app, "SELECT count(*) FROM review_documents WHERE id = 3001")[0] == 0
    deleted = "SELECT count(*) FROM audit_log WHERE action = 'delete' AND object_type = 'document'"
    assert one(app, deleted)[0] == 1
    assert f"“{name}” deleted" in client.get(f"/reviews/{COVENTRY}/self-assessment").get_data(as_text=True)
    assert client.get(f"/reviews/{COVENTRY}/documents/3001").status_code == 404


def test_a_document_that_is_not_what_it_says_is_refused(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    before = one(app, "SELECT count(*) FROM review_documents")[0]
    for name, content in (
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("plan.docx", office_file("other/part.xml")),
        ("page.html", b"<html></html>"),
    ):
        page = client.post(
            f"/reviews/{BIRMINGHAM}/self-assessment",
            data={"document": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        assert "must be a PDF, a Word document (.docx) or a spreadsheet (.xlsx)" in page
    too_big = client.post(
        f"/reviews/{BIRMINGHAM}/self-assessment",
        data={"document": (io.BytesIO(PDF + b"0" * (10 * 1024 * 1024)), "big.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "10 MB or smaller" in too_big
    assert one(app, "SELECT count(*) FROM review_documents")[0] == before


# ---------------------------------------------------------------- one codebook, findings across sources


def test_a_session_note_is_coded_and_uncoded(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    note = one(app, "SELECT id FROM session_notes WHERE session_id = 3001 ORDER BY id")[0]
    theme = one(app, "SELECT id FROM themes WHERE review_id = ? AND name = 'Advocacy'", [COVENTRY])[0]
    client.post(
        f"/reviews/{COVENTRY}/coding/session/3001",
        data={"item": f"session_note-{note}", f"session_note-{note}-theme": theme},
    )
    coding = one(
        app,
        "SELECT id FROM source_codings WHERE source = 'session_note' AND item_id = ? AND theme_id = ?",
        [note, theme],
    )
    assert coding
    assert "Advocacy" in client.get(f"/reviews/{COVENTRY}/coding/session/3001").get_data(as_text=True)
    client.post(f"/reviews/{COVENTRY}/coding/session/3001/{coding[0]}/remove")
    assert not one(app, "SELECT id FROM source_codings WHERE id = ?", [coding[0]])
    # An item of another review cannot be coded from here.
    other = client.post(
        f"/reviews/{COVENTRY}/coding/audit/3001",
        data={"item": f"session_note-{note}", f"session_note-{note}-theme": theme},
    )
    assert other.status_code == 400


def test_merging_a_theme_moves_its_codings_on_every_source(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    carers, advocacy = (
        one(app, "SELECT id FROM themes WHERE review_id = ? AND name = ?", [COVENTRY, name])[0]
        for name in ("Carers", "Advocacy")
    )
    before = one(app, "SELECT count(*) FROM source_codings WHERE theme_id = ?", [carers])[0]
    assert before
    client.post(
        f"/reviews/{COVENTRY}/codebook/{carers}/merge", data={"merge-into": advocacy, "merge-confirm": "yes"}
    )
    assert one(app, "SELECT count(*) FROM source_codings WHERE theme_id = ?", [carers])[0] == 0
    assert one(app, "SELECT count(*) FROM source_codings WHERE theme_id = ?", [advocacy])[0] == before


def test_a_finding_says_what_it_rests_on_across_sources(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/findings").get_data(as_text=True)
    assert "7 people, 3 case records, 2 practitioner sessions, 1 manager session, the self-assessment" in page
    draft = client.get(f"/reviews/{COVENTRY}/findings/5").get_data(as_text=True)
    assert "This finding rests on one source only." in draft or "rests on what one person said" in draft
    # Linking an audit rating coded with a theme adds case records to what it rests on.
    carers = one(app, "SELECT id FROM themes WHERE review_id = ? AND name = 'Carers'", [COVENTRY])[0]
    rating, reference = one(
        app,
        """SELECT sc.item_id, ca.reference FROM source_codings sc JOIN audit_ratings ar ON ar.id = sc.item_id
        JOIN case_audits ca ON ca.id = ar.audit_id WHERE sc.source = 'audit_rating' AND sc.theme_id = ?
        ORDER BY sc.item_id""",
        [carers],
    )
    choices = client.get(f"/reviews/{COVENTRY}/findings/5/evidence?theme={carers}").get_data(as_text=True)
    assert f"Case file audit of {reference}" in choices
    client.post(
        f"/reviews/{COVENTRY}/findings/5/evidence?theme={carers}",
        data={"sources": [f"audit_rating-{rating}"]},
    )
    shown = client.get(f"/reviews/{COVENTRY}/findings/5").get_data(as_text=True)
    assert "1 case record" in shown and "one source only" not in shown
    link = one(app, "SELECT id FROM finding_sources WHERE finding_id = 5")[0]
    client.post(f"/reviews/{COVENTRY}/findings/5/sources/{link}/remove")
    assert not one(app, "SELECT id FROM finding_sources WHERE finding_id = 5")


def test_the_dashboard_shows_audit_ratings_by_domain_and_record_against_conversation(
    client: FlaskClient,
) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/dashboard").get_data(as_text=True)
    assert "Case file audits by domain" in page and "Mental capacity" in page
    assert "What the record says, and what the person said" in page and "COV-ASC-20131" in page


# ---------------------------------------------------------------- exports


def _project(client: FlaskClient) -> etree._Element:
    sign_in(client, "psw")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/reviews/{COVENTRY}/export?format=qdpx").data))
    return etree.fromstring(archive.read("project.qde"))


def test_the_reported_review_exports_a_valid_refi_qda_project_with_variables_on_every_source(
    client: FlaskClient,
) -> None:
    root = _project(client)
    schema = etree.XMLSchema(etree.parse(str(REFI / "Project-mrt2019.xsd")))
    assert schema.validate(root), schema.error_log
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{QDA}Variable")}
    assert set(variables.values()) == {"Source type", "Council", "Language", "Interpreter"}
    kinds = set()
    for source in root.iter(f"{QDA}TextSource"):
        values = {
            variables[value.find(f"{QDA}VariableRef").get("targetGUID")]: value.find(f"{QDA}TextValue").text
            for value in source.findall(f"{QDA}VariableValue")
        }
        assert values["Council"] == "Coventry"
        kinds.add(values["Source type"])
        if values["Source type"] == "Conversation":
            assert values["Language"] and values["Interpreter"] in ("Yes", "No")
    assert kinds == {
        "Conversation",
        "Case file audit",
        "Practitioner session",
        "Manager session",
        "Self-assessment",
    }


def test_each_coder_has_their_own_selection(client: FlaskClient) -> None:
    root = _project(client)
    users = {u.get("guid") for u in root.iter(f"{QDA}User")}
    assert len(users) == 2
    spans: dict[tuple[str, str, str], set[str]] = {}
    for source in root.iter(f"{QDA}TextSource"):
        for selection in source.findall(f"{QDA}PlainTextSelection"):
            assert selection.get("creatingUser") in users and selection.get("creationDateTime")
            codings = selection.findall(f"{QDA}Coding")
            assert {c.get("creatingUser") for c in codings} == {selection.get("creatingUser")}
            key = (source.get("guid"), selection.get("startPosition"), selection.get("endPosition"))
            spans.setdefault(key, set()).add(selection.get("creatingUser"))
    assert any(len(coders) == 2 for coders in spans.values())  # both PSWs coded the same item
    guids = [element.get("guid") for element in root.iter() if element.get("guid")]
    assert len(guids) == len(set(guids))


def test_guids_differ_between_installations(tmp_path: Path) -> None:
    namespaces = set()
    for name in ("one.db", "two.db"):
        db = connect(tmp_path / name)
        prepare(db)
        namespaces.add(db.execute("SELECT value FROM meta WHERE key = 'guid_namespace'").fetchone()[0])
    assert len(namespaces) == 2


def test_the_codebook_export_validates(client: FlaskClient) -> None:
    sign_in(client, "psw")
    root = etree.fromstring(client.get(f"/reviews/{COVENTRY}/export?format=qdc").data)
    schema = etree.XMLSchema(etree.parse(str(REFI / "Codebook.spec.xsd")))
    assert schema.validate(root), schema.error_log


@pytest.mark.parametrize(
    ("fmt", "source", "rows"),
    [("audits-csv", "audit_rating", 192), ("sessions-csv", "practitioner_session", 18)],
)
def test_each_source_downloads_as_csv(client: FlaskClient, fmt: str, source: str, rows: int) -> None:
    sign_in(client, "psw")
    response = client.get(f"/reviews/{COVENTRY}/export?format={fmt}")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    table = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(table) == rows
    assert source in {row["source"] for row in table}
    assert any(row["themes"] for row in table)


def test_the_spreadsheet_has_a_sheet_a_source(client: FlaskClient) -> None:
    from openpyxl import load_workbook

    sign_in(client, "psw")
    book = load_workbook(io.BytesIO(client.get(f"/reviews/{COVENTRY}/export?format=xlsx").data))
    assert book.sheetnames == [
        "Answers and quotes",
        "Case file audits",
        "Sessions",
        "Self-assessment",
        "Codebook",
    ]
    assert book["Self-assessment"].max_row == 8


# ---------------------------------------------------------------- regional learning


def test_psws_see_findings_across_the_region_with_councils_named_only_when_published(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "psw")
    page = client.get("/findings/regional").get_data(as_text=True)
    assert "Offer every carer a carer&#39;s assessment" in page and "Coventry" in page
    assert "Download the findings as CSV" not in page
    db = db_of(app)
    db.execute("UPDATE reviews SET status = 'analysis' WHERE id = ?", [COVENTRY])
    db.conn.commit()
    hidden = client.get("/findings/regional").get_data(as_text=True)
    assert "Offer every carer a carer&#39;s assessment" in hidden
    assert "Coventry" not in hidden and "Not published yet" in hidden
    client.post("/logout")
    sign_in(client, "coordinator")
    named = client.get("/findings/regional").get_data(as_text=True)
    assert "Coventry" in named and "Not published yet" not in named
    download = client.get("/findings/regional/findings.csv").data.decode("utf-8-sig")
    assert "Offer every carer a carer's assessment" in download and "Coventry" in download


@pytest.mark.parametrize(
    "url",
    [
        f"/reviews/{COVENTRY}/audits/3001",
        f"/reviews/{COVENTRY}/sessions/new",
        f"/reviews/{COVENTRY}/sessions/3001",
        f"/reviews/{COVENTRY}/findings/5/evidence?theme=18",
        "/reviews/1/findings/new",  # Coventry is published: it takes no new finding
    ],
)
def test_every_choice_group_has_a_legend(client: FlaskClient, url: str) -> None:
    from bs4 import BeautifulSoup

    sign_in(client, "psw")
    page = BeautifulSoup(client.get(url).data, "html.parser")
    groups = page.select(".govuk-radios, .govuk-checkboxes, .govuk-date-input")
    assert groups
    for group in groups:
        legend = group.find_parent("fieldset").find("legend")
        assert legend is not None and legend.get_text().strip()


def test_two_people_answering_the_self_assessment_at_once_lose_no_words(
    app: Flask, client: FlaskClient
) -> None:
    from bs4 import BeautifulSoup

    sign_in(client, "psw")
    url = f"/reviews/{COVENTRY}/self-assessment/answers"
    page = BeautifulSoup(client.get(url).data, "html.parser")
    form = {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}
    form.update({area["name"]: area.get_text() for area in page.select("textarea")})
    # Someone else saves the first answer after this page was shown.
    db = db_of(app)
    db.execute(
        "UPDATE self_assessment_answers SET answer = 'Their words.' WHERE review_id = ? AND question_key = ?",
        [COVENTRY, "context-focus"],
    )
    db.conn.commit()
    response = client.post(url, data={**form, "answer_0": "My words.", "answer_1": "Changed too."})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Their words." in text and "My words." in text
    stored = "SELECT answer FROM self_assessment_answers WHERE review_id = ? AND question_key = ?"
    assert one(app, stored, [COVENTRY, "context-focus"])[0] == "Their words."
    assert one(app, stored, [COVENTRY, "context-changes"])[0] == "Changed too."
    # Saving again, having seen their words, keeps the choice made.
    page = BeautifulSoup(text, "html.parser")
    again = {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}
    again.update({area["name"]: area.get_text().strip() for area in page.select("textarea")})
    assert client.post(url, data=again).status_code == 302
    assert one(app, stored, [COVENTRY, "context-focus"])[0] == "My words."
