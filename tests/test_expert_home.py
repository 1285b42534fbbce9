"""An expert by experience's home: what is still to do (and which of it the tablet keeps for use
with no connection), then what is finished, a page at a time. Also the paging every long table
shares (coproduce.paging), seen on the regional view."""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from coproduce.capture import data as conversations
from coproduce.db import connect
from coproduce.regional import data as regional
from tests.conftest import give_the_demo_expert, sign_in

OPEN, FINISHED = 25, 23


def give_the_expert_many(app: Flask) -> list[int]:
    """Give the demo expert by experience OPEN more conversations to hold, planned on days 1 to OPEN
    of a month (the last one under way), and FINISHED finished ones. Returns the open ones' ids."""
    db = connect(app.config["DATABASE"])
    guide = db.execute("SELECT max(guide_version_id) FROM conversations").fetchone()[0]
    opened = []
    for n in range(OPEN + FINISHED):
        finished = n >= OPEN
        conversation = give_the_demo_expert(
            db,
            f"MANY-{n:03}",
            "2026-01-01T00:00:00+00:00",
            planned_at=f"2031-03-{n % 28 + 1:02}T10:00:00+00:00",
            status="submitted" if finished else "in_progress" if n == OPEN - 1 else "not_started",
            guide_version_id=guide if finished or n == OPEN - 1 else None,
            submitted_at=f"2026-02-{n - OPEN + 1:02}T10:00:00+00:00" if finished else None,
        )
        if not finished:
            opened.append(conversation)
    db.close()
    return opened


def references(html: str, caption: str) -> list[str]:
    """The people named in the table with this caption, in order."""
    table = html[html.index(caption) : html.index("</table>", html.index(caption))]
    return re.findall(r">((?:MANY|[A-Z]{3}-ASC)-[\w-]+)(?:</bdi>)?</a>", table)


def test_still_to_do_comes_first_and_the_tablet_keeps_the_one_under_way(
    app: Flask, client: FlaskClient
) -> None:
    opened = give_the_expert_many(app)
    sign_in(client, "expert_by_experience")
    home = client.get("/").get_data(as_text=True)
    to_do = references(home, "Still to do")
    assert to_do[0] == f"MANY-{OPEN - 1:03}"  # the one under way, although planned last
    many = [reference for reference in to_do if reference.startswith("MANY")]
    assert many[1:] == [f"MANY-{n:03}" for n in range(OPEN - 1)]  # then the soonest
    # Planned in 2031, the others are too far ahead to keep (tests/test_tablet.py has the rule);
    # the one under way is kept, with the demo's four planned in the next 14 days.
    kept = [c["id"] for c in client.get("/conversations/offline.json").json["conversations"]]
    assert kept[0] == opened[-1] and len(kept) == 5
    assert "5 conversations are kept on this tablet for working with no connection." in home


def test_finished_conversations_come_a_page_at_a_time_latest_first(app: Flask, client: FlaskClient) -> None:
    give_the_expert_many(app)
    sign_in(client, "expert_by_experience")
    first = client.get("/").get_data(as_text=True)
    shown = references(first, "Finished")
    assert shown[:3] == [f"MANY-{n:03}" for n in (47, 46, 45)]
    assert len(shown) == conversations.FINISHED_PAGE_SIZE
    total = len(shown) + len(references(client.get("/?finished_page=2").get_data(as_text=True), "Finished"))
    assert f"Rows 1 to 20 of {total}" in first
    assert 'href="/?finished_page=2"' in first and "Previous page" not in first
    second = client.get("/?finished_page=2").get_data(as_text=True)
    assert f"Rows 21 to {total} of {total}" in second
    assert 'href="/?finished_page=1"' in second and "Next page" not in second
    # A page past the end (the list got shorter, or the address was typed) shows the first.
    assert references(client.get("/?finished_page=9").get_data(as_text=True), "Finished") == shown
    assert client.get("/?finished_page=nonsense").status_code == 200


def test_an_expert_with_nothing_left_to_do_is_told_so(app: Flask, client: FlaskClient) -> None:
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE conversations SET status = 'submitted' WHERE status = 'in_progress'")
    db.execute(
        """UPDATE conversations SET status = 'did_not_take_place', not_held_reason = 'declined'
        WHERE status = 'not_started'"""
    )
    db.close()
    sign_in(client, "expert_by_experience")
    home = client.get("/").get_data(as_text=True)
    assert "You have no conversations still to do." in home and "Finished" in home
    assert "This tablet keeps" not in home


def test_a_regional_table_pages_keep_the_filters_and_the_other_table(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regional, "REGIONAL_PAGE_SIZE", 2)
    sign_in(client, "coordinator")
    first = client.get("/findings/regional?region=West+Midlands&ratings_page=1").get_data(as_text=True)
    # The themes table's count (the ratings table before it pages too, with the Walsall review).
    themes = re.search(r"Themes by review.*?Rows 1 to 2 of (\d+)", first, re.S)
    total = int(themes.group(1))
    assert total > 4
    assert 'href="/findings/regional?region=West+Midlands&amp;ratings_page=1&amp;themes_page=2"' in first
    second = client.get("/findings/regional?region=West+Midlands&ratings_page=1&themes_page=2")
    page = second.get_data(as_text=True)
    assert "Rows 3 to 4 of" in page and "themes_page=1" in page and "themes_page=3" in page


# The Jinja macro coproduce/home/tables.py replaced (templates/home/expert.html before it), to
# show the Python tables draw what it drew.
JINJA_CONVERSATIONS_TABLE = """
{% from "_macros.html" import app_table, conversation_status_tag, rows_caption %}
{% set head = [_("Person"), _("When")] %}
{% if to_do %}
  {% set head = head + [_("How"), _("Language"), _("Interpreter"), _("Access needs")] %}
{% endif %}
{% set head = head + [_("Council"), _("Status")] %}
{% set table_rows = [] %}
{% for item in rows %}
  {% set person %}<a class="govuk-link" href="{{ url_for('capture.prepare', conversation_id=item.id)
    }}"><bdi>{{ item.reference }}</bdi></a>{% endset %}
  {% set row = [{"html": person}, item.planned_at | datetime if item.planned_at else _("Not planned yet")] %}
  {% if to_do %}
    {% set needs = needs_of(item.needs) %}
    {% set language %}{{ language_name(item.language) }}{% if item.dialect %} ({{ item.dialect }}){%
      endif %}{% endset %}
    {% set interpreter %}{% for need in needs if need in interpreter_needs %}{{ label("need", need) }}{%
      if not loop.last %}<br>{% endif %}{% else %}{{ _("None") }}{% endfor %}{% endset %}
    {% set access %}
      {% for need in needs if need not in interpreter_needs %}{{ label("need", need) }}{%
        if not loop.last %}<br>{% endif %}{% endfor %}
      {% if item.is_carer %}<br>{{ _("The person is a carer") }}{% endif %}
      {% if item.access_notes %}<p class="govuk-body-s govuk-!-margin-bottom-0">{{ item.access_notes
        }}</p>{% endif %}
    {% endset %}
    {% set row = row + [label("contact_mode", item.contact_mode), {"html": language},
      {"html": interpreter}, {"html": access}] %}
  {% endif %}
  {% set row = row + [item.council_name, {"html": conversation_status_tag(item.status)}] %}
  {% set unused = table_rows.append(row) %}
{% endfor %}
{{ app_table({"caption": rows_caption(title, page), "captionClasses": "govuk-table__caption--m", "head": head,
  "rows": table_rows, "firstCellIsHeader": true, "stack": "desktop"}) }}"""


def _item(n: int, **given: object) -> dict:
    return {
        "id": 100 + n, "reference": f"REF-{n}", "status": "not_started", "planned_at": None,
        "language": "en", "dialect": None, "contact_mode": "home", "needs": None, "access_notes": None,
        "is_carer": 0, "council_name": "Birmingham", **given,
    }  # fmt: skip


ITEMS = [
    _item(1, planned_at="2031-03-02T10:30:00+00:00", status="in_progress", language="ur",
          dialect="Mirpuri <d>",
          needs='["interpreter_spoken", "large_print", "easy_read"]', access_notes="Ring twice & wait <b>",
          is_carer=1, contact_mode="phone"),
    _item(2, reference="O'Brien <script>", needs='["bsl_interpreter"]', status="submitted", language="bfi"),
    _item(3, planned_at="2026-07-01T08:00:00+00:00", needs="[]", status="did_not_take_place",
          council_name="Stoke & Trent <x>", is_carer=1),
    _item(4, needs='["deafblind_interpreter", "bsl_interpreter", "hearing_loop"]', access_notes="Step-free"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ur", "pl"])
@pytest.mark.parametrize("to_do", [True, False])
def test_the_tables_draw_what_their_jinja_macro_drew(app: Flask, lang: str, to_do: bool) -> None:
    from coproduce.codes import INTERPRETER_NEEDS
    from coproduce.home import tables
    from coproduce.paging import Page

    page = None if to_do else Page(ITEMS, 2, 9, 4)

    def normal(html: str) -> str:
        return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()

    for _ in range(2):  # the second time from the kept frame
        with app.test_request_context(f"/?lang={lang}"):
            before = render_template_string(
                JINJA_CONVERSATIONS_TABLE, title="Still to do", rows=ITEMS, to_do=to_do, page=page,
                interpreter_needs=INTERPRETER_NEEDS,
            )  # fmt: skip
            after = str(tables.conversations_table("Still to do", ITEMS, to_do, page))
        assert (
            "&lt;script&gt;" in after and "<script>" not in after and "Stoke &amp; Trent &lt;x&gt;" in after
        )
        assert ("Mirpuri &lt;d&gt;" in after) is to_do and (
            "Ring twice &amp; wait &lt;b&gt;" in after
        ) is to_do
        assert "\x00" not in after and after.count("<tr") == len(ITEMS) + 1
        assert normal(after) == normal(before)


def test_a_kept_frame_holds_no_one_s_row(app: Flask, client: FlaskClient) -> None:
    """Two experts in turn, each sees only their own people; what is kept names no one."""
    from coproduce.home import tables

    give_the_expert_many(app)
    other = app.test_client()
    sign_in(other, "expert2@example.org", "demo-expert-2026-pass")
    first = app.test_client()
    sign_in(first, "expert_by_experience")
    for _ in range(2):
        mine = first.get("/").get_data(as_text=True)
        theirs = other.get("/").get_data(as_text=True)
        assert "MANY-000" in mine and "MANY-000" not in theirs
        people = [set(re.findall(r"<bdi>([^<]+)</bdi></a>", page)) for page in (mine, theirs)]
        assert people[0] and people[1] and people[0].isdisjoint(people[1])
        assert 'lang="ur"' in theirs and 'lang="en"' in mine  # expert2@ reads Urdu
    kept = "".join("".join(frame) for frame in tables._frames.values())
    assert tables._frames and "MANY-" not in kept and "ASC-" not in kept and "/conversations/" not in kept
