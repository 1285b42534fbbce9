"""What the app keeps between requests to draw pages faster (coproduce/templating.py) never shows one
person's data to another: two people, two conversations, two languages, asked in turn."""

from __future__ import annotations

import re

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from markupsafe import Markup, escape

from coproduce import templating
from tests.test_capture import FIRST, GUIDE, conversation_id, start_with_consent

A_WORDS = "Words only the first person said"
B_WORDS = "He got a leaflet, but it was not in BSL."  # the demo's answer in expert2@'s conversation


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="radio" value="([^"]+)" checked', page)


def _page_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_two_people_two_conversations_two_languages(app: Flask) -> None:
    first, second = app.test_client(), app.test_client()
    first.post("/login", data={"email": "expert@example.org", "password": "demo-expert-2026-pass"})
    second.post("/login", data={"email": "expert2@example.org", "password": "demo-expert-2026-pass"})
    a = conversation_id(app, "BHM-ASC-10604")  # Urdu, through a telephone interpreter
    b = conversation_id(app, "BHM-ASC-10561")  # expert2@'s, through a BSL interpreter
    start_with_consent(first, a, ["interpreter_telephone"], language_used="ur", interpreter_accepted="yes")
    saved = first.post(
        f"/conversations/{a}/questions/{FIRST}/autosave",
        json={"version": 0, "notes": A_WORDS, "choice": "no"},  # the first question is yes / no
    )
    assert saved.status_code == 200
    for _ in range(2):  # each asks twice, in turn, so each is served what the other left kept
        page_a = first.get(f"/conversations/{a}/questions/{FIRST}?lang=en").get_data(as_text=True)
        page_b = second.get(f"/conversations/{b}/questions/{FIRST}?lang=ur").get_data(as_text=True)
        assert _page_lang(page_a) == "en" and _page_lang(page_b) == "ur"
        assert "BHM-ASC-10604" in page_a and A_WORDS in page_a and _checked(page_a, "choice") == ["no"]
        assert "BHM-ASC-10561" not in page_a and B_WORDS not in page_a
        assert "BHM-ASC-10561" in page_b and B_WORDS in page_b and _checked(page_b, "choice") == ["yes"]
        assert "BHM-ASC-10604" not in page_b and A_WORDS not in page_b
        # The question in the person's language (Urdu) beside the interviewer's (English) for the
        # first; for the second, signed in BSL, in the interviewer's language alone (Urdu).
        assert 'id="question-text" lang="ur" dir="rtl"' in page_a
        assert f'lang="en" dir="ltr">{GUIDE.questions[0].text}</p>' in page_a
        assert 'id="question-text" lang="ur" dir="rtl"' in page_b and "app-bilingual__beside" not in page_b
        assert "Prompts for you" in page_a and "Prompts for you" not in page_b
        assert "Listen" in page_a
        # The same conversation, the interviewer's language switched: the kept piece is not reused.
        page_pl = first.get(f"/conversations/{a}/questions/{FIRST}?lang=pl").get_data(as_text=True)
        assert _page_lang(page_pl) == "pl" and "Prompts for you" not in page_pl
        assert 'lang="pl" dir="ltr">' in page_pl and f">{GUIDE.questions[0].text}</p>" not in page_pl


def test_the_note_for_an_interpreter_follows_who_is_there(app: Flask, client: FlaskClient) -> None:
    client.post("/login", data={"email": "expert@example.org", "password": "demo-expert-2026-pass"})
    alone = conversation_id(app, "BHM-ASC-10482")
    interpreted = conversation_id(app, "WLV-ASC-20311")
    start_with_consent(client, alone)
    start_with_consent(client, interpreted, ["interpreter_video"], interpreter_accepted="yes")
    question = next(q for q in GUIDE.questions if q.interpreter_note)
    for _ in range(2):
        page = client.get(f"/conversations/{alone}/questions/{question.key}").get_data(as_text=True)
        assert "A note for the interpreter" not in page
        page = client.get(f"/conversations/{interpreted}/questions/{question.key}").get_data(as_text=True)
        assert "A note for the interpreter" in page


def test_nothing_a_person_typed_is_kept(app: Flask, client: FlaskClient) -> None:
    """Only widgets of the form's own choices and guide pieces are kept: no reference, no notes."""
    client.post("/login", data={"email": "expert2@example.org", "password": "demo-expert-2026-pass"})
    b = conversation_id(app, "BHM-ASC-10561")
    assert B_WORDS in client.get(f"/conversations/{b}/questions/{FIRST}").get_data(as_text=True)
    boxes = [part for parts in templating._kept_text_boxes.values() for part in parts]
    kept = [*templating._kept_widgets.values(), *templating._kept_fragments.values(), *boxes]
    assert boxes and kept and not any(B_WORDS in piece or "BHM-ASC" in piece for piece in kept)
    assert {template for template, _params in templating._kept_widgets} <= {
        "govuk_frontend_wtf/radios.html",
        "govuk_frontend_wtf/checkboxes.html",
        "govuk_frontend_wtf/button.html",
    }


def test_a_kept_widget_tells_apart_what_it_draws_differently(app: Flask) -> None:
    with app.test_request_context():
        text = templating.frozen({"label": {"text": "<b>x</b>"}, "checked": True, "value": 1})
        markup = templating.frozen({"label": {"text": Markup("<b>x</b>")}, "checked": True, "value": 1})
        other = templating.frozen({"label": {"text": "<b>x</b>"}, "checked": 1, "value": "1"})
        assert len({text, markup, other}) == 3


# app_table as it was written in Jinja before its cells were made in Python (stacked_table).
JINJA_APP_TABLE = """{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}
{% set head = [] %}
{% for name in params.head or [] %}{% set unused = head.append(name if name is mapping else {"text": name}) %}{% endfor %}
{% set rows = [] %}
{% for row in params.rows %}
  {% set cells = [] %}
  {% for cell in row %}
    {% set cell = cell if cell is mapping else {"text": cell} %}
    {% set name = head[loop.index0] if loop.index0 < head | length and not cell.get("colspan") else none %}
    {% set label -%}
      {%- if name and (name.get("text") or name.get("html")) -%}
      <span class="app-table__label" aria-hidden="true">{{ name.get("html") | safe if name.get("html") else name.get("text") }}</span>
      {%- endif -%}
    {%- endset %}
    {% set value -%}
      {{ label }}{{ cell.get("html") | safe if cell.get("html") else cell.get("text", "") }}
    {%- endset %}
    {% set unused = cells.append(dict(cell, html=value)) %}
  {% endfor %}
  {% set unused = rows.append(cells) %}
{% endfor %}
{{ govukTable(dict(params, head=head or none, rows=rows, classes=("app-table app-table--stack-" ~ (params.stack or "tablet") ~ " " ~ (params.classes or "")) | trim)) }}"""  # noqa: E501


def test_app_table_draws_what_its_jinja_version_drew(app: Flask) -> None:
    params = {
        "caption": "People & places",
        "head": ["Name <1>", {"html": "<abbr>Ref</abbr>"}, {"text": "Count", "format": "numeric"}, ""],
        "rows": [
            ["O'Brien <script>", {"html": "<a href='/x'>X</a>"}, {"text": 3, "format": "numeric"}, None],
            [Markup("<b>bold</b>"), {"text": "wide", "colspan": 2}, "last"],
            [{"text": "<i>"}, "", 0, {"html": ""}],
        ],
        "firstCellIsHeader": True,
        "stack": "desktop",
        "classes": "extra",
    }
    with app.test_request_context():
        before = render_template_string(JINJA_APP_TABLE, params=params)
        after = render_template_string(
            '{% from "_macros.html" import app_table %}{{ app_table(params) }}', params=params
        )
    assert "app-table__label" in after and "&lt;script&gt;" in after
    assert re.sub(r"\s+", " ", after).strip() == re.sub(r"\s+", " ", before).strip()


def test_a_kept_table_is_the_table_and_follows_its_counts(app: Flask) -> None:
    def table(people: int, kept: bool) -> str:
        params = {"caption": "Ratings", "head": ["Rating", "People"], "rows": [["Good", people]]}
        macro = '{% from "_macros.html" import app_table %}{{ app_table(params) }}'
        with app.test_request_context():
            return render_template_string(macro, params={**params, "kept": True} if kept else params)

    assert table(7, kept=True) == table(7, kept=False)
    assert table(7, kept=True) == table(7, kept=True)
    assert ">8<" in table(8, kept=True) and ">7<" not in table(8, kept=True)


def test_a_kept_field_follows_what_is_chosen_and_is_drawn_when_it_shows_an_error(app: Flask) -> None:
    """The faces, the choices and the buttons are kept for the field's name and chosen value; a
    value that is not one of its choices, or an error, is drawn afresh and never kept."""
    from coproduce.capture.forms import AnswerForm, answer_choices

    source = "{% macro rating() %}{{ form.rating() }}{% endmacro %}{{ kept_field(form.rating, (), rating) }}"

    def drawn(rating: str | None, error: str | None = None) -> str:
        with app.test_request_context():
            form = AnswerForm(data={"rating": rating})
            form.choice.choices = answer_choices(GUIDE.questions[1])
            if error:
                form.rating.errors = [error]
            return render_template_string(source, form=form)

    assert _checked(drawn("4"), "rating") == ["4"] and _checked(drawn("2"), "rating") == ["2"]
    assert _checked(drawn("4"), "rating") == ["4"] and _checked(drawn(None), "rating") == []
    hostile = drawn("<b>not a face</b>")
    assert _checked(hostile, "rating") == []
    assert "Choose the face" in drawn("4", error="Choose the face")
    assert "Choose the face" not in drawn("4")
    kept = list(templating._kept_fragments.values())
    assert not any("not a face" in piece or "Choose the face" in piece for piece in kept)


def _active_menu_item(page: str) -> list[str]:
    return re.findall(r"__item--active\">\s*<a[^>]*>\s*<strong[^>]*>([^<]+)</strong>", page)


def test_the_kept_main_menu_follows_the_role_and_the_page(app: Flask) -> None:
    from tests.conftest import sign_in

    expert, coordinator = app.test_client(), app.test_client()
    sign_in(expert, "expert_by_experience")
    sign_in(coordinator, "coordinator")
    for _ in range(2):  # each asks twice, in turn, so each is served what the other left kept
        home = expert.get("/").get_data(as_text=True)
        assert "Guide requests" not in home and "Jo Clarke" in home
        assert _active_menu_item(home) == ["Home"]
        requests_page = coordinator.get("/requests/").get_data(as_text=True)
        assert "Guide requests" in requests_page and "Ruth Okafor" in requests_page
        assert "Jo Clarke" not in requests_page and _active_menu_item(requests_page) == ["Guide requests"]
        their_help = coordinator.get("/help").get_data(as_text=True)
        assert "Guide requests" in their_help and _active_menu_item(their_help) == ["Help"]
        help_page = expert.get("/help").get_data(as_text=True)
        assert _active_menu_item(help_page) == ["Help"] and "Guide requests" not in help_page
        assert "Ruth Okafor" not in help_page


def test_a_kept_text_box_shows_what_was_typed_escaped_and_nothing_else(
    app: Flask, client: FlaskClient
) -> None:
    client.post("/login", data={"email": "expert@example.org", "password": "demo-expert-2026-pass"})
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(client, cid)
    typed = ["<script>alert(1)</script> & «ok»", "Second words", ""]
    for version, words in enumerate(typed):
        saved = client.post(
            f"/conversations/{cid}/questions/{FIRST}/autosave", json={"version": version, "notes": words}
        )
        assert saved.status_code == 200
        page = client.get(f"/conversations/{cid}/questions/{FIRST}").get_data(as_text=True)
        box = re.search(r'<textarea[^>]*id="notes"[^>]*>(.*?)</textarea>', page, re.S).group(1)
        assert box == str(escape(words))
        assert templating.TYPED not in page and all(old not in page for old in typed[:version] if old)
    with app.test_request_context():
        from coproduce.capture.forms import AnswerForm

        form = AnswerForm(data={"notes": "x"})
        form.notes.errors = ["Enter 20,000 characters or fewer"]
        shown = render_template_string("{{ form.notes() }}", form=form)
    assert "govuk-textarea--error" in shown and ">x</textarea>" in shown


def test_a_kept_address_is_url_for_s_under_every_prefix(app: Flask) -> None:
    from flask import url_for

    asked = [("capture.question", {"conversation_id": 3, "key": "a b"}), ("auth.login", {"next": "/x?y=1"})]
    for root in ("", "/coproduce", ""):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for endpoint, values in asked:
                built = templating.kept_url_for(endpoint, **values)
                assert built == url_for(endpoint, **values) and built.startswith(f"{root}/")
            assert templating.kept_url_for("capture.question", conversation_id=4, key="a") != built
            static = templating.kept_url_for("static", filename="vendor/app.css")
            assert "?v=" in static and static == url_for("static", filename="vendor/app.css")
