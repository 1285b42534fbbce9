from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from tests.conftest import csrf_token, sign_in


def test_sign_in_page_has_the_labelled_fields(client: FlaskClient) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert '<label class="govuk-label" for="email">' in html and "Email address" in html
    assert 'for="password"' in html and "Password" in html
    assert 'data-module="govuk-password-input"' in html  # show password, paste allowed
    assert "onpaste" not in html
    assert ">\n  Sign in\n</button>" in html or "Sign in</button>" in html


def test_each_role_signs_in_and_reaches_its_home(client: FlaskClient) -> None:
    homes = {
        "coordinator": "All reviews",
        "psw": "Your reviews",
        "expert_by_experience": "Your conversations",
        "authority_contact": "Your reviews",
    }
    for role, heading in homes.items():
        response = sign_in(client, role)
        assert response.status_code == 302 and response.location == "/"
        page = client.get("/").get_data(as_text=True)
        assert f">{heading}</h1>" in page
        client.post("/logout")


def test_wrong_password_gives_the_same_error_whether_or_not_the_email_exists(client: FlaskClient) -> None:
    known = sign_in(client, "psw@example.org", "not the password").get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", "not the password").get_data(as_text=True)
    for page in (known, unknown):
        assert "There is a problem" in page
        assert "Enter a correct email address and password" in page
        assert 'href="#email"' in page

    def comparable(page: str, email: str) -> str:
        return re.sub(r'(nonce|value)="[^"]*"', "", page.replace(email, "X"))

    assert comparable(known, "psw@example.org") == comparable(unknown, "nobody@example.org")


def test_empty_form_shows_an_error_for_each_field(client: FlaskClient) -> None:
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your password" in page
    assert "<title>Error: Sign in" in page


def test_sign_in_only_goes_on_to_a_path_on_this_site(client: FlaskClient) -> None:
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": "psw@example.org", "password": "demo-psw-2026-pass"},
    )
    assert response.location == "/"
    client.post("/logout")
    response = client.post(
        "/login?next=/help", data={"email": "psw@example.org", "password": "demo-psw-2026-pass"}
    )
    assert response.location == "/help"


def test_sign_out_ends_the_session_on_the_server(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    cookie = client.get_cookie("coproduce_session")
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("coproduce_session", cookie.value)
    assert replay.get("/").status_code == 302


def test_sign_in_starts_a_new_session(client: FlaskClient) -> None:
    client.get("/login")
    with client.session_transaction() as session:
        session["left_over"] = "from before"
    sign_in(client, "psw")
    with client.session_transaction() as session:
        assert "left_over" not in session


def test_deactivating_a_person_ends_their_session_at_once(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    assert client.get("/").status_code == 200
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE users SET active = 0 WHERE email = 'psw@example.org'")
    assert client.get("/").status_code == 302


def test_an_idle_session_ends(app_factory) -> None:
    app = app_factory(SESSION_IDLE_SECONDS=60)
    client = app.test_client()
    sign_in(client, "psw")
    assert client.get("/").status_code == 200
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE user_sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    assert client.get("/").status_code == 302


def test_passwords_are_argon2id(app: Flask) -> None:
    db = connect(app.config["DATABASE"])
    hashes = [row[0] for row in db.execute("SELECT password_hash FROM users WHERE password_hash IS NOT NULL")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_sign_in_is_audited(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    client.post("/logout")
    sign_in(client, "nobody@example.org", "wrong password")
    db = connect(app.config["DATABASE"])
    rows = list(db.query("SELECT action, user_id, detail FROM audit_log ORDER BY id"))
    assert [row["action"] for row in rows] == ["sign_in", "sign_out", "sign_in_failed"]
    assert rows[0]["user_id"] is not None and rows[2]["detail"] == "nobody@example.org"


def test_csrf_is_enforced_when_enabled(app_factory) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    refused = client.post("/login", data={"email": "psw@example.org", "password": "demo-psw-2026-pass"})
    assert refused.status_code == 400
    token = csrf_token(client.get("/login").get_data(as_text=True))
    accepted = client.post(
        "/login", data={"csrf_token": token, "email": "psw@example.org", "password": "demo-psw-2026-pass"}
    )
    assert accepted.status_code == 302


def test_session_cookie_flags(app_factory) -> None:
    app = app_factory(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = sign_in(client, "psw")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
