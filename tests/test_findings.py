"""Findings: dashboard, coding and codebook, findings with evidence, follow-up, exports, regional view."""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from coproduce.db import connect
from coproduce.migrations.m006_findings import REGIONAL_THEMES
from coproduce.regional import data as regional
from tests.conftest import sign_in

COVENTRY = 3
QDA = "{urn:QDA-XML:project:1.0}"


def draft_report(app: Flask) -> None:
    """Take Coventry's report (published in the demo) back to draft, so findings can be added."""
    db_of(app).execute("UPDATE reviews SET report_stage = 'draft' WHERE id = ?", [COVENTRY])


def db_of(app: Flask):
    return connect(app.config["DATABASE"])


def one(app: Flask, sql: str, params: list | None = None):
    return db_of(app).execute(sql, params or []).fetchone()


def test_the_regional_codebook_is_in_every_database(tmp_path) -> None:
    from coproduce.migrations import prepare

    db = connect(tmp_path / "empty.db")
    prepare(db)
    names = [r[0] for r in db.execute("SELECT name FROM themes WHERE review_id IS NULL ORDER BY id")]
    assert names == [name for name, _ in REGIONAL_THEMES]
    assert len(names) == 15


def test_dashboard_shows_ratings_as_a_table_with_people(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/dashboard").get_data(as_text=True)
    assert "app-findings-bar" in page and 'aria-hidden="true"' in page
    assert "People who answered: 8" in page
    assert "By phone" in page


def test_dashboard_is_a_handful_of_queries(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    statements: list[str] = []
    from coproduce import db as db_module

    original = db_module.connect

    def counting(path):
        database = original(path)
        database.conn.set_trace_callback(statements.append)
        return database

    db_module.connect = counting
    try:
        client.get(f"/reviews/{COVENTRY}/dashboard")
    finally:
        db_module.connect = original
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) < 25, len(selects)


def test_coding_adds_and_removes_a_theme(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    conversation, quote = one(
        app,
        """SELECT a.conversation_id, q.id FROM quotes q JOIN answers a ON a.id = q.answer_id
        JOIN conversations c ON c.id = a.conversation_id JOIN participants p ON p.id = c.participant_id
        WHERE p.reference = 'COV-ASC-20240' LIMIT 1""",
    )
    theme = one(app, "SELECT id FROM themes WHERE review_id = ? AND name = 'Feeling safe'", [COVENTRY])[0]
    page = client.get(f"/reviews/{COVENTRY}/coding/{conversation}")
    assert page.status_code == 200
    item = f"quote-{quote}"
    client.post(f"/reviews/{COVENTRY}/coding/{conversation}", data={"item": item, f"{item}-theme": theme})
    coding = one(app, "SELECT id FROM codings WHERE quote_id = ? AND theme_id = ?", [quote, theme])
    assert coding is not None
    client.post(f"/reviews/{COVENTRY}/coding/{conversation}/{coding[0]}/remove")
    assert one(app, "SELECT id FROM codings WHERE id = ?", [coding[0]]) is None


def test_codebook_add_rename_group_and_merge(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    response = client.post(
        f"/reviews/{COVENTRY}/codebook",
        data={"name": "Hospital discharge", "description": "Leaving hospital"},
        follow_redirects=True,
    )
    assert "Theme added" in response.get_data(as_text=True)
    new = one(app, "SELECT id FROM themes WHERE review_id = ? AND name = 'Hospital discharge'", [COVENTRY])[0]
    group = one(
        app, "SELECT id FROM themes WHERE review_id = ? AND name = 'Moving between services'", [COVENTRY]
    )[0]
    client.post(
        f"/reviews/{COVENTRY}/codebook/{new}",
        data={"name": "Leaving hospital", "description": "Discharge", "parent": group},
        follow_redirects=True,
    )
    assert one(app, "SELECT name, parent_id FROM themes WHERE id = ?", [new]) == ("Leaving hospital", group)
    # A duplicate name is refused with a message.
    page = client.post(f"/reviews/{COVENTRY}/codebook", data={"name": "carers"})
    assert "There is already a theme with this name" in page.get_data(as_text=True)
    # Merging moves the codings.
    waiting = one(
        app,
        "SELECT id FROM themes WHERE review_id = ? AND name = ?",
        [COVENTRY, "Waiting and being kept informed"],
    )[0]
    informed = one(
        app, "SELECT id FROM themes WHERE review_id = ? AND name = ?", [COVENTRY, "Information and advice"]
    )[0]
    before = one(app, "SELECT count(*) FROM codings WHERE theme_id IN (?, ?)", [waiting, informed])[0]
    assert before > 0
    # The first press asks to confirm and changes nothing; the second merges.
    asked = client.post(f"/reviews/{COVENTRY}/codebook/{waiting}/merge", data={"merge-into": informed})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "This cannot be undone" in page
    assert 'name="merge-confirm" value="yes"' in page
    assert one(app, "SELECT merged_into FROM themes WHERE id = ?", [waiting])[0] is None
    client.post(
        f"/reviews/{COVENTRY}/codebook/{waiting}/merge", data={"merge-into": informed, "merge-confirm": "yes"}
    )
    assert one(app, "SELECT count(*) FROM codings WHERE theme_id = ?", [waiting])[0] == 0
    assert one(app, "SELECT merged_into FROM themes WHERE id = ?", [waiting])[0] == informed
    assert one(app, "SELECT count(*) FROM codings WHERE theme_id = ?", [informed])[0] > 0
    assert one(app, "SELECT count(*) FROM finding_evidence WHERE theme_id = ?", [waiting])[0] == 0


def test_second_coder_comparison_shows_differences(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/coding/compare").get_data(as_text=True)
    assert "Where they differ" in page


def test_equity_view_cross_tabulates(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/equity").get_data(as_text=True)
    assert "Interpreter there" in page and "Themes by group" in page


@pytest.mark.parametrize("page", ["dashboard", "coding", "codebook", "coding/compare", "equity"])
def test_every_analysis_page_has_the_analysis_menu(client: FlaskClient, page: str) -> None:
    """Each analysis page links to the others and to the findings, and marks itself as current."""
    sign_in(client, "psw")
    html = BeautifulSoup(client.get(f"/reviews/{COVENTRY}/{page}").get_data(as_text=True), "html.parser")
    menu = html.find("nav", attrs={"aria-label": "Analysis and findings"})
    links = {a["href"] for a in menu.find_all("a")}
    for other in ("dashboard", "coding", "codebook", "coding/compare", "equity", "findings"):
        assert f"/reviews/{COVENTRY}/{other}" in links
    assert menu.find("a", attrs={"aria-current": "page"})["href"] == f"/reviews/{COVENTRY}/{page}"


def test_finding_people_count_warning_and_sign_off(app: Flask, client: FlaskClient) -> None:
    draft_report(app)
    sign_in(client, "psw")
    response = client.post(
        f"/reviews/{COVENTRY}/findings/new",
        data={
            "kind": "recommendation",
            "title": "Ask people which interpreter they want",
            "owner": "Head of Service",
        },
    )
    finding = int(response.location.rsplit("/", 1)[1])
    quotes = [
        r[0]
        for r in db_of(app).execute(
            """SELECT min(q.id) FROM quotes q JOIN answers a ON a.id = q.answer_id
            JOIN conversations c ON c.id = a.conversation_id JOIN participants p ON p.id = c.participant_id
            WHERE p.review_id = ? GROUP BY p.id ORDER BY p.id LIMIT 3""",
            [COVENTRY],
        )
    ]
    client.post(f"/reviews/{COVENTRY}/findings/{finding}/evidence", data={"quotes": [f"quote-{quotes[0]}"]})
    page = client.get(f"/reviews/{COVENTRY}/findings/{finding}").get_data(as_text=True)
    assert "rests on what one person said" in page
    client.post(
        f"/reviews/{COVENTRY}/findings/{finding}/evidence", data={"quotes": [f"quote-{q}" for q in quotes]}
    )
    page = client.get(f"/reviews/{COVENTRY}/findings/{finding}").get_data(as_text=True)
    assert "rests on what one person said" not in page
    assert one(app, "SELECT count(*) FROM finding_evidence WHERE finding_id = ?", [finding])[0] == 3
    # Signing off asks first (a page with what it means), then signs off.
    asked = client.get(f"/reviews/{COVENTRY}/findings/{finding}/sign-off")
    assert asked.status_code == 200 and "nobody can change the finding" in asked.get_data(as_text=True)
    assert one(app, "SELECT status FROM findings WHERE id = ?", [finding])[0] == "draft"
    client.post(f"/reviews/{COVENTRY}/findings/{finding}/sign-off")
    status, due = one(app, "SELECT status, follow_up_due FROM findings WHERE id = ?", [finding])
    assert status == "signed_off" and due


def test_only_the_lead_psw_signs_off(app: Flask, client: FlaskClient) -> None:
    draft = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'draft'", [COVENTRY])[0]
    sign_in(client, "psw2@example.org")
    assert client.post(f"/reviews/{COVENTRY}/findings/{draft}/sign-off").status_code == 403
    assert one(app, "SELECT status FROM findings WHERE id = ?", [draft])[0] == "draft"


def test_an_expert_comments_and_proposes(app: Flask, client: FlaskClient) -> None:
    draft_report(app)
    draft = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'draft'", [COVENTRY])[0]
    sign_in(client, "expert2@example.org")
    page = client.get(f"/reviews/{COVENTRY}/findings/{draft}?lang=en").get_data(as_text=True)
    assert "Comments" in page
    client.post(f"/reviews/{COVENTRY}/findings/{draft}", data={"body": "I heard this from two more people."})
    assert one(app, "SELECT count(*) FROM finding_comments WHERE finding_id = ?", [draft])[0] == 2
    response = client.post(
        f"/reviews/{COVENTRY}/findings/new", data={"kind": "strength", "title": "Home visits felt respectful"}
    )
    assert response.status_code == 302


def test_reflections_appear_beside_findings_credited(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/findings/2").get_data(as_text=True)
    assert "Imran Hussain, expert by experience" in page


def test_the_council_contact_sees_signed_off_findings_only_and_follows_up(
    app: Flask, client: FlaskClient
) -> None:
    draft = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'draft'", [COVENTRY])[0]
    rec = one(
        app, "SELECT id FROM findings WHERE review_id = ? AND kind = 'recommendation' ORDER BY id", [COVENTRY]
    )[0]
    sign_in(client, "contact2@example.org")
    index = client.get(f"/reviews/{COVENTRY}/findings").get_data(as_text=True)
    assert "Online forms shut some people out" not in index
    assert client.get(f"/reviews/{COVENTRY}/findings/{draft}").status_code == 404
    assert client.get(f"/reviews/{COVENTRY}/coding").status_code == 403
    assert client.get(f"/reviews/{COVENTRY}/export?format=csv").status_code == 403
    response = client.post(
        f"/reviews/{COVENTRY}/findings/{rec}/follow-up", data={"progress": "not_doing", "evidence": "x"}
    )
    assert "Say why the council is not doing it" in response.get_data(as_text=True)
    client.post(
        f"/reviews/{COVENTRY}/findings/{rec}/follow-up",
        data={
            "progress": "done",
            "evidence": "Call-backs every two weeks since May.",
            "owner": "Service Manager",
        },
    )
    assert (
        one(app, "SELECT progress FROM follow_ups WHERE finding_id = ? ORDER BY id DESC", [rec])[0] == "done"
    )
    assert one(app, "SELECT owner FROM findings WHERE id = ?", [rec])[0] == "Service Manager"


def test_the_coordinator_sees_overdue_follow_ups(client: FlaskClient) -> None:
    sign_in(client, "coordinator")
    page = client.get("/findings/overdue").get_data(as_text=True)
    assert "Offer every carer a carer" in page
    assert "Keep people informed" not in page


def test_regional_view_and_csv(client: FlaskClient) -> None:
    sign_in(client, "coordinator")
    assert "Coventry" in client.get("/findings/regional").get_data(as_text=True)
    response = client.get("/findings/regional/download?format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "measure" and any(r[2] == "Coventry" for r in rows[1:])


def test_the_regional_summaries_follow_changes_and_match_the_answers(app: Flask, client: FlaskClient) -> None:
    """The regional view reads per-review summaries (m007); triggers keep them current."""
    sign_in(client, "coordinator")
    db = connect(app.config["DATABASE"])
    coventry = db.execute("SELECT r.id FROM reviews r JOIN councils co ON co.id = r.council_id "
                          "WHERE co.name = 'Coventry'").fetchone()[0]  # fmt: skip

    def people() -> int:
        rows = regional.regional_ratings()
        return sum(row["people"] for row in rows if row["council"] == "Coventry")

    with app.test_request_context():
        app.preprocess_request()
        before = people()
        held = db.execute(
            """SELECT count(*) FROM conversations c JOIN participants p ON p.id = c.participant_id
            WHERE p.review_id = ? AND c.status = 'submitted' AND c.withdrawn_at IS NULL""",
            [coventry],
        ).fetchone()[0]
        assert before == held > 0
        cid = db.execute(
            """SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id
            WHERE p.review_id = ? AND c.status = 'submitted' LIMIT 1""",
            [coventry],
        ).fetchone()[0]
        db.execute("UPDATE conversations SET withdrawn_at = '2026-01-01T00:00:00+00:00' WHERE id = ?", [cid])
        assert people() == before - 1
    page = client.get("/findings/regional?themes_page=2").get_data(as_text=True)
    assert "Coventry" in page and "All years" in page


def test_the_regional_summaries_equal_the_answers_after_every_kind_of_change(app: Flask) -> None:
    """Whatever changes a review's data, the summaries (m007) give what the answers themselves give."""
    from coproduce.analysis.data import CODED_ANSWER
    from coproduce.capture.held import FROM_REVIEW, HELD, joined
    from coproduce.regional.data import RATINGS_SQL, THEMES_SQL, refresh_summaries

    db = connect(app.config["DATABASE"])
    truth_themes = f"""SELECT t.name, co.name, r.year, r.focus, count(DISTINCT c.id) FROM codings cd
        JOIN themes t ON t.id = cd.theme_id {CODED_ANSWER} {joined("a.conversation_id")}
        JOIN reviews r ON r.id = p.review_id JOIN councils co ON co.id = r.council_id
        WHERE {HELD} GROUP BY t.name, co.name, r.year, r.focus"""
    truth_ratings = f"""SELECT co.name, r.year, r.focus, count(DISTINCT c.id),
        round(avg(CASE WHEN a.rating BETWEEN '1' AND '5' THEN CAST(a.rating AS INTEGER) END), 1)
        FROM {FROM_REVIEW} JOIN reviews r ON r.id = p.review_id JOIN councils co ON co.id = r.council_id
        LEFT JOIN answers a ON a.conversation_id = c.id WHERE {HELD} GROUP BY co.name, r.year, r.focus"""

    def check() -> None:
        refresh_summaries(db)
        for truth, summary in ((truth_themes, THEMES_SQL), (truth_ratings, RATINGS_SQL)):
            expected = sorted(tuple(row) for row in db.execute(truth))
            assert sorted(tuple(row) for row in db.execute(summary.format(where="1 = 1"))) == expected

    check()
    coding = db.execute("SELECT id, theme_id, answer_id, quote_id FROM codings LIMIT 1").fetchone()
    review_theme = db.execute("SELECT id, review_id FROM themes WHERE id = ?", [coding[1]]).fetchone()
    other = db.execute(
        "SELECT id FROM themes WHERE review_id IS ? AND id != ? LIMIT 1", [review_theme[1], coding[1]]
    ).fetchone()[0]
    changes = [
        ("UPDATE codings SET theme_id = ? WHERE id = ?", [other, coding[0]]),
        ("UPDATE themes SET name = name || ' (renamed)' WHERE id = ?", [other]),
        ("DELETE FROM codings WHERE id = ?", [coding[0]]),
        ("UPDATE answers SET rating = '1' WHERE id = (SELECT a.id FROM answers a JOIN conversations c "
         "ON c.id = a.conversation_id WHERE c.status = 'submitted' LIMIT 1)", []),
        ("DELETE FROM quotes WHERE id = (SELECT quote_id FROM codings WHERE quote_id IS NOT NULL "
         "LIMIT 1)", []),
        ("UPDATE conversations SET status = 'in_progress' WHERE id = "
         "(SELECT id FROM conversations WHERE status = 'submitted' LIMIT 1)", []),
        ("DELETE FROM answers WHERE conversation_id = "
         "(SELECT id FROM conversations WHERE status = 'submitted' LIMIT 1)", []),
        ("UPDATE reviews SET year = year - 1", []),
    ]  # fmt: skip
    for sql, params in changes:
        db.execute(sql, params)
        check()


@pytest.fixture
def with_formula_quote(app: Flask) -> None:
    db = db_of(app)
    answer = db.execute(
        """SELECT a.id FROM answers a JOIN conversations c ON c.id = a.conversation_id
        JOIN participants p ON p.id = c.participant_id WHERE p.review_id = ? LIMIT 1""",
        [COVENTRY],
    ).fetchone()[0]
    db.execute(
        "INSERT INTO quotes (answer_id, text, kind, created_at) "
        "VALUES (?, '=cmd|calc', 'verbatim', '2026-01-01')",
        [answer],
    )
    db.close()


def test_csv_and_xlsx_exports(client: FlaskClient, with_formula_quote: None) -> None:
    sign_in(client, "psw")
    text = client.get(f"/reviews/{COVENTRY}/export?format=csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["reference"] for r in rows} >= {"COV-ASC-20114", "COV-ASC-20240"}
    assert any(r["themes"] for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    book = load_workbook(io.BytesIO(client.get(f"/reviews/{COVENTRY}/export?format=xlsx").data))
    sheet = book["Answers and quotes"]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=cmd|calc" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_word_report_opens_again(client: FlaskClient) -> None:
    sign_in(client, "psw")
    document = Document(io.BytesIO(client.get(f"/reviews/{COVENTRY}/export?format=docx").data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Recommendations" in text and "Keep people informed while they wait" in text
    assert "Online forms shut some people out" not in text  # drafts stay out of the report
    assert "expert by experience" in text
    assert document.tables


def test_qdpx_is_a_refi_qda_project(client: FlaskClient) -> None:
    sign_in(client, "psw")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/reviews/{COVENTRY}/export?format=qdpx").data))
    root = ET.fromstring(archive.read("project.qde"))  # noqa: S314 (our own export)
    assert root.tag == f"{QDA}Project"
    assert [child.tag for child in root] == [
        f"{QDA}Users",
        f"{QDA}CodeBook",
        f"{QDA}Variables",
        f"{QDA}Sources",
    ]
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{QDA}Code")}
    assert "Listened to" in codes.values()
    users = {u.get("guid") for u in root.iter(f"{QDA}User")}
    sources = list(root.iter(f"{QDA}TextSource"))
    # 8 conversations, 12 case file audits, 3 sessions and the self-assessment
    assert len(sources) == 8 + 12 + 3 + 1
    coded = 0
    for source in sources:
        path = source.get("plainTextPath").removeprefix("internal://")
        text = archive.read(f"sources/{path}").decode("utf-8")
        for selection in source.iter(f"{QDA}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            for coding in selection.iter(f"{QDA}Coding"):
                assert coding.get("creatingUser") in users
                assert coding.find(f"{QDA}CodeRef").get("targetGUID") in codes
                coded += 1
    assert coded > 0
    # A quote's selection covers exactly the quote's words.
    quote = next(s for s in sources[0].iter(f"{QDA}PlainTextSelection") if " quote " in s.get("name"))
    path = sources[0].get("plainTextPath").removeprefix("internal://")
    text = archive.read(f"sources/{path}").decode("utf-8")
    words = text[int(quote.get("startPosition")) : int(quote.get("endPosition"))]
    assert "“" not in words and len(words) > 5


def test_qdc_codebook(client: FlaskClient) -> None:
    sign_in(client, "psw")
    root = ET.fromstring(client.get(f"/reviews/{COVENTRY}/export?format=qdc").data)  # noqa: S314
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert len(list(root.iter("{urn:QDA-XML:codebook:1.0}Code"))) >= 15


def test_export_command(app: Flask, tmp_path) -> None:
    from coproduce.cli import main

    output = tmp_path / "report.docx"
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["export", "--review", str(COVENTRY), "--format", "docx", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Keep people informed" in "\n".join(p.text for p in Document(str(output)).paragraphs)
    result = runner.invoke(
        main, ["export", "--review", str(COVENTRY), "--format", "qdpx", "-o", str(tmp_path / "p.qdpx")]
    )
    assert result.exit_code == 0, result.output
    assert "project.qde" in zipfile.ZipFile(tmp_path / "p.qdpx").namelist()


def test_evidence_page_filters_by_theme(app: Flask, client: FlaskClient) -> None:
    draft_report(app)
    sign_in(client, "psw")
    waiting = one(
        app,
        "SELECT id FROM themes WHERE review_id = ? AND name = ?",
        [COVENTRY, "Waiting and being kept informed"],
    )[0]
    everything = client.get(f"/reviews/{COVENTRY}/findings/5/evidence").get_data(as_text=True)
    assert 'name="answers"' not in everything and 'name="quotes"' in everything
    filtered = client.get(f"/reviews/{COVENTRY}/findings/5/evidence?theme={waiting}").get_data(as_text=True)
    assert 'name="answers"' in filtered
    assert filtered.count('name="quotes"') < everything.count('name="quotes"')


def test_an_empty_review_exports_a_project_without_empty_sections(client: FlaskClient) -> None:
    sign_in(client, "coordinator")  # Dudley (review 5) has no conversations in the demo
    archive = zipfile.ZipFile(io.BytesIO(client.get("/reviews/5/export?format=qdpx").data))
    root = ET.fromstring(archive.read("project.qde"))  # noqa: S314 (our own export)
    assert [child.tag for child in root] == [f"{QDA}CodeBook"]
    assert Document(io.BytesIO(client.get("/reviews/5/export?format=docx").data)).paragraphs


def test_a_draft_can_be_changed_by_the_expert_who_proposed_it(app: Flask, client: FlaskClient) -> None:
    draft_report(app)
    draft = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'draft'", [COVENTRY])[0]
    sign_in(client, "expert2@example.org")
    client.post(
        f"/reviews/{COVENTRY}/findings/{draft}/edit",
        data={"kind": "recommendation", "title": "Offer a paper form to everyone", "owner": "Digital lead"},
    )
    assert one(app, "SELECT kind, title, owner FROM findings WHERE id = ?", [draft]) == (
        "recommendation",
        "Offer a paper form to everyone",
        "Digital lead",
    )
    signed = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'signed_off'", [COVENTRY])[0]
    assert client.get(f"/reviews/{COVENTRY}/findings/{signed}/edit").status_code == 403


def test_an_expert_reaches_the_findings_from_home(client: FlaskClient) -> None:
    sign_in(client, "expert2@example.org")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert f'href="/reviews/{COVENTRY}/findings"' in page


def test_the_demo_credits_each_quote_to_one_person_and_notes_fit_their_question(app: Flask) -> None:
    from coproduce.findings.demo import NOTES

    db = db_of(app)
    shared = db.execute(
        """SELECT q.text, count(DISTINCT c.participant_id) AS people FROM quotes q
        JOIN answers a ON a.id = q.answer_id JOIN conversations c ON c.id = a.conversation_id
        GROUP BY q.text HAVING people > 1"""
    ).fetchall()
    assert shared == []
    rows = db.execute(
        "SELECT a.question_key, a.notes FROM answers a WHERE a.conversation_id BETWEEN 3001 AND 3008"
    ).fetchall()
    assert len(rows) > 50
    assert all(notes in NOTES[key] for key, notes in rows)


def test_a_too_long_field_says_its_limit_in_the_readers_language(client: FlaskClient) -> None:
    sign_in(client, "psw")
    page = client.post(f"/reviews/{COVENTRY}/codebook", data={"name": "x" * 81}).get_data(as_text=True)
    assert "Enter 80 characters or fewer" in page
    page = client.post(f"/reviews/{COVENTRY}/codebook", data={"name": "ok", "description": "x" * 1001})
    assert "Enter 1,000 characters or fewer" in page.get_data(as_text=True)


def test_no_finding_is_added_or_signed_off_once_the_report_is_final(app: Flask, client: FlaskClient) -> None:
    """Coventry's report is published in the demo: its findings are settled."""
    draft = one(app, "SELECT id FROM findings WHERE review_id = ? AND status = 'draft'", [COVENTRY])[0]
    sign_in(client, "psw")
    assert (
        client.post(f"/reviews/{COVENTRY}/findings/new", data={"kind": "strength", "title": "x"}).status_code
        == 403
    )
    assert client.post(f"/reviews/{COVENTRY}/findings/{draft}/sign-off").status_code == 403
    assert one(app, "SELECT status FROM findings WHERE id = ?", [draft])[0] == "draft"
