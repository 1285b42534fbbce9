"""The regional view keeps its grouped rows, its published councils and its years in each process
under the summaries' stamp (coproduce.regional.data.kept_while_unchanged, m014): what it shows after
any change is what the summaries give at once, and a PSW never sees a council named that is not
published, whoever asked before them and whatever they were shown."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from flask import Flask

from coproduce.capture import data as conversations
from coproduce.db import connect
from coproduce.regional import data as regional
from coproduce.regional import learning_data
from tests.conftest import make_app, sign_in

FILTERS = [(None, None), ("West Midlands", None), (None, 2025), ("West Midlands", 2026), ("Nowhere", None)]


def _every_page(table: str, region: str | None, year: int | None) -> list[dict]:
    rows, number = [], 1
    while True:
        page = regional.regional_page(table, region, year, number)
        assert page.number == number and page.total >= len(page.rows)
        rows += page.rows
        if number >= page.count:
            assert page.total == len(rows)
            return rows
        number += 1


def _as_kept_equals_as_queried(app: Flask) -> dict[str, list[dict]]:
    """Every page of both tables, under every filter, equals the summaries' own query now."""
    with app.app_context():
        for region, year in FILTERS:
            assert _every_page("themes", region, year) == regional.regional_themes(region, year)
            assert _every_page("ratings", region, year) == regional.regional_ratings(region, year)
        published = learning_data.published_groups()
        db = connect(app.config["DATABASE"])
        assert published == {
            tuple(row)
            for row in db.execute(
                f"""SELECT co.name, r.year, r.focus FROM reviews r JOIN councils co ON co.id = r.council_id
                WHERE {regional.published()}"""
            )
        }
        db.close()
        return {"themes": _every_page("themes", None, None), "ratings": _every_page("ratings", None, None)}


def _people(rows: list[dict], council: str) -> int:
    return sum(row["people"] for row in rows if row["council"] == council)


def test_the_kept_rows_follow_every_change(app: Flask) -> None:
    before = _as_kept_equals_as_queried(app)
    db = connect(app.config["DATABASE"])
    submitted = db.execute(
        """SELECT c.id, co.name FROM conversations c JOIN participants p ON p.id = c.participant_id
        JOIN reviews r ON r.id = p.review_id JOIN councils co ON co.id = r.council_id
        WHERE c.status = 'submitted' AND c.withdrawn_at IS NULL
        AND EXISTS (SELECT 1 FROM answers a WHERE a.conversation_id = c.id AND a.rating BETWEEN '1' AND '5')
        ORDER BY c.id LIMIT 1"""
    ).fetchone()
    conversation, council = submitted
    assert _people(before["ratings"], council) > 0

    # A changed answer: the council's average rating moves.
    db.execute(
        "UPDATE answers SET rating = CASE rating WHEN '1' THEN '5' ELSE '1' END WHERE conversation_id = ?",
        [conversation],
    )
    db.conn.commit()
    changed = _as_kept_equals_as_queried(app)
    assert changed["ratings"] != before["ratings"]

    # A new conversation submitted: one more person for the council.
    participant, guide, interviewer = db.execute(
        "SELECT participant_id, guide_version_id, interviewer_id FROM conversations WHERE id = ?",
        [conversation],
    ).fetchone()
    review = db.execute("SELECT review_id FROM participants WHERE id = ?", [participant]).fetchone()[0]
    person = db["participants"].insert(
        {"review_id": review, "reference": "REGIONAL-NEW", "contact_mode": "home", "language": "en",
         "created_at": "2026-01-01T00:00:00+00:00"}
    ).last_pk  # fmt: skip
    db["conversations"].insert(
        {"participant_id": person, "interviewer_id": interviewer, "status": "submitted",
         "guide_version_id": guide, "submitted_at": "2026-02-01T10:00:00+00:00"}
    )  # fmt: skip
    db.conn.commit()
    added = _as_kept_equals_as_queried(app)
    assert _people(added["ratings"], council) == _people(changed["ratings"], council) + 1

    # The person withdraws: their answers are erased and they are no longer counted.
    with app.app_context():
        conversations.withdraw(conversation, 1)
    erased = _as_kept_equals_as_queried(app)
    assert _people(erased["ratings"], council) == _people(added["ratings"], council) - 1

    # The council renamed, then the review's year changed: the rows follow.
    db.execute("UPDATE councils SET name = 'Renamed Council' WHERE name = ?", [council])
    db.conn.commit()
    renamed = _as_kept_equals_as_queried(app)
    assert _people(renamed["ratings"], council) == 0 and _people(renamed["ratings"], "Renamed Council") > 0
    db.execute("UPDATE reviews SET year = year - 3 WHERE id = ?", [review])
    db.conn.commit()
    _as_kept_equals_as_queried(app)
    with app.app_context():
        assert regional.regional_choices()["years"][-1] == min(
            row[0]
            for row in db.execute(
                "SELECT year FROM reviews r JOIN review_rating_counts s ON s.review_id = r.id"
            )
        )

    # The council moved to another region: the region's filter follows.
    db.execute("UPDATE councils SET region = 'Nowhere' WHERE name = 'Renamed Council'")
    db.conn.commit()
    _as_kept_equals_as_queried(app)
    with app.app_context():
        assert {row["council"] for row in _every_page("ratings", "Nowhere", None)} == {"Renamed Council"}
    db.close()


def _named(page: str) -> set[str]:
    """The councils named in the regional view's ratings table."""
    table = re.search(r"Ratings by review.*?</table>", page, re.S).group(0)
    return set(re.findall(r'aria-hidden="true">Council</span>([^<]+)</td>', table))


def test_psws_never_see_an_unpublished_council_named_whoever_asked_before(app: Flask) -> None:
    coordinator, client = app.test_client(), app.test_client()  # not `with`: each its own request
    sign_in(coordinator, "coordinator")
    sign_in(client, "psw")
    db = connect(app.config["DATABASE"])
    published = {
        row[0]
        for row in db.execute(
            f"""SELECT co.name FROM reviews r JOIN councils co ON co.id = r.council_id
            WHERE {regional.published()}"""
        )
    }
    for step in range(3):
        everyone = _named(coordinator.get("/findings/regional").get_data(as_text=True))
        seen = _named(client.get("/findings/regional").get_data(as_text=True))
        assert "Not published yet" in seen and "Not published yet" not in everyone
        assert seen - {"Not published yet"} == everyone & published
        assert everyone - published, "the coordinator sees the unpublished councils named"
        if step == 0:  # a published review goes back to analysis: its council is no longer named
            hidden = sorted(published)[0]
            db.execute(
                """UPDATE reviews SET status = 'analysis'
                WHERE council_id = (SELECT id FROM councils WHERE name = ?)""",
                [hidden],
            )
            db.conn.commit()
            published.discard(hidden)
    db.close()


def test_two_databases_in_one_process_each_see_their_own(app: Flask, tmp_path: Path) -> None:
    """Two copies of one database share a stamp until one changes: then each shows its own."""
    first = _as_kept_equals_as_queried(app)  # the summaries refreshed: a stamp drawn
    other_path = tmp_path / "other.db"
    with sqlite3.connect(app.config["DATABASE"]) as source, sqlite3.connect(other_path) as copy:
        source.backup(copy)
    other = make_app(other_path)
    db = connect(other_path)
    stamp = "SELECT stamp FROM summaries_stamp"
    assert db.execute(stamp).fetchone() == connect(app.config["DATABASE"]).execute(stamp).fetchone()
    council = first["ratings"][0]["council"]
    db.execute("UPDATE councils SET name = 'Only In The Other' WHERE name = ?", [council])
    db.conn.commit()
    db.close()
    for _ in range(2):
        mine, theirs = _as_kept_equals_as_queried(app), _as_kept_equals_as_queried(other)
        assert _people(mine["ratings"], council) > 0 and _people(mine["ratings"], "Only In The Other") == 0
        assert (
            _people(theirs["ratings"], council) == 0 and _people(theirs["ratings"], "Only In The Other") > 0
        )
