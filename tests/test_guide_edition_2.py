"""The guides' second edition: one question with one answer type, checked by check-guides, and
taken by the conversation screens; old conversations keep their first-edition guide."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from coproduce.guides import loader, rules
from coproduce.guides.check import check_guides
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in
from tests.test_capture import conversation_id, query, start_with_consent

MAIN = loader.GUIDES_DIR / "your-care-and-support" / "v2.toml"
MODULES = tuple(loader.all_modules().values())


def problems_of_a_copy(tmp_path: Path, old: str, new: str) -> str:
    """check-guides' edition-2 rules on a copy of the main guide with `old` replaced by `new`."""
    text = MAIN.read_text()
    assert old in text
    copy = tmp_path / "your-care-and-support" / "v2.toml"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text.replace(old, new, 1))
    return "\n".join(rules.check_guide(loader.parse_guide(copy), MODULES))


def test_every_guide_and_module_passes_in_every_language() -> None:
    assert check_guides(list(LANGUAGES)).problems == []
    for guide in loader.all_guides().values():
        if guide is loader.latest(guide.slug):
            assert guide.edition == 2
            assert rules.check_guide(guide, MODULES) == []
    assert len(MODULES) >= 7


def test_a_point_with_two_questions_fails(tmp_path: Path) -> None:
    two = "Did the staff ask what you can do yourself? Did they ask what you enjoy?"
    problems = problems_of_a_copy(tmp_path, "Did the staff ask what you can do yourself?", two)
    assert "question 4 'can-do-yourself': a question has one question mark, at its end" in problems
    problems = problems_of_a_copy(
        tmp_path, "How well did the staff listen to you?", "How well? Did they listen."
    )
    assert "question 3 'listened-to': a question has one question mark, at its end" in problems


def test_an_answer_type_that_does_not_fit_the_first_word_fails(tmp_path: Path) -> None:
    problems = problems_of_a_copy(
        tmp_path, 'text = "Do you have a support plan?"\nanswer_type = "yes_no"',
        'text = "Do you have a support plan?"\nanswer_type = "faces"',
    )  # fmt: skip
    assert "question 9 'support-plan': a 'faces' question starts with How, not 'Do'" in problems
    problems = problems_of_a_copy(tmp_path, 'answer_type = "better_same_worse"', 'answer_type = "yes_no"')
    assert "a question asking better or worse is 'better_same_worse'" in problems


def test_an_unexplained_glossary_word_fails(tmp_path: Path) -> None:
    problems = problems_of_a_copy(
        tmp_path,
        'text = "An assessment is a meeting about the help you need."',
        'text = "This meeting is about the help you need."',
    )
    assert (
        "question 1 'information-before': 'assessment' is not explained where it is first used; "
        "the next sentence must be 'An assessment is a meeting about the help you need.'"
    ) in problems
    assert "'This' points back to another point" in problems
    problems = problems_of_a_copy(
        tmp_path, "We want to know about your care and support.", "We want to know about your data."
    )
    assert "purpose: 'data' is not explained where it is first used" in problems


def test_a_picture_used_for_two_ideas_fails(tmp_path: Path) -> None:
    problems = problems_of_a_copy(tmp_path, 'picture = "1F4C3"', 'picture = "1F442"')
    assert (
        "picture 1F442 is used for different ideas: 'A page with writing' (question 2 'information-good'); "
        "'An ear' (question 3 'listened-to')"
    ) in problems
    # An answer's picture is an idea of its own: the "yes" mark cannot stand for something else.
    problems = problems_of_a_copy(tmp_path, 'picture = "1F4C3"', 'picture = "2705"')
    assert "picture 2705 is used for different ideas" in problems


def test_the_conversation_screens_take_each_answer_type(app: Flask, client: FlaskClient) -> None:
    expert = client
    sign_in(expert, "expert_by_experience")
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    guide = loader.latest("your-care-and-support")
    sent = {"faces": ("rating", "2"), "yes_no": ("choice", "not_sure"),
            "better_same_worse": ("choice", "better"), "choose": ("choice", "interpreter"),
            "talk": (None, None)}  # fmt: skip
    asked = {}
    for question in guide.questions:
        asked.setdefault(question.answer_type, question)
    assert set(asked) == set(sent)
    for kind, question in asked.items():
        url = f"/conversations/{cid}/questions/{question.key}"
        page = expert.get(url).get_data(as_text=True)
        assert question.text in page
        for point in question.points:
            assert point.text in page and f"/pictures/{point.picture}.svg" in page
        if kind == "faces":
            assert 'name="rating"' in page and "/pictures/1F600.svg" in page and "Very good" in page
        elif kind == "talk":
            assert 'name="rating"' not in page and 'name="choice"' not in page
        else:
            assert 'name="choice"' in page and 'name="rating"' not in page
        if kind == "yes_no":
            assert "/pictures/2705.svg" in page and "/pictures/274C.svg" in page
        if kind == "choose":
            for option in question.options:
                assert f'value="{option.key}"' in page and f"/pictures/{option.picture}.svg" in page
        field, value = sent[kind]
        data = {"version": "0", "notes": kind, "next": "x", **({field: value} if field else {})}
        assert expert.post(url, data=data).status_code == 302
        row = query(app, "SELECT * FROM answers WHERE conversation_id = ? AND question_key = ?",
                    [cid, question.key])[0]  # fmt: skip
        assert (row["rating"], row["choice"]) == (
            value if field == "rating" else None,
            value if field == "choice" else None,
        )
    # A choice the question does not offer is refused, and nothing changes.
    question = asked["yes_no"]
    url = f"/conversations/{cid}/questions/{question.key}"
    response = expert.post(url, data={"version": "1", "choice": "better", "next": "x"})
    assert response.status_code == 200 and "Select one of the answers" in response.get_data(as_text=True)
    assert query(app, "SELECT choice FROM answers WHERE question_key = ? AND conversation_id = ?",
                 [question.key, cid])[0]["choice"] == "not_sure"  # fmt: skip
    page = expert.get(f"/conversations/{cid}/check").get_data(as_text=True)
    assert "Not sure" in page and "Better" in page and "An interpreter" in page


def test_a_conversation_held_with_the_first_edition_keeps_it(app: Flask, client: FlaskClient) -> None:
    """Coventry's conversations were held with version 1: the team still reads them with its questions."""
    first = loader.all_guides()[("your-care-and-support", 1)]
    rows = query(
        app,
        """SELECT c.id FROM conversations c JOIN guide_versions v ON v.id = c.guide_version_id
        WHERE v.version = 1 AND c.status = 'submitted' LIMIT 1""",
    )
    assert rows
    sign_in(client, "coordinator")
    page = client.get(f"/conversations/{rows[0]['id']}/view").get_data(as_text=True)
    assert first.questions[1].text in page


def test_the_json_guide_of_every_guide_in_english(app: Flask, tmp_path: Path) -> None:
    from coproduce.cli import main
    from coproduce.guides.model import FIRST_WORDS

    runner = app.test_cli_runner()
    for slug in sorted({slug for slug, _v in loader.all_guides()}):
        for modules in ([], [f"--module={m.slug}" for m in MODULES]):
            out = tmp_path / f"{slug}-{len(modules)}.json"
            args = ["guide-pack", "--guide", slug, "--lang", "en", "--format", "json", "-o", str(out)]
            result = runner.invoke(main, args + modules, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            data = json.loads(out.read_text())
            assert data["guide"] == slug and len(data["modules"]) == len(modules)
            assert len(data["questions"]) == len(loader.latest(slug).questions) + sum(
                len(m.questions) for m in MODULES if modules
            )
            for question in data["questions"]:
                text = question["question"]
                assert text.count("?") == 1 and text.endswith("?"), text
                assert text.split()[0] in FIRST_WORDS[question["answer_type"]], text
                assert question["picture"] and all(p["picture"] for p in question["points"])
                assert all(a["picture"] for a in question["answers"])
                assert set(question) >= {"key", "question", "answer_type", "picture", "points"}
            for point in (*data["purpose"], *data["consent"], *data["what_happens_next"]):
                assert point["picture"] and point["text"]
    urdu = tmp_path / "ur.json"
    args = [
        "guide-pack",
        "--guide",
        "caring-for-someone",
        "--lang",
        "ur",
        "--format",
        "json",
        "-o",
        str(urdu),
    ]
    assert runner.invoke(main, args).exit_code == 0
    data = json.loads(urdu.read_text())
    assert data["direction"] == "rtl" and data["questions"][0]["question"].endswith("؟")


def test_a_review_adds_its_focus_modules_and_a_conversation_keeps_them(
    app: Flask, client: FlaskClient
) -> None:
    expert = client
    sign_in(expert, "expert_by_experience")
    db = connect(app.config["DATABASE"])
    review = db.execute(
        "SELECT p.review_id FROM participants p WHERE p.reference = 'BHM-ASC-10482'"
    ).fetchone()[0]
    with db.conn:
        db.execute("UPDATE reviews SET guide_modules = ? WHERE id = ?", ['["leaving-hospital"]', review])
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    module = loader.latest_module("leaving-hospital")
    core = loader.latest("your-care-and-support")
    total = len(core.questions) + len(module.questions)
    stored = query(app, "SELECT guide_modules FROM conversations WHERE id = ?", [cid])[0]
    assert json.loads(stored["guide_modules"]) == [["leaving-hospital", 1]]
    page = expert.get(f"/conversations/{cid}/questions/{module.questions[0].key}").get_data(as_text=True)
    assert module.questions[0].text in page and f"of {total}" in page
    # The review changes its modules: the conversation keeps the questions it began with.
    with db.conn:
        db.execute("UPDATE reviews SET guide_modules = '[]' WHERE id = ?", [review])
    page = expert.get(f"/conversations/{cid}/questions").get_data(as_text=True)
    assert module.questions[-1].text in page and core.questions[-1].text in page


def test_the_review_page_names_its_extra_questions(client: FlaskClient) -> None:
    sign_in(client, "coordinator")
    coventry = client.get("/reviews/3").get_data(as_text=True)  # focus: safeguarding
    assert "Coventry" in coventry and "Extra questions" in coventry
    assert re.search(r"Extra questions\s*</dt>\s*<dd[^>]*>\s*Safeguarding", coventry)
    form = client.get("/reviews/5/edit").get_data(as_text=True)
    assert "Extra questions for this review" in form and 'value="carers" checked' in form
    assert 'value="leaving-hospital"' in form


def test_the_pack_shows_each_questions_points_and_answers(app: Flask) -> None:
    from coproduce.guides import pack

    guide = loader.latest("your-care-and-support")
    with app.test_request_context("/"):
        html = pack.render_html(guide, "ur")
    support_plan = guide.question("support-plan")
    assert support_plan is not None and support_plan.points[0].text in html
    assert "Yes / No / Not sure / Prefer not to say" in html
    assert "ہاں / نہیں / یقین نہیں" in html and "Better / The same / Worse" in html
