"""Every group of choices has its question as its legend, so a screen reader reads the question
before the answers. tests/pagecheck.py checks this on every page the test client gets (and
tests/test_routes.py gets every page of every role); here every screen of a conversation is walked
in every language, forms with errors included."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in
from tests.pagecheck import unnamed_choice_groups
from tests.test_capture import GUIDE, conversation_id, query


def legends(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(legend.get_text().split()) for legend in soup.select("fieldset > legend")]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_screen_of_a_conversation_names_its_choices(app: Flask, client: FlaskClient, lang: str) -> None:
    sign_in(client, "expert_by_experience")
    cid = conversation_id(app, "BHM-ASC-10604")  # needs an interpreter: every part of "who is there"
    base = f"/conversations/{cid}"
    seen: list[str] = []

    def get(path: str) -> None:
        response = client.get(f"{base}{path}?lang={lang}")  # each page passes tests/pagecheck.py
        assert response.status_code == 200, path
        seen.extend(legends(response.get_data(as_text=True)))

    def post(path: str, data: dict[str, str | list[str]], status: int) -> None:
        response = client.post(f"{base}{path}?lang={lang}", data=data)
        assert response.status_code == status, (path, response.get_data(as_text=True)[:500])
        if status == 200:  # the form again, with what needs changing
            seen.extend(legends(response.get_data(as_text=True)))

    get("")
    post("/start", {}, 302)
    get("/who")
    post("/who", {}, 200)
    post(
        "/who",
        {"present": ["interpreter_telephone"], "language_used": "ur", "interpreter_accepted": "yes"},
        302,
    )
    get("/consent")
    post("/consent", {}, 200)
    post("/consent", {"consent": "yes", "how": "spoken_phone", "support": "The person"}, 302)
    for question in GUIDE.questions:
        get(f"/questions/{question.key}")
    get("/questions")
    get("/check")
    get("/worried")
    post("/worried", {}, 200)
    if lang == "en":
        for question in (
            "Did the person accept the interpreter?",
            "Does the person agree to talk with you?",
            "How did they say yes?",
            "How does the person feel about this?",
            "Are these the person's own words?",
            "Does the person know you will pass this on?",
        ):
            assert question in seen, f"no group of choices asks {question!r}"
    rated = [question for question in GUIDE.questions if "rating" in question.answers]
    assert len(seen) >= 2 * len(rated) and all(seen), seen


def test_the_findings_pages_name_every_group_of_choices(app: Flask) -> None:
    """A finding's kind, the evidence to link and a recommendation's progress each have their
    question as the legend (they had none before)."""
    review = 3  # Coventry, reported
    recommendation = query(
        app, "SELECT id FROM findings WHERE review_id = ? AND kind = 'recommendation' ORDER BY id", [review]
    )[0]["id"]
    coded = "Waiting and being kept informed"  # a theme with coded answers: the page offers answers too
    theme = query(app, "SELECT id FROM themes WHERE review_id = ? AND name = ?", [review, coded])[0]["id"]
    found: set[str] = set()
    for role, path in (
        ("psw", "/reviews/1/findings/new"),  # Coventry is published: it takes no new finding
        ("psw", f"/reviews/{review}/findings/5/evidence"),
        ("psw", f"/reviews/{review}/findings/5/evidence?theme={theme}"),
        ("contact2@example.org", f"/reviews/{review}/findings/{recommendation}/follow-up"),
    ):
        client = app.test_client()
        sign_in(client, role)
        response = client.get(path)
        assert response.status_code == 200, path
        found.update(unnamed_choice_groups(BeautifulSoup(response.get_data(as_text=True), "html.parser")))
    assert found == set()
