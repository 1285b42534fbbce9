"""The guides: content checks (check-guides), pictures, the on-screen guide and the draft notice."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask, render_template_string, url_for
from flask.testing import FlaskClient

from coproduce.cli import main
from coproduce.guides import check, interpreting, pictures
from coproduce.guides.extract import guide_messages
from coproduce.guides.loader import GuideError, all_guides, latest
from coproduce.guides.model import CQC_QUALITY_STATEMENTS, MAKING_IT_REAL_THEMES
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent


def test_the_main_guide_covers_the_topics_one_question_at_a_time() -> None:
    guide = latest("your-care-and-support")
    assert guide.edition == 2 and 18 <= len(guide.questions) <= 24
    keys = {q.key for q in guide.questions}
    topics = [
        "information-before", "listened-to", "can-do-yourself", "family-friends", "community",
        "helped-by-family", "carer-offered-assessment", "support-plan", "chose-plan", "respect",
        "interpreter-offered", "advocate-offered", "helped-to-talk", "feel-safe", "help-changed",
        "life-now", "waited", "who-to-call", "staff", "anything-else",
    ]  # fmt: skip
    assert set(topics) <= keys
    assert {q.answer_type for q in guide.questions} == {
        "faces",
        "yes_no",
        "better_same_worse",
        "choose",
        "talk",
    }
    used = {statement for q in guide.questions for statement in q.cqc}
    assert used == set(CQC_QUALITY_STATEMENTS)
    assert {q.making_it_real for q in guide.questions} == set(MAKING_IT_REAL_THEMES)
    carers = latest("caring-for-someone")
    assert carers.audience == "carer" and 5 <= len(carers.questions) < len(guide.questions)


def test_check_guides_passes_for_every_language(app: Flask) -> None:
    result = app.test_cli_runner().invoke(main, ["check-guides"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"your-care-and-support/v1.toml: Flesch reading ease \d+\.\d", result.output)
    assert re.search(r"your-care-and-support/v2.toml: Flesch reading ease \d+\.\d", result.output)
    assert f"All guides pass in: {', '.join(LANGUAGES)}" in result.output


def test_check_guides_finds_each_kind_of_problem_in_the_first_edition() -> None:
    guide = all_guides()[("your-care-and-support", 1)]
    first = guide.questions[0]
    long = (
        "Did the people who came to see you at home last spring explain everything that was going to happen?"
    )
    broken = replace(
        guide,
        questions=(
            replace(first, text=long),
            replace(first, key="b", text="Did you get a care plan?"),
            replace(first, key="c", text="Did you meet an advocate? They help you."),
            replace(first, key="d", picture="NOT-A-PICTURE"),
            *guide.questions[4:],
        ),
    )
    problems = "\n".join(check.check_english(broken))
    assert "a sentence of 19 words" in problems
    assert "question 2 'b': 'care plan' is not explained" in problems
    assert "question 3 'c': 'advocate' is not explained" in problems
    assert "question 4 'd': no picture 'NOT-A-PICTURE'" in problems
    assert check.check_english(guide) == []


def test_check_guides_finds_a_missing_fuzzy_or_mismatched_translation(tmp_path: Path, monkeypatch) -> None:
    guide = latest("caring-for-someone")
    source = (ROOT / "translations" / "ur" / "LC_MESSAGES" / "messages.po").read_text()
    title = 'msgid "Caring for someone"\nmsgstr "کسی کی دیکھ بھال کرنا"'
    assert title in source
    broken = source.replace(title, 'msgid "Caring for someone"\nmsgstr ""')
    broken = broken.replace('msgid "A cup of tea"', '#, fuzzy\nmsgid "A cup of tea"')
    (tmp_path / "ur" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ur" / "LC_MESSAGES" / "messages.po").write_text(broken)
    monkeypatch.setattr(check, "TRANSLATIONS", tmp_path)
    problems = "\n".join(check.check_translation(guide.source, guide_messages(guide), "ur"))
    assert "not translated: 'Caring for someone'" in problems
    assert "fuzzy translation: 'A cup of tea'" in problems
    assert check.check_translation(guide.source, guide_messages(guide), "xx") == [
        "xx: no catalogue at translations/xx/LC_MESSAGES/messages.po"
    ]


def test_the_nine_languages_have_catalogues_and_pass_the_guide_check(app: Flask) -> None:
    assert set(LANGUAGES) == {"en", "ur", "pa", "pl", "ro", "bn", "ar", "gu", "so"}
    assert LANGUAGES["ar"].rtl and LANGUAGES["ur"].rtl and not LANGUAGES["pa"].rtl
    assert (
        "Gurmukhi" in LANGUAGES["pa"].fonts
        and "Bengali" in LANGUAGES["bn"].fonts
        and "Gujarati" in LANGUAGES["gu"].fonts
    )
    for code in LANGUAGES:
        assert code == "en" or (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").is_file()
    result = app.test_cli_runner().invoke(main, ["check-guides"])
    assert result.exit_code == 0, result.output
    assert "All guides pass in: en, ur, pa, pl, ro, bn, ar, gu, so" in result.output


def test_every_picture_is_served_with_long_caching(client: FlaskClient) -> None:
    for guide in all_guides().values():
        items = [*guide.purpose, *guide.consent, *guide.questions, *guide.what_happens_next]
        items += [p for q in guide.questions for p in (*q.points, *q.prompts, *q.options) if p.picture]
        for item in items:
            response = client.get(f"/pictures/{item.picture}.svg")
            assert response.status_code == 200, item.picture
    # The address the app links names the picture's version (a hash of it): kept for ever.
    with client.application.test_request_context():
        url = url_for("guides.picture", code="1F4AC")
    assert url == f"/pictures/1F4AC.svg?v={pictures.version('1F4AC')}"
    response = client.get(url)
    assert response.mimetype == "image/svg+xml" and b"<svg" in response.data
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Without it (or with another), the picture may change under that address: kept for a day.
    assert client.get("/pictures/1F4AC.svg").headers["Cache-Control"] == "public, max-age=86400"
    assert client.get("/pictures/..%2Fsecret.svg").status_code == 404
    assert client.get("/pictures/1F4AC-NOPE.svg").status_code == 404


def test_the_about_pictures_page_gives_the_attribution(client: FlaskClient) -> None:
    page = client.get("/guides/pictures").get_data(as_text=True)
    assert "OpenMoji" in page and "CC BY-SA 4.0" in page
    assert "creativecommons.org/licenses/by-sa/4.0" in page
    urdu = client.get("/guides/pictures?lang=ur").get_data(as_text=True)
    assert "تصویروں کے بارے میں" in urdu


def test_the_guide_on_screen_in_urdu_has_no_english_left(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    guide = latest("your-care-and-support")
    page = client.get("/guides/your-care-and-support?lang=ur").get_data(as_text=True)
    assert 'dir="rtl"' in page and "یہ ترجمہ ابھی مسودہ ہے" in page
    for question in guide.questions:
        assert question.text not in page and question.alt not in page
        for point in (*question.points, *question.options):
            assert point.text not in page and point.alt not in page
    for point in guide.consent:
        assert point.text not in page
    assert "آپ کی دیکھ بھال اور مدد" in page
    english = client.get("/guides/your-care-and-support?lang=en").get_data(as_text=True)
    assert guide.questions[0].text.split("?")[0] in english
    assert "app-draft-notice" not in english


def test_the_draft_notice_partial_takes_a_language_code(app: Flask) -> None:
    source = '{% with code = c %}{% include "guides/_draft_notice.html" %}{% endwith %}'
    with app.test_request_context("/?lang=en"):
        urdu = render_template_string(source, c="ur")
        assert "یہ ترجمہ ابھی مسودہ ہے" in urdu and 'lang="ur"' in urdu and 'dir="rtl"' in urdu
        assert render_template_string(source, c="en").strip() == ""
        assert render_template_string(source, c="xx").strip() == ""


def test_the_interpreting_notes_are_checked_like_the_guides(tmp_path: Path, monkeypatch) -> None:
    notes = interpreting.interpreting()
    assert check.check_interpreting(notes) == []
    telephone = notes.modes["telephone"]
    long = "Please make sure that you are in a quiet room where nobody else can hear what is said."
    broken = replace(notes, modes={**notes.modes, "telephone": replace(telephone, for_interviewer=(long,))})
    assert check.check_interpreting(broken) == [
        f"guides/interpreting.toml, telephone for_interviewer: a sentence of 18 words: {long!r}"
    ]
    # Its translations are checked too: a missing one is a problem for check-guides.
    source = (ROOT / "translations" / "so" / "LC_MESSAGES" / "messages.po").read_text()
    line = 'msgid "Test the call before the day."\nmsgstr "Tijaabi wicitaanka maalinta ka hor."'
    assert line in source
    (tmp_path / "so" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "so" / "LC_MESSAGES" / "messages.po").write_text(
        source.replace(line, 'msgid "Test the call before the day."\nmsgstr ""')
    )
    monkeypatch.setattr(check, "TRANSLATIONS", tmp_path)
    assert check.check_guides(["so"]).problems == [
        "guides/interpreting.toml [so]: not translated: 'Test the call before the day.'"
    ]


def test_an_interpreting_file_with_a_mistake_is_refused(tmp_path: Path) -> None:
    good = interpreting.PATH.read_text()
    cases = {
        good.replace(
            'key = "video"', 'key = "skype"'
        ): "[[modes]] must be face-to-face, telephone, video, bsl",
        good.replace('faces = "words"', 'faces = "sounds"', 1): "'faces' must be one of pictures",
        good.replace("%(dialect)s. Tell", "a dialect. Tell"): "'dialect' must have %(dialect)s",
        good.replace(
            'consent_script = ["Show each picture and', 'consent_script = [3, "'
        ): "list of non-empty",
    }
    for text, message in cases.items():
        assert text != good
        path = tmp_path / "interpreting.toml"
        path.write_text(text)
        with pytest.raises(GuideError, match=re.escape(message)):
            interpreting.parse(path)
