"""Optional two-factor sign-in with an authenticator app, which the coordinator can require."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
from flask import Flask

from coproduce.db import connect
from tests.conftest import PASSWORDS, sign_in


def _secret_on_page(html: str) -> str:
    match = re.search(r'class="app-totp-key"[^>]*>([A-Z2-7 ]+)</strong>', html)
    assert match, "the page shows no key"
    return match.group(1).replace(" ", "")


def _turn_on(client) -> str:
    secret = _secret_on_page(client.get("/account/two-factor").get_data(as_text=True))
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert "Two-factor sign-in is on." in client.get("/account/two-factor").get_data(as_text=True)
    return secret


def test_a_person_turns_it_on_and_then_needs_a_code(app: Flask, client) -> None:
    sign_in(client, "expert_by_experience")
    secret = _turn_on(client)
    client.post("/logout")
    response = sign_in(client, "expert_by_experience")
    assert response.status_code == 302 and response.location == "/login/code"
    assert client.get("/").status_code == 302  # not signed in yet
    wrong = client.post("/login/code", data={"code": "000000"})
    assert "The code is not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))  # the step after setup's
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    db = connect(app.config["DATABASE"])
    actions = [row[0] for row in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["sign_in_failed", "sign_in"]


def test_a_code_works_only_once(app: Flask, client) -> None:
    sign_in(client, "psw")
    secret = _turn_on(client)
    client.post("/logout")
    sign_in(client, "psw")
    code = pyotp.TOTP(secret).now()
    assert "The code is not right" in client.post("/login/code", data={"code": code}).get_data(as_text=True)


def test_the_code_step_without_a_password_goes_back_to_sign_in(client) -> None:
    response = client.get("/login/code")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_the_coordinator_requires_it_for_psws(app: Flask, client) -> None:
    sign_in(client, "coordinator")
    assert client.post("/privacy/two-factor", data={"roles": ["psw"]}).status_code == 302
    client.post("/logout")
    assert sign_in(client, "expert_by_experience").location == "/"  # not required for experts
    client.post("/logout")
    assert sign_in(client, "psw").location == "/login/code"
    page = client.get("/login/code").get_data(as_text=True)
    assert "Set up two-factor sign-in" in page
    secret = _secret_on_page(page)
    assert client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).location == "/"
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "required for your role" in page and "Turn off" not in page
    client.post("/account/two-factor/off")
    db = connect(app.config["DATABASE"])
    stored = db.execute("SELECT totp_secret FROM users WHERE email = 'psw@example.org'").fetchone()[0]
    assert stored == secret


def test_turning_it_off_when_not_required(app: Flask, client) -> None:
    sign_in(client, "authority_contact")
    _turn_on(client)
    password = PASSWORDS["contact@example.org"]
    assert client.post("/account/two-factor/off", data={"password": password}).status_code == 302
    assert "Two-factor sign-in is off." in client.get("/account/two-factor").get_data(as_text=True)
    client.post("/logout")
    assert sign_in(client, "authority_contact").location == "/"
    db = connect(app.config["DATABASE"])
    actions = {row[0] for row in db.execute("SELECT action FROM audit_log")}
    assert {"two_factor_on", "two_factor_off"} <= actions


def test_wrong_codes_count_towards_the_sign_in_limit(client) -> None:
    sign_in(client, "coordinator")
    _turn_on(client)
    client.post("/logout")
    sign_in(client, "coordinator")
    for _ in range(10):
        client.post("/login/code", data={"code": "000000"})
    blocked = client.post("/login/code", data={"code": "000000"})
    assert blocked.status_code == 429 and "Too many tries" in blocked.get_data(as_text=True)


def test_staying_signed_in_restarts_the_idle_clock(app: Flask, client) -> None:
    sign_in(client, "psw")
    page = client.get("/").get_data(as_text=True)
    assert 'id="session-warning"' in page and 'data-seconds-left="' in page
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE user_sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    app.config["SESSION_IDLE_SECONDS"] = 10**10  # the request itself must not end the session
    response = client.post("/session/extend", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.is_json
    assert db.execute("SELECT max(last_seen_at) FROM user_sessions").fetchone()[0] > "2001"
    without_js = client.post("/session/extend", data={"next": "/help"})
    assert without_js.status_code == 302 and without_js.location == "/help"


def test_signed_out_pages_have_no_session_warning(client) -> None:
    assert 'id="session-warning"' not in client.get("/login").get_data(as_text=True)


def test_the_coordinator_resets_a_lost_authenticator(app: Flask, client) -> None:
    sign_in(client, "psw")
    _turn_on(client)
    client.post("/logout")
    sign_in(client, "coordinator")
    missing = client.post("/privacy/two-factor/reset", data={"email": "nobody@example.org"})
    assert "No one has this email address" in missing.get_data(as_text=True)
    assert client.post("/privacy/two-factor/reset", data={"email": "psw@example.org"}).status_code == 302
    client.post("/logout")
    assert sign_in(client, "psw").location == "/"
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'two_factor_reset'").fetchone()[0] == 1


def _new_link_for(client, email: str) -> str:
    """The coordinator makes a new link for the person (to set a new password) and reads it once."""
    from tests.test_people import _link

    sign_in(client, "coordinator")
    db = connect(client.application.config["DATABASE"])
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    link = _link(client, client.post(f"/people/{user_id}/new-link"))
    client.post("/logout")
    return link


def test_a_new_password_link_still_asks_for_the_code(client) -> None:
    sign_in(client, "expert_by_experience")
    secret = _turn_on(client)
    client.post("/logout")
    link = _new_link_for(client, "expert@example.org")
    done = client.post(link, data={"password": "a brand new password for me"})
    assert done.status_code == 302 and done.location.startswith("/login/code")
    assert client.get("/").status_code == 302  # not signed in without the code
    assert "Now enter the code" in client.get("/login/code").get_data(as_text=True)
    code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))  # the step after setup's
    assert client.post("/login/code", data={"code": code}).location == "/"
    assert client.get("/").status_code == 200


def test_an_invitation_to_a_role_that_must_use_two_factor_sets_it_up_first(client) -> None:
    sign_in(client, "coordinator")
    client.post("/privacy/two-factor", data={"roles": ["psw"]})
    client.post("/logout")
    link = _new_link_for(client, "psw2@example.org")
    done = client.post(link, data={"password": "a brand new password for me"})
    assert done.status_code == 302 and done.location.startswith("/login/code")
    assert client.get("/").status_code == 302
    page = client.get("/login/code").get_data(as_text=True)
    assert "Set up two-factor sign-in" in page
    assert client.post("/login/code", data={"code": pyotp.TOTP(_secret_on_page(page)).now()}).location == "/"
