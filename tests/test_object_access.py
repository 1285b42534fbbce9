"""An expert by experience cannot reach another person's conversation by any URL.

Every GET rule of the app is tried (a rule added by any branch is included without a change here),
with every id that exists in the table each whole-number part names (and one that does not) put into
it. Conversations held by someone else carry planted text; no page the expert gets may show it.
"""

from __future__ import annotations

import itertools
import subprocess

from flask import Flask
from werkzeug.routing import IntegerConverter
from werkzeug.test import TestResponse

from coproduce.db import connect
from tests.conftest import sign_in

SECRET = "PLANTED-SECRET-{}"


# Which table each whole-number URL part is an id of. A part not named here fails the test, so a new
# kind of id is added here rather than silently left untried.
ID_TABLES = {
    "review_id": "reviews",
    "conversation_id": "conversations",
    "participant_id": "participants",
    "user_id": "users",
    "concern_id": "safeguarding_concerns",
    "coding_id": "codings",
    "finding_id": "findings",
    "evidence_id": "finding_evidence",
    "theme_id": "themes",
    "request_id": "guide_requests",
    "comment_id": "report_comments",
    "audit_id": "case_audits",
    "session_id": "practice_sessions",
    "document_id": "review_documents",
}


def _existing_ids(db, table: str) -> list[int]:
    """Every id in the table, and one past the largest (which does not exist)."""
    ids = [row[0] for row in db.execute(f"SELECT id FROM {table} ORDER BY id")]
    return [*ids, (ids[-1] if ids else 0) + 1]


def _plant_secrets(app: Flask, expert_email: str) -> tuple[list[str], dict[str, list[int]]]:
    """Put recognisable content into every conversation the expert does not hold."""
    db = connect(app.config["DATABASE"])
    expert = db.execute("SELECT id FROM users WHERE email = ?", [expert_email]).fetchone()[0]
    version = db.execute("SELECT id FROM guide_versions LIMIT 1").fetchone()[0]
    secrets = []
    others = db.execute(
        """SELECT id FROM conversations WHERE interviewer_id != ?
        AND (second_interviewer_id IS NULL OR second_interviewer_id != ?)""",
        [expert, expert],
    ).fetchall()
    for (conversation_id,) in others:
        secret = SECRET.format(conversation_id)
        secrets.append(secret)
        db.execute(
            """UPDATE conversations SET status = 'in_progress', guide_version_id = ?,
            started_at = '2026-01-01', reflection_noticed = ?, presence_reason = ? WHERE id = ?""",
            [version, secret, secret, conversation_id],
        )
        answer = (
            db["answers"]
            .insert(
                {
                    "conversation_id": conversation_id,
                    "question_key": "q1",
                    "notes": secret,
                    "updated_at": "2026-01-01",
                }
            )
            .last_pk
        )
        db["quotes"].insert(
            {"answer_id": answer, "text": secret, "kind": "verbatim", "created_at": "2026-01-01"}
        )
    ids = {name: _existing_ids(db, table) for name, table in ID_TABLES.items()}
    return secrets, ids


def _text_of(response: TestResponse) -> str:
    """What a response shows: its text, or a PDF's text read back with pdftotext (a person's pack)."""
    if response.mimetype == "application/pdf":
        return subprocess.run(
            ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
        ).stdout.decode()
    return response.get_data(as_text=True)


def test_an_expert_cannot_reach_another_persons_conversation(app: Flask) -> None:
    secrets, ids_of = _plant_secrets(app, "expert@example.org")
    assert secrets
    client = app.test_client()
    sign_in(client, "expert_by_experience")
    tried = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or set()):
            continue
        if rule.endpoint == "auth.logout":
            continue
        names = list(rule.arguments)
        if any(not isinstance(rule._converters[name], IntegerConverter) for name in names):
            continue  # only whole-number ids can be guessed this way
        assert set(names) <= set(ID_TABLES), f"add {set(names) - set(ID_TABLES)} to ID_TABLES"
        for values in itertools.product(*(ids_of[name] for name in names)) if names else [()]:
            url = rule.build(dict(zip(names, values, strict=True)))[1]
            response = client.get(url)
            tried += 1
            assert response.status_code < 500, url
            body = _text_of(response)
            leaked = [secret for secret in secrets if secret in body]
            assert not leaked, f"{url} shows another person's conversation"
            if response.status_code == 302 and "/login" in (response.location or ""):
                sign_in(client, "expert_by_experience")
    assert tried > 0
