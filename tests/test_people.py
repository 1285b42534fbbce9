"""Invitations, setting a password, deactivation and review teams."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask

from coproduce.accounts.passwords import common_passwords, password_problem
from coproduce.db import connect
from tests.conftest import sign_in

GOOD_PASSWORD = "horse staple orbit lantern"


def _invite(client, email: str = "new.expert@example.org", role: str = "expert_by_experience", **extra):
    data = {"name": "Nadia Rahman", "email": email, "role": role, "council": "", **extra}
    return client.post("/people/invite", data=data)


def _link(client, response) -> str:
    page = client.get(response.location).get_data(as_text=True)
    match = re.search(r'<code id="invite-link">http://[^/]+(/invite/[^<]+)</code>', page)
    assert match, "the person's page shows the link once"
    return match.group(1)


def test_the_password_rules() -> None:
    assert len(common_passwords()) > 2000
    assert password_problem("short pass") is not None
    assert password_problem("password1234") is not None  # long enough but common
    assert password_problem("Password1234 ") is not None  # case and trailing spaces do not help
    assert password_problem(GOOD_PASSWORD) is None


def test_an_invitation_link_sets_a_password_once(client, app: Flask) -> None:
    sign_in(client, "coordinator")
    response = _invite(client)
    assert response.status_code == 302
    link = _link(client, response)
    # The link is shown once; the page does not show it again.
    assert "/invite/" not in client.get(response.location).get_data(as_text=True)
    with connect(app.config["DATABASE"]) as db:
        stored = db.execute("SELECT token_hash FROM invites ORDER BY id DESC").fetchone()[0]
    assert link.rsplit("/", 1)[1] not in stored  # only a hash is kept

    client.post("/logout")
    page = client.get(link)
    assert page.status_code == 200 and "Create your password" in page.get_data(as_text=True)
    weak = client.post(link, data={"password": "password1234"})
    assert "too easy to guess" in weak.get_data(as_text=True)
    short = client.post(link, data={"password": "abc"})
    assert "at least 12 characters" in short.get_data(as_text=True)
    done = client.post(link, data={"password": GOOD_PASSWORD})
    assert done.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Your conversations" in home and "Your password is saved and you are signed in." in home

    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 410
    text = again.get_data(as_text=True)
    assert "already been used" in text and "ask the coordinator" in text
    assert sign_in(client, "new.expert@example.org", GOOD_PASSWORD).location == "/"


def test_an_expired_link_says_so(client, app: Flask) -> None:
    sign_in(client, "coordinator")
    link = _link(client, _invite(client))
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    with connect(app.config["DATABASE"]) as db:
        db.execute("UPDATE invites SET expires_at = ?", [past])
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert client.post(link, data={"password": GOOD_PASSWORD}).status_code == 410


def test_a_new_link_replaces_the_old_one(client) -> None:
    sign_in(client, "coordinator")
    response = _invite(client)
    old = _link(client, response)
    user_page = response.location
    client.post(f"{user_page}/new-link")
    new = _link(client, client.post(f"{user_page}/new-link"))
    assert new != old
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_invite_form_errors_keep_the_input(client) -> None:
    sign_in(client, "coordinator")
    response = _invite(client, email="not an email", role="authority_contact")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "Enter an email address in the correct format" in text
    assert "Select the council of this council contact" in text
    assert 'value="Nadia Rahman"' in text
    taken = _invite(client, email="PSW@example.org")
    assert "Someone already has this email address" in taken.get_data(as_text=True)


def test_deactivating_ends_sessions_at_once_and_keeps_their_work(app: Flask) -> None:
    expert = app.test_client()
    sign_in(expert, "expert_by_experience")
    assert expert.get("/").status_code == 200
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator")
    assert coordinator.post("/people/3/deactivate").status_code == 302
    assert "/login" in expert.get("/").location
    assert sign_in(expert, "expert_by_experience").status_code == 200  # refused: the form again
    with connect(app.config["DATABASE"]) as db:
        held = db.execute("SELECT count(*) FROM conversations WHERE interviewer_id = 3").fetchone()[0]
    assert held > 0
    coordinator.post("/people/3/reactivate")
    assert sign_in(expert, "expert_by_experience").status_code == 302


def test_the_coordinator_changes_a_team(client) -> None:
    sign_in(client, "coordinator")
    page = client.get("/reviews/3/team").get_data(as_text=True)
    assert "Jo Clarke" in page  # the expert can be added to the Coventry review
    wrong = client.post("/reviews/3/team", data={"user": "3", "team_role": "lead_psw"})
    assert "does not fit" in wrong.get_data(as_text=True)
    assert (
        client.post("/reviews/3/team", data={"user": "3", "team_role": "expert_by_experience"}).status_code
        == 302
    )
    assert "Jo Clarke" in client.get("/reviews/3").get_data(as_text=True)
    # "Remove" is a link to a page that asks first; it names the person for screen readers.
    team = client.get("/reviews/3/team").get_data(as_text=True)
    assert 'Remove<span class="govuk-visually-hidden"> Jo Clarke</span></a>' in team
    asked = client.get("/reviews/3/team/3/remove").get_data(as_text=True)
    assert "Remove Jo Clarke from the team?" in asked
    assert "Jo Clarke" in client.get("/reviews/3").get_data(as_text=True)
    assert client.post("/reviews/3/team/3/remove").status_code == 302
    assert "Jo Clarke" not in client.get("/reviews/3").get_data(as_text=True)
    # A council contact may only join a review of their own council.
    assert "Lee Morgan" not in client.get("/reviews/3/team").get_data(as_text=True)


def test_a_password_of_spaces_or_the_persons_own_email_is_refused() -> None:
    assert password_problem(" " * 12) is not None
    assert password_problem(" " * 40) is not None
    assert password_problem("a" + " " * 11) is not None  # spaces at either end do not count
    email = "nadia.rahman@example.org"
    assert password_problem(email, email) is not None
    assert password_problem("NADIA.RAHMAN@EXAMPLE.ORG", email) is not None
    assert password_problem("nadia.rahman2026!", email) is not None  # the name part of it
    assert password_problem(GOOD_PASSWORD, email) is None
    assert password_problem("two words apart", email) is None


def test_an_invitation_refuses_the_persons_own_email_as_password(client) -> None:
    sign_in(client, "coordinator")
    link = _link(client, _invite(client))
    client.post("/logout")
    own = client.post(link, data={"password": "new.expert@example.org"})
    assert own.status_code == 200 and "must not contain your email address" in own.get_data(as_text=True)
    spaces = client.post(link, data={"password": " " * 12})
    assert spaces.status_code == 200 and "at least 12 characters" in spaces.get_data(as_text=True)
