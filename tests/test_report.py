"""The review report: stages, audiences and de-identification, exports read back, the action plan,
the six-month meeting and the letters."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from flask import Flask
from flask.testing import FlaskClient

from coproduce.cli import main
from coproduce.db import connect
from coproduce.demo import DEMO_PASSWORDS
from coproduce.report import identifying
from tests.conftest import sign_in

COVENTRY, WALSALL = 3, 6
COUNCIL_STAGES = ("factual_accuracy", "final", "published")
COUNCIL_CONTACTS = [email for email in DEMO_PASSWORDS if email.startswith("contact")]


def rows(app: Flask, sql: str, params: list[Any] | None = None) -> list[tuple]:
    db = connect(app.config["DATABASE"])
    try:
        return [tuple(row) for row in db.execute(sql, params or [])]
    finally:
        db.close()


def write(app: Flask, sql: str, params: list[Any] | None = None) -> None:
    db = connect(app.config["DATABASE"])
    try:
        with db.conn:
            db.execute(sql, params or [])
    finally:
        db.close()


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def text_of(response: Any, tmp_path: Path) -> str:
    if response.mimetype == "application/pdf":
        return pdf_text(response.data, tmp_path)
    if response.mimetype.endswith("wordprocessingml.document"):
        return docx_text(response.data)
    return response.get_data(as_text=True)


def council_and_public_urls(review_id: int, finding_ids: list[int]) -> list[str]:
    urls = [
        f"/reviews/{review_id}/findings",
        f"/reviews/{review_id}/report",
        f"/published/{review_id}",
        f"/reviews/{review_id}/action-plan",
        f"/reviews/{review_id}/report?audience=public",
    ]
    for fmt in ("docx", "pdf"):
        urls += [f"/reviews/{review_id}/export?format={fmt}&audience={a}" for a in ("council", "public")]
        urls.append(f"/published/{review_id}/download?format={fmt}")
    for finding in finding_ids:
        urls += [
            f"/reviews/{review_id}/findings/{finding}",
            f"/reviews/{review_id}/findings/{finding}/follow-up",
            f"/reviews/{review_id}/report/findings/{finding}/comment",
        ]
    return urls


def test_nobody_outside_the_team_sees_a_finding_or_a_reference(app: Flask, tmp_path: Path) -> None:
    """For every review of the demo, and again with every review moved back to draft: no council
    contact, and nobody signed out, sees a finding before factual accuracy, and nothing they can
    reach shows a case reference of the review."""
    reviews = [r[0] for r in rows(app, "SELECT id FROM reviews ORDER BY id")]
    checked = 0
    for round_ in ("as in the demo", "all at draft"):
        if round_ == "all at draft":
            write(app, "UPDATE reviews SET report_stage = 'draft'")
        for review_id in reviews:
            stage = rows(app, "SELECT report_stage FROM reviews WHERE id = ?", [review_id])[0][0]
            findings = rows(app, "SELECT id, title FROM findings WHERE review_id = ?", [review_id])
            references = [
                r[0] for r in rows(app, "SELECT reference FROM participants WHERE review_id = ?", [review_id])
            ]
            for who in [*COUNCIL_CONTACTS, None]:
                client = app.test_client()
                if who:
                    sign_in(client, who)
                for url in council_and_public_urls(review_id, [f[0] for f in findings]):
                    response = client.get(url)
                    if response.status_code != 200:
                        continue
                    checked += 1
                    text = text_of(response, tmp_path)
                    leaked = [ref for ref in references if ref in text]
                    assert leaked == [], f"{who} {url} shows {leaked}"
                    if stage not in COUNCIL_STAGES:
                        shown = [title for _id, title in findings if title in text]
                        assert shown == [], f"{who} {url} shows a finding at {stage}"
    assert checked > 20  # the council's and the public's pages were really read


def test_the_council_contact_sees_the_report_from_factual_accuracy(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "contact3@example.org")
    page = client.get(f"/reviews/{WALSALL}/report").get_data(as_text=True)
    assert "People are not asked which language they want" in page
    assert "Person 2, interpreted from Punjabi" in page or "Person 2, interpreted from Panjabi" in page
    assert "Our letters template has a language question" in page  # its own open comment
    assert "Put the quote about the daughter first" not in page  # the team's own check stays with the team
    write(app, "UPDATE reviews SET report_stage = 'team_check' WHERE id = ?", [WALSALL])
    assert client.get(f"/reviews/{WALSALL}/report").status_code == 404
    assert client.get(f"/reviews/{WALSALL}/findings/6").status_code == 404
    assert "Workers build on" not in client.get(f"/reviews/{WALSALL}/findings").get_data(as_text=True)


def test_public_leaves_out_small_groups_and_quotes_not_for_publication(client: FlaskClient) -> None:
    sign_in(client, "psw")
    public = client.get(f"/reviews/{COVENTRY}/report?audience=public").get_data(as_text=True)
    council = client.get(f"/reviews/{COVENTRY}/report?audience=council").get_data(as_text=True)
    team = client.get(f"/reviews/{COVENTRY}/report?audience=team").get_data(as_text=True)
    assert "The interpreter was a man" in council and "The interpreter was a man" not in public
    assert "fewer than 5" in public and "fewer than 5" not in council
    assert "COV-ASC-20114" in team and "COV-ASC-20114" not in council
    assert "Imran Hussain, expert by experience" in public  # he chose to be named


def test_one_person_has_one_number_in_a_report(app: Flask) -> None:
    from coproduce.report import model
    from coproduce.report.data import review_row

    with app.test_request_context("/?lang=en"):
        review = review_row(COVENTRY)
        council = model.build(review, "council")
        team = model.build(review, "team")
    by_quote = {q.id: q.person for q in team.quotes()}
    seen: dict[str, str] = {}
    for quote in council.quotes():
        assert re.fullmatch(r"Person \d+", quote.person)
        assert seen.setdefault(by_quote[quote.id], quote.person) == quote.person
    assert len(set(seen.values())) == len(seen)  # different people, different numbers
    for group in [t.quotes for t in council.themes] + [f.quotes for _h, g in council.findings for f in g]:
        for quote in group:
            assert quote.person == seen[by_quote[quote.id]]


def test_every_quote_says_whose_words_it_is(app: Flask) -> None:
    from coproduce.report import model
    from coproduce.report.data import review_row

    with app.test_request_context("/?lang=en"):
        report = model.build(review_row(COVENTRY), "council")
    voices = {q.voice for q in report.quotes()}
    assert "in their own words" in voices
    assert any(v.startswith("interpreted from ") for v in voices)
    assert all(q.interpreted == q.voice.startswith("interpreted") for q in report.quotes())


def _contrast(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_word_report_read_back(client: FlaskClient) -> None:
    sign_in(client, "psw")
    data = client.get(f"/reviews/{COVENTRY}/export?format=docx&audience=council").data
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    props = document.core_properties
    assert props.title == "Coventry practice review " + props.title.rsplit(" ", 1)[1]
    assert props.author == "Coventry practice review team" and props.subject == "Safeguarding"
    assert props.language == "en-GB" and props.created.year >= 2026
    levels = [
        int(p.style.name.rsplit(" ", 1)[1])
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(document.tables) and all(captions)
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    assert pictures and all(p.get("descr", "").startswith("Bar chart:") for p in pictures)
    colours = [e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:color"))]
    colours += [e.get(qn("w:val")) for e in document.element.body.iter(qn("w:color"))]
    assert colours and all(c == "auto" or _contrast(c) >= 4.5 for c in colours)
    text = docx_text(data)
    assert "interpreted from" in text and "Person 1" in text and "COV-ASC" not in text
    assert "Contents" in text and "Table 1: how we talked with people" in text


def test_pdf_report_read_back(client: FlaskClient, tmp_path: Path) -> None:
    sign_in(client, "psw")
    data = client.get(f"/reviews/{COVENTRY}/export?format=pdf&audience=public").data
    info = pdf_info(data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M)
    assert re.search(r"^Title:\s+Coventry practice review \d{4}$", info, re.M)
    text = pdf_text(data, tmp_path)
    assert "interpreted from" in text and "in their own words" in text and "COV-ASC" not in text


def test_export_command_makes_each_audience(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    output = tmp_path / "public.pdf"
    result = runner.invoke(
        main,
        ["export", "--review", str(COVENTRY), "--format", "pdf", "--audience", "public", "-o", str(output)],
    )
    assert result.exit_code == 0, result.output
    assert "Person 1" in pdf_text(output.read_bytes(), tmp_path)
    refused = runner.invoke(
        main,
        ["export", "--review", str(COVENTRY), "--format", "csv", "--audience", "council", "-o", str(output)],
    )
    assert refused.exit_code != 0 and "team only" in refused.output


def test_identifying_details_are_highlighted() -> None:
    flagged = [
        text for text, found in identifying.parts("Then Sarah rang 07700 900123 on Monday, room 12.") if found
    ]
    assert flagged == ["Sarah", "07700 900123", "Monday", "12"]
    assert not any(found for _text, found in identifying.parts("Nobody phoned me back for six weeks."))


def test_from_factual_accuracy_to_published(app: Flask) -> None:
    """Walsall: the council comments; the team answers every comment and checks every quote; the lead
    and one other approve; the council publishes; anyone can read it. (Each person has a client of
    their own, outside the `client` fixture's request context, which would keep its signed-in person.)"""
    client = app.test_client()
    sign_in(client, "contact3@example.org")
    assert (
        client.post(f"/reviews/{WALSALL}/report/findings/6/comment", data={"kind": "correction"}).status_code
        == 200
    )
    client.post(
        f"/reviews/{WALSALL}/report/findings/6/comment", data={"kind": "comment", "body": "Thank you."}
    )
    assert client.post(f"/reviews/{WALSALL}/report/stage").status_code == 403  # not final yet
    team = app.test_client()
    sign_in(team, "psw")  # a PSW on the Walsall team, not its lead
    assert "Approve the final report" not in team.get(f"/reviews/{WALSALL}/report").get_data(as_text=True)
    open_comments = [
        r[0]
        for r in rows(
            app, "SELECT id FROM report_comments WHERE review_id = ? AND response IS NULL", [WALSALL]
        )
    ]
    assert len(open_comments) == 3
    page = team.post(f"/reviews/{WALSALL}/report/comments/{open_comments[0]}", data={"response": "declined"})
    assert "Say why" in page.get_data(as_text=True)
    for comment in open_comments:
        team.post(
            f"/reviews/{WALSALL}/report/comments/{comment}",
            data={"response": "accepted", "reason": "Corrected."},
        )
    team.post(f"/reviews/{WALSALL}/report/approve")
    assert rows(app, "SELECT count(*) FROM report_approvals WHERE review_id = ?", [WALSALL])[0][0] == 0
    quotes = [
        r[0]
        for r in rows(
            app,
            """SELECT q.id FROM quotes q JOIN answers a ON a.id = q.answer_id
        JOIN conversations c ON c.id = a.conversation_id JOIN participants p ON p.id = c.participant_id
        WHERE p.review_id = ?""",
            [WALSALL],
        )
    ]
    checks = team.get(f"/reviews/{WALSALL}/report/quotes").get_data(as_text=True)
    assert "<mark>Khan</mark>" in checks and "<mark>07700 900123</mark>" in checks
    form: dict[str, list[str]] = {f"quote-{q}": ["checked"] for q in quotes}
    form[f"quote-{quotes[0]}"] = ["checked", "hidden"]
    team.post(f"/reviews/{WALSALL}/report/quotes", data=form)
    assert team.post(f"/reviews/{WALSALL}/report/approve").status_code == 302
    assert rows(app, "SELECT report_stage FROM reviews WHERE id = ?", [WALSALL])[0][0] == "factual_accuracy"
    lead = app.test_client()
    sign_in(lead, "psw2@example.org")
    lead.post(f"/reviews/{WALSALL}/report/approve")
    assert rows(app, "SELECT report_stage FROM reviews WHERE id = ?", [WALSALL])[0][0] == "final"
    assert lead.get(f"/reviews/{WALSALL}/findings/6/reopen").status_code == 403  # final: no reopening
    assert client.post(f"/reviews/{WALSALL}/report/stage").status_code == 302
    assert rows(app, "SELECT report_stage FROM reviews WHERE id = ?", [WALSALL])[0][0] == "published"
    public = app.test_client().get(f"/published/{WALSALL}").get_data(as_text=True)
    assert "Workers build on what people are good at" in public and "Mrs Khan" not in public


def test_the_lead_reopens_a_finding_with_a_reason_before_final(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw2@example.org")  # lead PSW of Walsall
    assert "Reopen this finding" in client.get(f"/reviews/{WALSALL}/findings/7").get_data(as_text=True)
    page = client.post(f"/reviews/{WALSALL}/findings/7/reopen", data={"reason": ""}).get_data(as_text=True)
    assert "Say why" in page
    client.post(
        f"/reviews/{WALSALL}/findings/7/reopen", data={"reason": "The council's correction is right."}
    )
    assert rows(app, "SELECT status FROM findings WHERE id = 7")[0][0] == "draft"
    assert rows(app, "SELECT detail FROM audit_log WHERE action = 'reopen' AND object_id = 7")[0][0] == (
        "The council's correction is right."
    )


def test_team_check_comments_from_an_expert_by_experience(app: Flask) -> None:
    write(app, "UPDATE reviews SET report_stage = 'team_check' WHERE id = ?", [WALSALL])
    write(app, "DELETE FROM report_comments WHERE stage = 'factual_accuracy'")
    client = app.test_client()
    sign_in(client, "expert_by_experience")
    response = client.post(
        f"/reviews/{WALSALL}/report/findings/8/comment",
        data={"kind": "comment", "body": "Say six weeks, not 'long'."},
    )
    assert response.status_code == 302
    lead = app.test_client()
    sign_in(lead, "psw2@example.org")
    page = lead.get(f"/reviews/{WALSALL}/report").get_data(as_text=True)
    assert "1 comment is still open." in page and "Say six weeks" in page


def test_the_council_answers_a_recommendation_and_the_lead_records_six_months(app: Flask) -> None:
    council = app.test_client()
    sign_in(council, "contact2@example.org")
    rec = rows(
        app, "SELECT id FROM findings WHERE review_id = ? AND kind = 'recommendation' ORDER BY id", [COVENTRY]
    )[0][0]
    page = council.post(f"/reviews/{COVENTRY}/action-plan/{rec}", data={"decision": "declined"}).get_data(
        as_text=True
    )
    assert "Say why the council declines it" in page
    action = {
        "decision": "accepted",
        "owner": "Front Door Manager",
        "what": "Publish waiting times monthly",
        "due": ["1", "3", "2027"],
    }
    page = council.post(f"/reviews/{COVENTRY}/action-plan/{rec}", data=action).get_data(as_text=True)
    assert "Enter the baseline measure" in page
    council.post(f"/reviews/{COVENTRY}/action-plan/{rec}", data={**action, "baseline": "Now: not published"})
    assert rows(app, "SELECT due, baseline FROM actions WHERE what = 'Publish waiting times monthly'") == [
        ("2027-03-01", "Now: not published")
    ]
    lead = app.test_client()
    sign_in(lead, "psw")
    actions = [
        r[0]
        for r in rows(
            app,
            """SELECT a.id FROM actions a JOIN findings f ON f.id = a.finding_id
        WHERE f.review_id = ?""",
            [COVENTRY],
        )
    ]
    data: dict[str, Any] = {
        "held_on": ["2", "3", "2027"],
        "attendees": "Director, lead PSW",
        "what_changed": "Waiting times are published.",
        "view": "challenge",
    }
    page = lead.post(f"/reviews/{COVENTRY}/six-month-meeting", data=data).get_data(as_text=True)
    assert "Say what the team challenges" in page and "Choose a status for each action" in page
    data.update({f"status_{a}": "done" for a in actions}, view_note="Only one team has the rota.")
    assert lead.post(f"/reviews/{COVENTRY}/six-month-meeting", data=data).status_code == 302
    plan = lead.get(f"/reviews/{COVENTRY}/action-plan").get_data(as_text=True)
    assert "Only one team has the rota." in plan and "Publish waiting times monthly" in plan
    assert rows(app, "SELECT count(*) FROM meeting_actions WHERE status = 'done'")[0][0] == len(actions)


def test_due_actions_on_the_overdue_list_and_the_council_home(app: Flask) -> None:
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator")
    overdue = coordinator.get("/findings/overdue").get_data(as_text=True)
    assert "Send a letter saying who to contact while people wait" in overdue
    council = app.test_client()
    sign_in(council, "contact2@example.org")
    home = council.get("/").get_data(as_text=True)
    assert "Actions due" in home and "Send a letter saying who to contact" in home
    assert "Ring everyone waiting" not in home  # done at the six-month meeting


def test_letters_in_the_persons_language_with_the_reference_on_the_cover_only(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    sign_in(client, "contact2@example.org")
    people = rows(
        app,
        """SELECT p.reference, p.language, c.id FROM participants p JOIN conversations c
        ON c.participant_id = p.id WHERE p.review_id = ? AND c.status = 'submitted' ORDER BY p.id""",
        [COVENTRY],
    )
    number = next(n for n, (_ref, lang, _id) in enumerate(people, start=1) if lang == "ur")
    response = client.get(f"/reviews/{COVENTRY}/letters/{people[number - 1][2]}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert re.search(r"^Tagged:\s+yes$", pdf_info(response.data, tmp_path), re.M)
    cover, *letter = pdf_text(response.data, tmp_path).split("\f")
    assert people[number - 1][0] in cover
    assert people[number - 1][0] not in "".join(letter)
    assert re.search("[\u0600-\u06ff]", "".join(letter))  # written in Urdu
    assert "Letters to the people who took part" in client.get(f"/reviews/{COVENTRY}/letters").get_data(
        as_text=True
    )


@pytest.mark.parametrize("code", ["en", "ur"])
def test_the_report_page_in_each_direction(client: FlaskClient, code: str) -> None:
    sign_in(client, "psw")
    page = client.get(f"/reviews/{COVENTRY}/report?lang={code}").get_data(as_text=True)
    assert f'lang="{code}"' in page and "<svg" in page and 'role="img"' in page


def test_public_counts_no_group_under_five_in_any_chart_or_theme(app: Flask) -> None:
    """Tables, the ratings' and the chosen answers' charts (bars and their text alternative) and the
    themes: in public, a group under 5 people is said to be "fewer than 5", never counted."""
    from coproduce.report import model
    from coproduce.report.data import review_row

    with app.test_request_context("/?lang=en"):
        review = review_row(WALSALL)
        council = model.build(review, "council")
        public = model.build(review, "public")
    small = [row for chart in council.charts for row in chart.rows if 0 < (row.people or 0) < 5]
    assert small, "the demo has small groups to hide"
    rows = [row for chart in public.charts for row in chart.rows] + [r for t in public.tables for r in t.rows]
    assert all(row.people is None or row.people >= 5 for row in rows)
    assert all(row.shown == "fewer than 5" for row in rows if row.people is None)
    for chart in public.charts:
        assert not re.search(r"\b[1-4] (person|people)\b", chart.alt), chart.alt
    for theme in public.themes:
        assert not re.search(r"\b[1-4] (person|people)\b", theme.people), theme.people
