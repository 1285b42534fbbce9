"""The coordinator's audit log, retention, subject access export and the privacy notice."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from click.testing import CliRunner
from flask import Flask

from coproduce.cli import main as cli
from coproduce.db import connect
from tests.conftest import sign_in


def test_the_audit_log_cannot_be_changed_or_deleted(app: Flask, client) -> None:
    sign_in(client, "psw")
    db = connect(app.config["DATABASE"])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'nothing'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1


def test_the_app_has_no_path_that_changes_the_audit_log() -> None:
    from pathlib import Path

    source = "\n".join(path.read_text() for path in Path("coproduce").rglob("*.py")).lower()
    for words in (
        "update audit_log",
        "delete from audit_log",
        '["audit_log"].update',
        '["audit_log"].delete',
    ):
        assert words not in source


def test_the_coordinator_searches_the_audit_log(app: Flask, client) -> None:
    sign_in(client, "psw")
    client.post("/logout")
    sign_in(client, "nobody@example.org", "wrong password")
    sign_in(client, "coordinator")
    page = client.get("/privacy/audit?who=psw%40example&action=&object_type=").get_data(as_text=True)
    assert "psw@example.org" in page and "sign_out" in page
    assert "Records that match: 2." in page
    failed = client.get("/privacy/audit?action=sign_in_failed").get_data(as_text=True)
    assert "nobody@example.org" in failed and "Records that match: 1." in failed
    wrong = client.get("/privacy/audit?date_from=yesterday").get_data(as_text=True)
    assert "There is a problem" in wrong


def test_the_search_treats_wildcards_as_text(client) -> None:
    sign_in(client, "coordinator")
    page = client.get("/privacy/audit?who=%25").get_data(as_text=True)
    assert "Records that match: 0." in page


def test_the_export_is_csv_with_no_formula_cells(app: Flask, client) -> None:
    for email in ("=cmd|'/c calc'!A1@x.org", "+1@x.org", "-2@x.org", "@sum@x.org"):
        client.post("/login", data={"email": email, "password": "wrong password"})
    sign_in(client, "coordinator")
    response = client.get("/privacy/audit.csv?action=sign_in_failed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:2] == ["id", "at"] and len(rows) >= 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'audit_export'").fetchone()[0] == 1


def test_only_the_coordinator_sees_the_audit_log(client) -> None:
    for role in ("psw", "expert_by_experience", "authority_contact"):
        sign_in(client, role)
        assert client.get("/privacy/audit").status_code == 403
        assert client.get("/privacy/audit.csv").status_code == 403
        client.post("/logout")


def test_the_privacy_notice_is_linked_from_every_page(client) -> None:
    for url in ("/login", "/help", "/privacy/notice", "/no-such-page"):
        assert 'href="/privacy/notice"' in client.get(url).get_data(as_text=True), url
    sign_in(client, "expert_by_experience")
    assert 'href="/privacy/notice"' in client.get("/").get_data(as_text=True)
    urdu = client.get("/privacy/notice?lang=ur").get_data(as_text=True)
    assert 'lang="ur"' in urdu


def _closed_review_with_content(app: Flask) -> int:
    db = connect(app.config["DATABASE"])
    row = db.execute(
        """SELECT c.id, p.review_id FROM conversations c JOIN participants p ON p.id = c.participant_id
        WHERE c.status = 'not_started' LIMIT 1"""
    ).fetchone()
    conversation_id, review_id = row
    version = db.execute("SELECT id FROM guide_versions LIMIT 1").fetchone()[0]
    db.execute(
        """UPDATE conversations SET status = 'submitted', guide_version_id = ?, presence_reason = 'Her son',
        reflection_noticed = 'secret words' WHERE id = ?""",
        [version, conversation_id],
    )
    answer = db["answers"].insert(
        {"conversation_id": conversation_id, "question_key": "q1", "rating": "4", "notes": "secret words",
         "updated_at": "2020-01-01"}
    ).last_pk  # fmt: skip
    quote = (
        db["quotes"]
        .insert({"answer_id": answer, "text": "secret words", "kind": "verbatim", "created_at": "2020-01-01"})
        .last_pk
    )
    users = db.execute("SELECT id FROM users LIMIT 1").fetchone()[0]
    finding = db["findings"].insert(
        {"review_id": review_id, "kind": "strength", "title": "People felt heard", "status": "signed_off",
         "proposed_by": users, "signed_off_at": "2020-01-01", "created_at": "2020-01-01"}
    ).last_pk  # fmt: skip
    db["finding_evidence"].insert({"finding_id": finding, "quote_id": quote})
    db.execute("UPDATE reviews SET status = 'closed', retention_months = 12 WHERE id = ?", [review_id])
    return review_id


def test_closing_a_review_records_when(app: Flask) -> None:
    review_id = _closed_review_with_content(app)
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT closed_at FROM reviews WHERE id = ?", [review_id]).fetchone()[0] is not None


def test_retention_dry_run_then_apply(app: Flask) -> None:
    review_id = _closed_review_with_content(app)
    db = connect(app.config["DATABASE"])
    runner = CliRunner()
    env = {"COPRODUCE_DATABASE": app.config["DATABASE"]}
    result = runner.invoke(cli, ["retention"], env=env)
    assert f"review {review_id} " not in result.output  # closed today: 12 months to go
    db.execute("UPDATE reviews SET closed_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", [review_id])
    result = runner.invoke(cli, ["retention"], env=env)
    assert f"Would erase the conversation content of review {review_id}" in result.output
    assert "Dry run" in result.output
    assert db.execute("SELECT count(*) FROM answers WHERE notes = 'secret words'").fetchone()[0] == 1
    in_review = """SELECT count(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
        JOIN participants p ON p.id = c.participant_id WHERE p.review_id = ? AND a.rating = '4'"""
    signed = "SELECT count(*) FROM findings WHERE review_id = ? AND status = 'signed_off'"
    ratings_before = db.execute(in_review, [review_id]).fetchone()[0]
    signed_before = db.execute(signed, [review_id]).fetchone()[0]
    assert ratings_before >= 1 and signed_before >= 1
    result = runner.invoke(cli, ["retention", "--apply"], env=env)
    assert result.exit_code == 0 and "Erasing" in result.output
    for table, column in (("answers", "notes"), ("quotes", "text"), ("conversations", "reflection_noticed")):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'secret words'").fetchone()[0] == 0
    assert db.execute(in_review, [review_id]).fetchone()[0] == ratings_before  # counts stay
    assert db.execute(signed, [review_id]).fetchone()[0] == signed_before
    audit = db.execute("SELECT object_id, detail FROM audit_log WHERE action = 'retention_erase'").fetchall()
    assert sorted(row[0] for row in audit) == [review_id, 4]  # 4: the demo's closed Solihull review
    assert "secret" not in str(audit)
    again = runner.invoke(cli, ["retention", "--apply"], env=env)
    assert "No review is past its retention period" in again.output  # the demo's closed review went too


def test_the_coordinator_sets_retention(app: Flask, client) -> None:
    sign_in(client, "coordinator")
    assert "Birmingham" in client.get("/privacy/retention").get_data(as_text=True)
    assert client.post("/privacy/retention/1", data={"months": "24"}).status_code == 302
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT retention_months FROM reviews WHERE id = 1").fetchone()[0] == 24
    assert "24 months" in client.get("/privacy/retention").get_data(as_text=True)
    wrong = client.post("/privacy/retention/1", data={"months": "999"})
    assert wrong.status_code == 200 and "There is a problem" in wrong.get_data(as_text=True)
    assert (
        db.execute("SELECT detail FROM audit_log WHERE action = 'retention_set'").fetchone()[0] == "months=24"
    )


def test_subject_access_export_for_one_reference(app: Flask, client) -> None:
    review_id = _closed_review_with_content(app)
    db = connect(app.config["DATABASE"])
    reference = db.execute(
        """SELECT p.reference FROM participants p JOIN conversations c ON c.participant_id = p.id
        WHERE c.status = 'submitted'"""
    ).fetchone()[0]
    sign_in(client, "coordinator")
    response = client.post("/privacy/subject-access", data={"review": review_id, "reference": reference})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    page = response.get_data(as_text=True)
    assert reference in page and "secret words" in page and "People felt heard" in page
    other = db.execute(
        "SELECT reference FROM participants WHERE reference != ? LIMIT 1", [reference]
    ).fetchone()
    assert other[0] not in page
    missing = client.post("/privacy/subject-access", data={"review": review_id, "reference": "NOPE-1"})
    assert "No one has this reference in this review" in missing.get_data(as_text=True)
    wrong_review = client.post("/privacy/subject-access", data={"review": 2, "reference": reference})
    assert "No one has this reference in this review" in wrong_review.get_data(as_text=True)
    assert (
        db.execute("SELECT count(*) FROM audit_log WHERE action = 'subject_access_export'").fetchone()[0] == 1
    )
