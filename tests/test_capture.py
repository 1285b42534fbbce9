"""Holding a conversation through the Flask test client: every screen without JavaScript."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from coproduce.guides import loader
from tests.conftest import sign_in

GUIDE = loader.latest("your-care-and-support")
FIRST, SECOND = GUIDE.questions[0].key, GUIDE.questions[1].key
# The second edition's first question is yes / no / not sure, its second takes the faces.
assert GUIDE.questions[0].answer_type == "yes_no" and GUIDE.questions[1].answer_type == "faces"
HARD_TEXT = "Dad said: «ok» 👍🏽 <script>alert(1)</script> مجھے اچھا لگا e\u0301 & done"


def conversation_id(app: Flask, reference: str) -> int:
    db = connect(app.config["DATABASE"])
    row = db.execute(
        "SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id "
        "WHERE p.reference = ?",
        [reference],
    ).fetchone()
    return row[0]


def query(app: Flask, sql: str, params: list | None = None) -> list[dict]:
    return list(connect(app.config["DATABASE"]).query(sql, params or []))


def start_with_consent(client: FlaskClient, cid: int, present: list[str] | None = None, **extra: str) -> None:
    assert client.post(f"/conversations/{cid}/start").status_code == 302
    presence = {
        "present": present or ["nobody"],
        "language_used": "en",
        "interpreter_accepted": "none_offered",
    }
    response = client.post(f"/conversations/{cid}/who", data={**presence, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = client.post(
        f"/conversations/{cid}/consent",
        data={"consent": "yes", "how": "spoken_phone", "support": "The person, on their own"},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/conversations/{cid}/questions/{FIRST}")


@pytest.fixture
def expert(client: FlaskClient) -> FlaskClient:
    sign_in(client, "expert_by_experience")
    return client


def test_a_whole_conversation_without_javascript(app: Flask, expert: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    page = expert.get(f"/conversations/{cid}").get_data(as_text=True)
    assert "BHM-ASC-10482" in page and "Start the conversation" in page
    start_with_consent(expert, cid)
    row = query(app, "SELECT * FROM conversations WHERE id = ?", [cid])[0]
    assert row["status"] == "in_progress" and row["guide_version_id"] is not None and row["consent"] == "yes"

    page = expert.get(f"/conversations/{cid}/questions/{FIRST}").get_data(as_text=True)
    assert f"Question 1 of {len(GUIDE.questions)}" in page
    assert "I am worried about this person" in page
    response = expert.post(
        f"/conversations/{cid}/questions/{FIRST}",
        data={
            "version": "0",
            "choice": "no",
            "rating": "4",  # not a question with faces: not kept
            "notes": HARD_TEXT,
            "quotes-0-text": HARD_TEXT,
            "quotes-0-kind": "verbatim",
            "quotes-0-client_id": "abc",
            "next": "Save and continue",
        },
    )
    assert response.location.endswith(f"/questions/{SECOND}")
    # Back saves too, and goes to the question before.
    response = expert.post(
        f"/conversations/{cid}/questions/{SECOND}",
        data={"version": "0", "notes": "second", "rating": "2", "back": "x"},
    )
    assert response.location.endswith(f"/questions/{FIRST}")
    # A skipped question is saved as skipped.
    for question in GUIDE.questions[2:]:
        expert.post(f"/conversations/{cid}/questions/{question.key}", data={"version": "0", "skip": "x"})

    page = expert.get(f"/conversations/{cid}/check").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<p class="govuk-body app-user-text"><bdi>Dad said: «ok» 👍🏽 &lt;script&gt;' in page
    assert "&lt;p class=" not in page and "&lt;span class=" not in page
    assert "Send the answers" in page
    assert expert.post(f"/conversations/{cid}/submit").status_code == 302
    assert expert.post(f"/conversations/{cid}/submit").status_code == 302  # a double click
    row = query(app, "SELECT * FROM conversations WHERE id = ?", [cid])[0]
    assert row["status"] == "submitted"
    answers = query(app, "SELECT * FROM answers WHERE conversation_id = ? ORDER BY id", [cid])
    assert answers[0]["notes"] == HARD_TEXT and answers[0]["choice"] == "no" and answers[0]["rating"] is None
    assert answers[1]["rating"] == "2" and answers[1]["choice"] is None
    assert [a["skipped"] for a in answers][2:] == [1] * (len(GUIDE.questions) - 2)
    quotes = query(app, "SELECT * FROM quotes WHERE answer_id = ?", [answers[0]["id"]])
    assert [(q["text"], q["kind"]) for q in quotes] == [(HARD_TEXT, "verbatim")]

    page = expert.get(f"/conversations/{cid}/finished").get_data(as_text=True)
    assert "What happens next" in page
    # Submitted conversations are read-only to the expert by experience.
    response = expert.post(
        f"/conversations/{cid}/questions/{FIRST}", data={"version": "1", "notes": "changed"}
    )
    assert response.status_code == 302
    assert query(app, "SELECT notes FROM answers WHERE id = ?", [answers[0]["id"]])[0]["notes"] == HARD_TEXT
    response = expert.post(
        f"/conversations/{cid}/finished", data={"noticed": "I noticed", "change": "Change"}
    )
    assert response.status_code == 302
    row = query(app, "SELECT * FROM conversations WHERE id = ?", [cid])[0]
    assert (row["reflection_noticed"], row["reflection_change"]) == ("I noticed", "Change")

    # Every view and change is in the audit log, without the content.
    audit = query(app, "SELECT * FROM audit_log WHERE object_type = 'conversation' AND object_id = ?", [cid])
    actions = {a["action"] for a in audit}
    assert {"view_conversation", "start_conversation", "change_answer", "submit_conversation"} <= actions
    assert not any(HARD_TEXT in (a["detail"] or "") for a in audit)


def test_text_beyond_the_limit_is_refused_and_kept(app: Flask, expert: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    long = "ü" * 20_001
    response = expert.post(
        f"/conversations/{cid}/questions/{FIRST}",
        data={"version": "0", "notes": long, "quotes-0-text": "kept", "next": "x"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter 20,000 characters or fewer" in page and long in page and "kept" in page
    assert query(app, "SELECT * FROM answers WHERE conversation_id = ?", [cid]) == []
    response = expert.post(
        f"/conversations/{cid}/questions/{FIRST}", data={"version": "0", "notes": "ü" * 20_000}
    )
    assert response.status_code == 302


def test_a_stale_save_is_refused(app: Flask, expert: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    url = f"/conversations/{cid}/questions/{FIRST}/autosave"
    assert expert.post(url, json={"version": 0, "notes": "one", "rating": "5"}).json["error"] == "bad rating"
    assert (
        expert.post(url, json={"version": 0, "notes": "one", "choice": "better"}).json["error"]
        == "bad choice"
    )
    first = expert.post(url, json={"version": 0, "notes": "one", "choice": "yes"})
    assert first.status_code == 200 and first.json["version"] == 1
    assert expert.post(url, json={"version": 1, "notes": "two"}).json["version"] == 2
    stale = expert.post(url, json={"version": 1, "notes": "older"})
    assert stale.status_code == 409 and stale.json["version"] == 2
    assert query(app, "SELECT notes FROM answers WHERE conversation_id = ?", [cid])[0]["notes"] == "two"
    # The form keeps what was typed and says what happened.
    response = expert.post(f"/conversations/{cid}/questions/{FIRST}", data={"version": "1", "notes": "mine"})
    assert response.status_code == 200 and "changed on another screen" in response.get_data(as_text=True)
    assert expert.post(url, json={"version": 2, "notes": "x" * 20_001}).status_code == 400


def test_the_reason_is_required_for_family_interpreting_or_a_missing_interpreter(
    app: Flask, expert: FlaskClient
) -> None:
    cid = conversation_id(app, "BHM-ASC-10604")  # needs a spoken-language interpreter
    expert.post(f"/conversations/{cid}/start")
    data = {"language_used": "ur", "interpreter_accepted": "none_offered"}
    for present in (["nobody"], ["family_interpreting"]):
        response = expert.post(f"/conversations/{cid}/who", data={**data, "present": present})
        assert response.status_code == 200 and "govuk-error-summary" in response.get_data(as_text=True)
    response = expert.post(
        f"/conversations/{cid}/who",
        data={**data, "present": ["interpreter_telephone"], "interpreter_accepted": "yes"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("answer", ["no", "not_today"])
def test_no_consent_ends_kindly_and_records_nothing(app: Flask, expert: FlaskClient, answer: str) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    expert.post(f"/conversations/{cid}/start")
    expert.post(f"/conversations/{cid}/who", data={"present": ["nobody"], "language_used": "en",
                                                   "interpreter_accepted": "none_offered"})  # fmt: skip
    consent_page = expert.get(f"/conversations/{cid}/consent").get_data(as_text=True)
    assert 'href="/privacy/notice"' in consent_page.split("<footer", 1)[0]  # linked from consent itself
    response = expert.post(f"/conversations/{cid}/consent", data={"consent": answer})
    assert response.location.endswith(f"/conversations/{cid}/ended")
    assert "chose not to talk" in expert.get(response.location).get_data(as_text=True)
    row = query(app, "SELECT * FROM conversations WHERE id = ?", [cid])[0]
    assert (row["status"], row["consent"]) == ("did_not_take_place", answer)
    assert expert.get(f"/conversations/{cid}/questions/{FIRST}").status_code == 302


def test_urdu_guide_text_beside_english(app: Flask, expert: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10604")
    start_with_consent(expert, cid, ["interpreter_telephone"], language_used="ur", interpreter_accepted="yes")
    page = expert.get(f"/conversations/{cid}/questions/{FIRST}").get_data(as_text=True)
    assert 'lang="ur" dir="rtl"' in page and GUIDE.questions[0].text in page
    assert "A note for the interpreter" in page


def test_another_persons_conversation_is_not_found(app: Flask, expert: FlaskClient) -> None:
    other = conversation_id(app, "BHM-ASC-10517")  # held by expert2@
    for path in ("", "/who", "/consent", f"/questions/{FIRST}", "/check", "/worried", "/finished"):
        assert expert.get(f"/conversations/{other}{path}").status_code == 404, path
    assert expert.post(f"/conversations/{other}/worried", data={"what_was_said": "x"}).status_code == 404


def test_a_safeguarding_concern_reaches_the_psw_until_actioned(app: Flask, client: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    sign_in(client, "expert_by_experience")
    page = client.get(f"/conversations/{cid}/worried").get_data(as_text=True)
    assert "call 999" in page
    response = client.post(
        f"/conversations/{cid}/worried",
        data={"what_was_said": HARD_TEXT, "when_said": "today", "person_knows": "yes"},
    )
    assert response.location.endswith(f"/conversations/{cid}/worried/saved")
    page = client.get(response.location).get_data(as_text=True)
    assert "Birmingham Adult Safeguarding Team" in page and "0121 555 0199" in page
    client.post("/logout")

    sign_in(client, "psw")
    home = client.get("/").get_data(as_text=True)
    assert "BHM-ASC-10482" in home and "Safeguarding concerns that need action" in home
    page = client.get(f"/conversations/{cid}/view").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "مجھے اچھا لگا" in page
    concern = query(app, "SELECT id FROM safeguarding_concerns WHERE conversation_id = ?", [cid])[0]["id"]
    response = client.post(
        f"/conversations/{cid}/concerns/{concern}", data={"action": "Rang the team at 3pm"}
    )
    assert response.status_code == 302
    assert (
        "BHM-ASC-10482"
        not in client.get("/").get_data(as_text=True).split("<main")[1].split("</h1>")[1][:2000]
    )


def test_a_psw_reads_reopens_and_records_a_withdrawal(app: Flask, client: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10517")
    sign_in(client, "psw")
    page = client.get(f"/conversations/{cid}/view").get_data(as_text=True)
    assert "مجھے کسی نے نہیں بتایا کہ کیا ہو گا۔" in page
    assert client.post(f"/conversations/{cid}/reopen").status_code == 302
    assert query(app, "SELECT status FROM conversations WHERE id = ?", [cid])[0]["status"] == "in_progress"
    assert client.get(f"/conversations/{cid}/withdraw").status_code == 200
    assert client.post(f"/conversations/{cid}/withdraw").status_code == 302
    row = query(app, "SELECT * FROM conversations WHERE id = ?", [cid])[0]
    assert row["withdrawn_at"] and row["withdrawn_by"] and row["reflection_noticed"] is None
    assert query(app, "SELECT * FROM answers WHERE conversation_id = ?", [cid]) == []
    quotes = (
        "SELECT count(*) AS n FROM quotes q JOIN answers a ON a.id = q.answer_id WHERE a.conversation_id = ?"
    )
    assert query(app, quotes, [cid])[0]["n"] == 0
    audit = query(
        app, "SELECT * FROM audit_log WHERE action = 'withdraw_conversation' AND object_id = ?", [cid]
    )
    assert len(audit) == 1
    page = client.get(f"/conversations/{cid}/view").get_data(as_text=True)
    assert "The person withdrew" in page


def test_quotes_are_added_changed_and_kept_once(app: Flask, expert: FlaskClient) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    url = f"/conversations/{cid}/questions/{FIRST}"
    new = {
        "version": "0",
        "quotes-0-text": "first",
        "quotes-0-kind": "interpreted",
        "quotes-0-client_id": "c1",
    }
    assert expert.post(url, data={**new, "add_quote": "x"}).location.endswith(f"{url}#quotes")
    page = expert.get(url).get_data(as_text=True)
    assert "quotes-1-text" in page  # one more empty box
    mine = "SELECT q.* FROM quotes q JOIN answers a ON a.id = q.answer_id WHERE a.conversation_id = ?"
    quote = query(app, mine, [cid])[0]
    assert (quote["text"], quote["kind"]) == ("first", "interpreted")
    expert.post(url, data={"version": "1", "quotes-0-id": str(quote["id"]), "quotes-0-text": "",
                           "quotes-1-text": "second", "quotes-1-client_id": "c2"})  # fmt: skip
    assert [q["text"] for q in query(app, mine, [cid])] == ["second"]
    assert query(app, "SELECT version FROM answers WHERE conversation_id = ?", [cid])[0]["version"] == 2


def test_background_saves_of_quotes_and_a_double_click_keep_each_quote_once(
    app: Flask, expert: FlaskClient
) -> None:
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    url = f"/conversations/{cid}/questions/{FIRST}"
    mine = "SELECT q.* FROM quotes q JOIN answers a ON a.id = q.answer_id WHERE a.conversation_id = ?"
    saved = expert.post(f"{url}/autosave", json={"version": 0, "quotes": [{"client_id": "q1", "text": "hi"}]})
    assert saved.status_code == 200 and saved.json["quotes"][0]["client_id"] == "q1"
    again = expert.post(
        f"{url}/autosave",
        json={"version": 1, "quotes": [{"client_id": "q1", "text": "hi there", "kind": "interpreted"}]},
    )
    assert again.status_code == 200
    assert [(q["text"], q["kind"]) for q in query(app, mine, [cid])] == [("hi there", "interpreted")]
    form = {"version": "2", "quotes-0-client_id": "q1", "quotes-0-text": "hi there!", "next": "x"}
    assert expert.post(url, data=form).status_code == 302
    assert expert.post(url, data=form).status_code == 302  # the second click of a double click
    assert [q["text"] for q in query(app, mine, [cid])] == ["hi there!"]
    bad = expert.post(f"{url}/autosave", json={"version": 3, "quotes": [{"text": "x" * 20_001}]})
    assert bad.status_code == 400


def test_a_bsl_conversation_names_british_sign_language_not_its_code(app: Flask, client: FlaskClient) -> None:
    """The demo's conversation through a BSL interpreter: the preparation screen names the language."""
    db = connect(app.config["DATABASE"])
    conversation = db.execute("SELECT id FROM conversations WHERE language_used = 'bfi'").fetchone()[0]
    sign_in(client, "expert2@example.org")
    page = client.get(f"/conversations/{conversation}?lang=en").get_data(as_text=True)
    assert "British Sign Language is signed, not written" in page
    assert "bfi" not in page


def test_bigger_text_comes_back_to_the_switch(expert: FlaskClient) -> None:
    """Without JavaScript the screen comes back with the focus on the switch; a script is told the
    new choice and changes the screen in place."""
    page = "/conversations/1?lang=en"  # the first screen of a conversation not started yet
    response = expert.post("/conversations/easy-read", data={"next": page})
    assert response.status_code == 302 and response.location == f"{page}#easy-read"
    assert 'id="easy-read" aria-pressed="true"' in expert.get(page).get_data(as_text=True)
    scripted = expert.post("/conversations/easy-read", headers={"Accept": "application/json"})
    assert scripted.status_code == 200 and scripted.json == {"easy_read": False}
