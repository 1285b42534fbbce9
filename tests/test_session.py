"""The idle clock and the way back after it: activity moves the clock, the warning's look at it does
not, and "Stay signed in" or signing in again leads back to the screen the person was on, never to
a page that answers 405."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import AnyConverter, Rule

from coproduce.db import connect
from tests.conftest import EMAIL_OF_ROLE, PASSWORDS, sign_in

EXPERT = "expert2@example.org"  # holds conversation 4 of the demo, under way


def a_question(client: FlaskClient) -> str:
    """The first question's screen of the conversation under way."""
    listing = client.get("/conversations/4/questions").get_data(as_text=True)
    match = re.search(r'href="(/conversations/4/questions/[a-z-]+)"', listing)
    assert match, "the list of questions links to each question"
    return match.group(1)


def _seen(app: Flask) -> str:
    db = connect(app.config["DATABASE"])
    return db.execute("SELECT max(last_seen_at) FROM user_sessions").fetchone()[0]


def _set_seen(app: Flask, seconds_ago: int) -> None:
    moment = (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat(timespec="seconds")
    connect(app.config["DATABASE"]).execute("UPDATE user_sessions SET last_seen_at = ?", [moment])


@pytest.fixture
def short(app_factory) -> Flask:
    """An app whose sessions end after 20 idle seconds, as the browser tests use."""
    return app_factory(SESSION_IDLE_SECONDS=20)


def test_activity_moves_the_clock_and_the_warnings_look_does_not(short: Flask) -> None:
    client = short.test_client()
    sign_in(client, "psw")
    _set_seen(short, 12)
    status = client.get("/session/status", headers={"Accept": "application/json"})
    assert status.status_code == 200
    assert 6 <= status.json["seconds_left"] <= 8
    assert "8 seconds" in status.json["text"] or "7 seconds" in status.json["text"]
    stamp = _seen(short)
    assert client.get("/session/status").json["seconds_left"] <= 8 and _seen(short) == stamp  # not activity
    page = client.get("/help").get_data(as_text=True)  # a page is activity, under a short limit too
    assert _seen(short) > stamp
    assert 'data-seconds-left="20"' in page
    _set_seen(short, 21)
    assert client.get("/session/status", headers={"Accept": "application/json"}).status_code == 401


def test_the_time_left_is_said_in_the_persons_language(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    _set_seen(app, 2 * 3600 - 4 * 60 - 30)  # 4 minutes 30 seconds left of 2 hours
    said = client.get("/session/status?lang=pl").json
    assert said["seconds_left"] in range(265, 271)
    assert "4 minuty" in said["text"]  # Polish: 2-4 take the second plural form
    assert "4 minutes" in client.get("/session/status?lang=en").json["text"]
    extended = client.post("/session/extend", headers={"Accept": "application/json"})
    assert extended.json["seconds_left"] == app.config["SESSION_IDLE_SECONDS"]
    assert "120 minutes" in extended.json["text"]


def test_stay_signed_in_after_the_limit_comes_back_to_the_same_screen(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, EXPERT)
    question = a_question(client)
    page = client.get(question).get_data(as_text=True)
    extend = f"/session/extend?next={question}"
    assert f'action="{extend}"' in page
    _set_seen(app, 3 * 3600)
    pressed = client.post(extend)  # the form, as the browser sends it when the session has ended
    assert pressed.status_code == 302 and pressed.location.startswith("/login?next=")
    signed_in = client.post(
        pressed.location,
        data={"email": EXPERT, "password": PASSWORDS[EXPERT]},
    )
    back = client.get(signed_in.location)
    assert back.status_code == 302 and back.location == question
    assert client.get(back.location).status_code == 200


@pytest.mark.parametrize("target", ["//example.org/x", "https://example.org/", "/logout", "help"])
def test_the_way_back_stays_on_this_site_and_on_a_page(client: FlaskClient, target: str) -> None:
    sign_in(client, "psw")
    response = client.get(f"/session/extend?next={quote(target, safe='')}")
    assert response.status_code == 302 and response.location == "/"


def test_signing_in_from_a_form_that_only_posts_never_lands_on_405(app: Flask) -> None:
    """Every address that takes only a form: posted to with the session ended, it asks for sign-in;
    after signing in, the person lands on a page, not on 405."""
    posting_only = [rule for rule in app.url_map.iter_rules() if "GET" not in rule.methods]
    assert len(posting_only) > 10
    for rule in posting_only:
        client = app.test_client()
        url = rule.build(sample_arguments(rule))[1]
        asked = client.post(url)
        if not (asked.status_code == 302 and asked.location.startswith("/login")):
            continue  # public (sign-in itself), or not for someone signed out
        signed_in = sign_in_at(client, asked.location)
        landing = client.get(signed_in.location)
        assert landing.status_code != 405, f"signing in after {url} leads to {signed_in.location}"


def sample_arguments(rule: Rule) -> dict[str, object]:
    """A value each of the rule's arguments accepts: 1, or the first word an `any(...)` allows."""
    return {
        name: min(converter.items) if isinstance(converter, AnyConverter) else 1
        for name, converter in rule._converters.items()
    }


def sign_in_at(client: FlaskClient, login_url: str):
    email = EMAIL_OF_ROLE["coordinator"]
    response = client.post(login_url, data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302
    return response
