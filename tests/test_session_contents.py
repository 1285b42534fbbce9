"""What the session cookie carries, turning two-factor sign-in off, and resetting an authenticator.

The session cookie is signed, not encrypted: anyone who sees it (a shared computer's browser
profile, a proxy's log) can read it. It must never carry a secret worth stealing on its own.
"""

from __future__ import annotations

import re
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from tests.conftest import PASSWORDS, make_app, sign_in
from tests.test_two_factor import _secret_on_page, _turn_on


def _cookie(app: Flask, client: FlaskClient) -> str:
    """Everything the session cookie holds, as text."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    contents: dict[str, Any] = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return repr(contents)


def test_the_invitation_link_never_travels_in_the_cookie(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "coordinator")
    response = client.post(
        "/people/invite",
        data={"name": "Nadia Rahman", "email": "nadia@example.org", "role": "psw", "council": ""},
    )
    held = _cookie(app, client)
    page = client.get(response.location).get_data(as_text=True)
    token = re.search(r'<code id="invite-link">http://[^/]+/invite/([^<]+)</code>', page)
    assert token, "the person's page shows the link once"
    assert token.group(1) not in held and "/invite/" not in held
    # The link works.
    client.post("/logout")
    assert "Create your password" in client.get(f"/invite/{token.group(1)}").get_data(as_text=True)


def test_the_authenticator_key_being_set_up_never_travels_in_the_cookie(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "psw")
    secret = _secret_on_page(client.get("/account/two-factor").get_data(as_text=True))
    assert secret not in _cookie(app, client)
    assert secret == _secret_on_page(client.get("/account/two-factor").get_data(as_text=True))  # stays put
    client.post("/logout")
    sign_in(client, "coordinator")
    client.post("/privacy/two-factor", data={"roles": ["psw"]})
    client.post("/logout")
    sign_in(client, "psw")
    page = client.get("/login/code").get_data(as_text=True)
    setting_up = _secret_on_page(page)
    assert setting_up not in _cookie(app, client)
    assert client.post("/login/code", data={"code": pyotp.TOTP(setting_up).now()}).location == "/"


def test_turning_two_factor_off_needs_the_password(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    _turn_on(client)
    nothing = client.post("/account/two-factor/off")
    assert "Enter your password" in nothing.get_data(as_text=True)
    wrong = client.post("/account/two-factor/off", data={"password": "not my password at all"})
    assert "The password is not right" in wrong.get_data(as_text=True)
    db = connect(app.config["DATABASE"])
    on = "SELECT totp_secret IS NOT NULL FROM users WHERE email = 'contact@example.org'"
    assert db.execute(on).fetchone()[0] == 1
    right = client.post("/account/two-factor/off", data={"password": PASSWORDS["contact@example.org"]})
    assert right.status_code == 302
    assert db.execute(on).fetchone()[0] == 0


def test_resetting_an_authenticator_ends_the_persons_sessions(app: Flask, demo_database) -> None:
    psw = app.test_client()
    sign_in(psw, "psw")
    _turn_on(psw)
    assert psw.get("/").status_code == 200
    coordinator = make_app(app.config["DATABASE"]).test_client()
    sign_in(coordinator, "coordinator")
    assert coordinator.post("/privacy/two-factor/reset", data={"email": "psw@example.org"}).status_code == 302
    assert psw.get("/").status_code == 302  # signed out: whoever held the session must sign in again
