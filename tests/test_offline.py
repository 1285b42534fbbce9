"""The server's side of working from a tablet: changes sent twice count once, scripts get short
answers (never a page, never a rewritten session cookie), screens can be kept for use with no
connection, and signing out leaves nothing in the browser. The browser's side is in
tests/browser/test_offline.py."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token, sign_in
from tests.test_capture import FIRST, GUIDE, query, start_with_consent

ROOT = Path(__file__).resolve().parents[1]
CID = 7  # the demo expert by experience's conversation with WLV-ASC-20311, not started
BACKGROUND = {"X-Coproduce-Send": "background", "Accept": "application/json"}


def autosave(client: FlaskClient, **body: object):
    return client.post(f"/conversations/{CID}/questions/{FIRST}/autosave", json=body)


def notes(app: Flask) -> list[str]:
    return [row["notes"] for row in query(app, "SELECT notes FROM answers WHERE conversation_id = ?", [CID])]


def test_a_save_whose_reply_was_lost_is_applied_once_and_the_next_one_follows_it(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    assert autosave(client, version=0, notes="A", change_id="tablet-1").json["version"] == 1
    # The reply was lost: the tablet sends the same change again, then its next one on the version it
    # last knew, naming the change it sent. Both are accepted; nothing is counted twice.
    assert autosave(client, version=0, notes="A", change_id="tablet-1").json["version"] == 1
    assert (
        autosave(client, version=0, notes="AB", change_id="tablet-2", after_change="tablet-1").json["version"]
        == 2
    )
    assert notes(app) == ["AB"]

    # Another tablet changes it; this tablet's next save is refused with what is stored, both kept.
    assert autosave(client, version=2, notes="Other words", change_id="other-1").status_code == 200
    refused = autosave(client, version=2, notes="ABC", change_id="tablet-3", after_change="tablet-2")
    assert refused.status_code == 409
    assert refused.json["error"] == "conflict"
    assert refused.json["notes"] == "Other words"
    assert refused.json["version"] == 3
    assert notes(app) == ["Other words"]


def test_a_save_for_a_conversation_already_sent_is_refused_as_closed(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    assert client.post(f"/conversations/{CID}/submit").status_code == 302
    refused = autosave(client, version=0, notes="Too late", change_id="tablet-1")
    assert (refused.status_code, refused.json) == (409, {"error": "closed"})


def test_bad_change_ids_are_refused(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    for bad in ({"change_id": 7}, {"change_id": "x" * 65}, {"after_change": ["x"]}, {"skipped": "yes"}):
        assert autosave(client, version=0, notes="A", **bad).status_code == 400


def test_a_worry_sent_twice_from_a_tablet_is_recorded_once(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    worry = {"what_was_said": "Someone takes her money", "when_said": "At the start", "person_knows": "yes"}
    for _ in range(2):
        response = client.post(
            f"/conversations/{CID}/worried", data=worry, headers={**BACKGROUND, "X-Change-Id": "worry-1"}
        )
        assert response.json == {"next": f"/conversations/{CID}/worried/saved"}
    stored = query(app, "SELECT what_was_said FROM safeguarding_concerns WHERE conversation_id = ?", [CID])
    assert stored == [{"what_was_said": "Someone takes her money"}]


def test_a_form_sent_in_the_background_is_told_where_next_or_that_it_needs_changing(
    client: FlaskClient,
) -> None:
    sign_in(client, "expert_by_experience")
    client.post(f"/conversations/{CID}/start")
    invalid = client.post(f"/conversations/{CID}/who", data={}, headers=BACKGROUND)
    assert (invalid.status_code, invalid.json) == (422, {"error": "invalid"})
    presence = {"present": ["nobody"], "language_used": "en", "interpreter_accepted": "none_offered"}
    sent = client.post(f"/conversations/{CID}/who", data=presence, headers=BACKGROUND)
    assert (sent.status_code, sent.json) == (200, {"next": f"/conversations/{CID}/consent"})
    # The same form sent by the browser itself still moves to the next page.
    assert client.post(f"/conversations/{CID}/who", data=presence).status_code == 302


def test_scripts_are_told_in_json_that_the_session_ended_and_the_cookie_is_left_alone(
    client: FlaskClient,
) -> None:
    for response in (
        autosave(client, version=0, notes="Typed after the session ended"),
        client.get("/session/token", headers={"Accept": "application/json"}),
        client.get(f"/conversations/{CID}/questions/{FIRST}", headers={"X-Coproduce-Copy": "offline"}),
    ):
        assert (response.status_code, response.json) == (401, {"error": "signed_out"})
        assert "Set-Cookie" not in response.headers
    # A person moving to a page is still sent to sign in, and back after.
    page = client.get(f"/conversations/{CID}/questions/{FIRST}")
    assert page.status_code == 302 and "/login?next=" in page.location


def test_a_stale_form_token_gets_a_json_answer_and_a_fresh_token_works(app_factory) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.test_client() as client:
        login = client.get("/login")
        client.post(
            "/login",
            data={
                "email": "expert@example.org",
                "password": "demo-expert-2026-pass",
                "csrf_token": csrf_token(login.get_data(as_text=True)),
            },
        )
        stale = client.post(f"/conversations/{CID}/start", headers={**BACKGROUND, "X-CSRFToken": "stale"})
        assert (stale.status_code, stale.json) == (400, {"error": "csrf"})
        token = client.get("/session/token", headers={"Accept": "application/json"}).json["csrf_token"]
        started = client.post(f"/conversations/{CID}/start", headers={**BACKGROUND, "X-CSRFToken": token})
        assert started.json == {"next": f"/conversations/{CID}/who"}


def test_every_screen_of_a_held_conversation_can_be_kept_before_it_starts(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "expert_by_experience")
    kept = client.get("/conversations/offline.json").json
    assert kept["pages"] == ["/", "/conversations/offline"]
    held = {conversation["id"]: conversation for conversation in kept["conversations"]}
    assert 2 not in held and 5 not in held  # someone else's; one that did not take place
    pages = held[CID]["pages"]
    assert f"/conversations/{CID}/check" in pages
    assert [page for page in pages if "/questions/" in page] == [
        f"/conversations/{CID}/questions/{question.key}" for question in GUIDE.questions
    ]
    for page in pages:
        assert client.get(page, headers={"X-Coproduce-Copy": "offline"}).status_code == 200, page
        assert client.get(page).status_code in (200, 302), page  # a person is still led in order
    assert client.get(f"/conversations/{CID}/check").status_code == 302
    # The copies are in the audit log once for the conversation, not once a screen.
    kept = query(
        app, "SELECT count(*) AS n FROM audit_log WHERE action = 'keep_offline' AND object_id = ?", [CID]
    )
    assert kept == [{"n": 1}]


def test_the_stamp_of_a_kept_conversation_changes_when_it_moves_on(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")

    def stamp() -> str:
        kept = client.get("/conversations/offline.json").json["conversations"]
        return next(c["stamp"] for c in kept if c["id"] == CID)

    before = stamp()
    client.post(f"/conversations/{CID}/start")
    assert stamp() != before
    in_english = stamp()
    in_urdu = client.get("/conversations/offline.json?lang=ur").json["conversations"]
    assert in_english != next(c["stamp"] for c in in_urdu if c["id"] == CID)


def test_signing_out_clears_what_the_browser_keeps(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_the_service_worker_is_served_from_the_root_and_keeps_every_module_the_pages_import(
    client: FlaskClient,
) -> None:
    worker = client.get("/service-worker.js")
    assert worker.status_code == 200 and worker.mimetype in ("text/javascript", "application/javascript")
    listed = set(re.findall(r'"(/static/[^"]+)"', worker.get_data(as_text=True)))
    imported, queue = set(), ["/static/js/app.mjs", "/static/js/capture.mjs"]
    while queue:
        module = queue.pop()
        imported.add(module)
        source = (ROOT / module.lstrip("/")).read_text()
        for target in re.findall(r'^import .*? from "([^"]+)";', source, flags=re.MULTILINE):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(module), target))
            if resolved not in imported and not resolved.startswith("/static/vendor/"):
                queue.append(resolved)
            imported.add(resolved)
    assert imported <= listed


def test_an_answer_changed_elsewhere_shows_both_texts_without_javascript(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    assert autosave(client, version=0, notes="Words from the other tablet").status_code == 200
    page = client.post(
        f"/conversations/{CID}/questions/{FIRST}",
        data={"version": 0, "notes": "Words from this screen", "next": "Save and continue"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Words from the other tablet" in html and "Words from this screen" in html
