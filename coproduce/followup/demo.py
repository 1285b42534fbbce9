"""Demo for the follow-up: Coventry's published report has an action plan (the council accepted
both recommendations, each with actions, dates and baselines) and the six-month meeting is recorded,
so the overdue list, the council's home and the letters to the people who took part have something
to show. Runs after the report demo (coproduce/report/demo.py)."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.report.demo import days_ago


def add_demo(db: Database, users: dict[str, int]) -> None:
    """Run inside load_demo's transaction."""
    review_id = db.execute(
        "SELECT r.id FROM reviews r JOIN councils c ON c.id = r.council_id WHERE c.name = 'Coventry'"
    ).fetchone()[0]
    lead, contact = users["psw@example.org"], users["contact2@example.org"]
    recommendations = [
        r[0]
        for r in db.execute(
            """SELECT id FROM findings WHERE review_id = ? AND kind = 'recommendation'
            AND status = 'signed_off' ORDER BY id""",
            [review_id],
        )
    ]
    plans = [
        (
            recommendations[0],
            "Head of Adult Social Care Operations",
            [
                (
                    "Ring everyone waiting for an assessment every two weeks",
                    60,
                    "Now: 1 in 5 people waiting had a call in the last month",
                    "done",
                ),
                (
                    "Send a letter saying who to contact while people wait",
                    30,
                    "Now: no letter is sent",
                    "in_progress",
                ),
            ],
        ),
        (
            recommendations[1],
            "Carers Lead",
            [
                (
                    "Offer a carer's assessment at every first visit",
                    45,
                    "Now: 3 in 10 carers are offered an assessment",
                    "in_progress",
                ),
            ],
        ),
    ]
    meeting = (
        db["follow_up_meetings"]
        .insert(
            {
                "review_id": review_id,
                "held_on": days_ago(5)[:10],
                "attendees": "Director of Adult Social Care, lead Principal Social Worker, Carers Lead",
                "what_changed": "A call-back rota runs in the front door team. "
                "Carers are offered an assessment at more first visits.",
                "view": "agree",
                "recorded_by": lead,
                "recorded_at": days_ago(5),
            }
        )
        .last_pk
    )
    for finding, owner, actions in plans:
        db["action_plans"].insert(
            {
                "finding_id": finding,
                "decision": "accepted",
                "owner": owner,
                "recorded_by": contact,
                "recorded_at": days_ago(85),
            }
        )
        for what, due_in, baseline, status in actions:
            action = (
                db["actions"]
                .insert(
                    {
                        "finding_id": finding,
                        "what": what,
                        "due": days_ago(85 - due_in)[:10],
                        "baseline": baseline,
                        "created_by": contact,
                        "created_at": days_ago(85),
                    }
                )
                .last_pk
            )
            db["meeting_actions"].insert({"meeting_id": meeting, "action_id": action, "status": status})
