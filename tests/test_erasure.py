"""Erasure that really erases: withdrawal (and what a safeguarding record keeps), retention,
the database files themselves, and a subject access download that holds everything.

What a safeguarding concern keeps after the person withdraws (README, "Security and privacy"):
a concern not yet passed on keeps the person's words until a PSW records what was done, because the
duty to pass on a worry about someone's safety outweighs erasure; once it is passed on, only the
fact stays (raised when and by whom, whether the person knew, passed on when and by whom).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from coproduce.cli import main as cli
from coproduce.db import connect
from tests.conftest import sign_in
from tests.test_capture import FIRST, conversation_id, query, start_with_consent
from tests.test_privacy import _closed_review_with_content

SAID = "Her neighbour takes her pension every week, zebra-marker"
OF_CONVERSATION = "FROM conversations c JOIN participants p ON p.id = c.participant_id"
ACTION = "Rang the safeguarding hub at 3pm, their reference HUB-77, zebra-marker"


def _raise(client: FlaskClient, cid: int, what: str = SAID) -> int:
    sign_in(client, "expert_by_experience")
    client.post(
        f"/conversations/{cid}/worried",
        data={"what_was_said": what, "when_said": "today", "person_knows": "yes"},
    )
    client.post("/logout")
    db = connect(client.application.config["DATABASE"])
    return db.execute(
        "SELECT max(id) FROM safeguarding_concerns WHERE conversation_id = ?", [cid]
    ).fetchone()[0]


def _concern(app: Flask, concern_id: int) -> dict:
    return query(app, "SELECT * FROM safeguarding_concerns WHERE id = ?", [concern_id])[0]


def _subject_access(client: FlaskClient, app: Flask, cid: int) -> str:
    row = query(
        app,
        f"SELECT p.review_id, p.reference {OF_CONVERSATION} WHERE c.id = ?",
        [cid],
    )[0]
    sign_in(client, "coordinator")
    page = client.post(
        "/privacy/subject-access", data={"review": row["review_id"], "reference": row["reference"]}
    )
    client.post("/logout")
    return page.get_data(as_text=True)


def test_withdrawal_leaves_only_the_fact_of_a_concern_passed_on(app: Flask, client: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    concern_id = _raise(client, cid)
    sign_in(client, "psw")
    client.post(f"/conversations/{cid}/concerns/{concern_id}", data={"action": ACTION})
    assert client.post(f"/conversations/{cid}/withdraw").status_code == 302
    concern = _concern(app, concern_id)
    assert concern["what_was_said"] == "" and concern["when_said"] is None and concern["action_taken"] == ""
    assert (
        concern["raised_at"] and concern["actioned_at"] and concern["actioned_by"] and concern["person_knows"]
    )
    page = client.get(f"/conversations/{cid}/view").get_data(as_text=True)
    assert "zebra-marker" not in page and "Erased when the person withdrew" in page
    client.post("/logout")
    assert "zebra-marker" not in _subject_access(client, app, cid)


def test_an_open_concern_keeps_its_words_until_it_is_passed_on(app: Flask, client: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    concern_id = _raise(client, cid)
    sign_in(client, "psw")
    assert client.post(f"/conversations/{cid}/withdraw").status_code == 302
    assert _concern(app, concern_id)["what_was_said"] == SAID  # the duty to pass it on stands
    assert "BHM-ASC-10482" in client.get("/").get_data(as_text=True)  # still on the PSW's list
    assert SAID in client.get(f"/conversations/{cid}/view").get_data(as_text=True)
    client.post(f"/conversations/{cid}/concerns/{concern_id}", data={"action": ACTION})
    concern = _concern(app, concern_id)
    assert concern["what_was_said"] == "" and concern["action_taken"] == "" and concern["actioned_at"]


def _file_bytes(database: str) -> bytes:
    return b"".join(
        Path(database + suffix).read_bytes() for suffix in ("", "-wal") if Path(database + suffix).exists()
    )


def test_withdrawn_words_are_gone_from_the_database_files(app: Flask, client: FlaskClient) -> None:
    database = app.config["DATABASE"]
    assert connect(database).execute("PRAGMA secure_delete").fetchone()[0] == 1
    cid = conversation_id(app, "WLV-ASC-20311")
    sign_in(client, "expert_by_experience")
    start_with_consent(client, cid)
    long_words = "zebra-marker " + "x" * 9000  # longer than a page: an overflow page too
    save = client.post(
        f"/conversations/{cid}/questions/{FIRST}/autosave", json={"version": 0, "notes": long_words}
    )
    assert save.status_code == 200
    client.post("/logout")
    assert b"zebra-marker" in _file_bytes(database)
    sign_in(client, "coordinator")
    assert client.post(f"/conversations/{cid}/withdraw").status_code == 302
    assert b"zebra-marker" not in _file_bytes(database)


def test_retention_erases_from_the_files_and_keeps_only_counts_ratings_and_signed_off_findings(
    app: Flask,
) -> None:
    review_id = _closed_review_with_content(app)
    database = app.config["DATABASE"]
    db = connect(database)
    users = db.execute("SELECT id FROM users LIMIT 1").fetchone()[0]
    conversation = db.execute(
        f"SELECT c.id {OF_CONVERSATION} WHERE p.review_id = ? AND c.status = 'submitted'",
        [review_id],
    ).fetchone()[0]
    signed = db.execute(
        "SELECT id FROM findings WHERE review_id = ? AND status = 'signed_off'", [review_id]
    ).fetchone()[0]
    draft = db["findings"].insert(
        {"review_id": review_id, "kind": "recommendation", "title": "zebra-marker draft", "status": "draft",
         "proposed_by": users, "created_at": "2020-01-01"}
    ).last_pk  # fmt: skip
    db["finding_comments"].insert(
        {"finding_id": signed, "user_id": users, "body": "zebra-marker comment", "created_at": "2020-01-01"}
    )
    db["follow_ups"].insert(
        {"finding_id": signed, "recorded_by": users, "recorded_at": "2020-01-01", "progress": "in_progress",
         "evidence": "zebra-marker evidence"}
    )  # fmt: skip
    db["safeguarding_concerns"].insert(
        {"conversation_id": conversation, "raised_by": users, "raised_at": "2020-01-01",
         "what_was_said": "zebra-marker said", "person_knows": "yes", "action_taken": "zebra-marker action",
         "actioned_by": users, "actioned_at": "2020-01-01"}
    )  # fmt: skip
    db.execute("UPDATE reviews SET closed_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", [review_id])
    db.close()
    result = CliRunner().invoke(cli, ["retention", "--apply"], env={"COPRODUCE_DATABASE": database})
    assert result.exit_code == 0, result.output
    db = connect(database)
    assert db.execute("SELECT count(*) FROM findings WHERE id = ?", [draft]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM findings WHERE id = ?", [signed]).fetchone()[0] == 1
    assert (
        db.execute("SELECT count(*) FROM finding_comments WHERE finding_id = ?", [signed]).fetchone()[0] == 0
    )
    assert db.execute("SELECT count(*) FROM follow_ups WHERE finding_id = ?", [signed]).fetchone()[0] == 0
    action = db.execute(
        "SELECT action_taken, actioned_at FROM safeguarding_concerns WHERE conversation_id = ?",
        [conversation],
    ).fetchone()
    assert action[0] == "" and action[1] == "2020-01-01"
    db.close()
    assert b"zebra-marker" not in _file_bytes(database)


def test_subject_access_holds_concern_records_and_findings_through_themes(
    app: Flask, client: FlaskClient
) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    concern_id = _raise(client, cid)
    db = connect(app.config["DATABASE"])
    review_id = db.execute(
        f"SELECT p.review_id {OF_CONVERSATION} WHERE c.id = ?",
        [cid],
    ).fetchone()[0]
    users = db.execute("SELECT id FROM users WHERE email = 'psw@example.org'").fetchone()[0]
    answer = (
        db["answers"]
        .insert(
            {
                "conversation_id": cid,
                "question_key": FIRST,
                "notes": "coded words",
                "updated_at": "2020-01-01",
            }
        )
        .last_pk
    )
    theme = db["themes"].insert({"review_id": review_id, "name": "Being listened to, zebra"}).last_pk
    db["codings"].insert(
        {"theme_id": theme, "answer_id": answer, "coder_id": users, "created_at": "2020-01-01"}
    )
    finding = db["findings"].insert(
        {"review_id": review_id, "kind": "strength", "title": "Found through a theme only", "status": "draft",
         "proposed_by": users, "created_at": "2020-01-01"}
    ).last_pk  # fmt: skip
    db["finding_evidence"].insert({"finding_id": finding, "theme_id": theme})
    sign_in(client, "psw")
    client.get(f"/conversations/{cid}/view")
    client.post(f"/conversations/{cid}/concerns/{concern_id}", data={"action": ACTION})
    client.post("/logout")
    page = _subject_access(client, app, cid)
    assert "Found through a theme only" in page
    assert "raise_concern" in page and "action_concern" in page


def test_the_privacy_notice_and_consent_screen_say_what_a_concern_keeps(
    client: FlaskClient, app: Flask
) -> None:
    notice = client.get("/privacy/notice").get_data(as_text=True)
    assert (
        "even if you change your mind" in notice
        and "We keep a short note of when we told the safeguarding team" in notice
    )
    assert "within 30 days" in notice
    cid = conversation_id(app, "WLV-ASC-20311")
    sign_in(client, "expert_by_experience")
    client.post(f"/conversations/{cid}/start")
    consent = client.get(f"/conversations/{cid}/consent").get_data(as_text=True)
    assert "we still pass on a worry about your safety" in consent
