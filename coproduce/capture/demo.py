"""Demo conversations: one submitted in Urdu with quotes and an open safeguarding concern, one in
progress through a BSL interpreter, and two more people to talk to (one in Urdu by telephone
interpreter, one in Wolverhampton)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.db import now
from coproduce.guides import loader
from coproduce.guides.data import version_id


def _ago(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")


def add_demo(db: Database) -> None:
    """Add the capture demo to a database that has the base demo's people and conversations."""
    users = {row["email"]: row["id"] for row in db["users"].rows}
    reviews = {
        row["name"]: row["id"]
        for row in db.query(
            "SELECT reviews.id, councils.name FROM reviews JOIN councils ON councils.id = council_id"
        )
    }
    guide = loader.latest("your-care-and-support")
    guide_version = version_id(db, guide.slug, guide.version)
    # The second edition: a yes/no question first, then two with faces, and the closing "what else".
    first, rated, listened, last = (
        guide.questions[0],
        guide.questions[1],
        guide.questions[2],
        guide.questions[-1],
    )

    def conversation_of(reference: str) -> int:
        return db.execute(
            "SELECT c.id FROM conversations c JOIN participants p ON p.id = c.participant_id "
            "WHERE p.reference = ?",
            [reference],
        ).fetchone()[0]

    # Submitted, in Urdu with the expert by experience who speaks it; the person chose no interpreter.
    urdu = conversation_of("BHM-ASC-10517")
    db["conversations"].update(
        urdu,
        {
            "status": "submitted",
            "guide_version_id": guide_version,
            "language": "ur",
            "language_used": "ur",
            "present": json.dumps(["carer"]),
            "interpreter_accepted": 0,
            "presence_reason": "The person was offered a professional interpreter. She chose to talk in Urdu "
            "with Imran, who speaks it. Her daughter, her carer, sat with her but did not interpret.",
            "consent": "yes",
            "consent_how": "spoken_in_person",
            "consent_support": "The person, with the easy-read sheet in Urdu",
            "started_at": _ago(30),
            "submitted_at": _ago(29),
            "reflection_noticed": "She was proud that she still cooks for her family.",
            "reflection_change": "Letters about the assessment should come in Urdu and in easy read.",
        },
    )
    said = [
        (first.key, None, "no", "No one explained the assessment first. A letter came in English.", [
            ("مجھے کسی نے نہیں بتایا کہ کیا ہو گا۔", "verbatim"),
        ]),
        (rated.key, "2", None, "The letter was in English.", [
            ("The letter was in English, so my daughter had to read it to me.", "interpreted"),
        ]),
        (listened.key, "4", None, "The social worker asked what mattered to her: cooking for her family.", [
            ("انہوں نے میری بات سنی 🙂", "verbatim"),
        ]),
        (last.key, None, None, "She wants the carers to come at the same time each day.", []),
    ]  # fmt: skip
    for key, rating, choice, notes, quotes in said:
        answer = (
            db["answers"]
            .insert(
                {
                    "conversation_id": urdu,
                    "question_key": key,
                    "rating": rating,
                    "choice": choice,
                    "notes": notes,
                    "updated_at": _ago(29),
                }
            )
            .last_pk
        )
        for text, kind in quotes:
            db["quotes"].insert({"answer_id": answer, "text": text, "kind": kind, "created_at": _ago(29)})
    db["safeguarding_concerns"].insert(
        {
            "conversation_id": urdu,
            "raised_by": users["expert2@example.org"],
            "raised_at": _ago(29),
            "what_was_said": "میرے بیٹے کا دوست آتا ہے اور میرے پیسے لے جاتا ہے۔ "
            "(My son's friend comes round and takes my money.)",
            "when_said": "Near the end of the conversation",
            "person_knows": "yes",
        }
    )

    # In progress, by video with a BSL interpreter; the first question is answered.
    bsl = conversation_of("BHM-ASC-10561")
    db["conversations"].update(
        bsl,
        {
            "status": "in_progress",
            "guide_version_id": guide_version,
            "language": "en",
            "language_used": "bfi",
            "present": json.dumps(["interpreter_bsl"]),
            "interpreter_accepted": 1,
            "consent": "yes",
            "consent_how": "spoken_in_person",
            "consent_support": "The person, with the BSL interpreter",
            "started_at": _ago(2),
        },
    )
    db["answers"].insert(
        {
            "conversation_id": bsl,
            "question_key": first.key,
            "choice": "yes",
            "notes": "He got a leaflet, but it was not in BSL.",
            "updated_at": _ago(1),
        }
    )

    # Two more people to talk to.
    people = [
        ("Birmingham", "BHM-ASC-10604", "phone", "ur", ["interpreter_spoken"], "expert@example.org", 4),
        ("Wolverhampton", "WLV-ASC-20311", "phone", "en", ["easy_read"], "expert@example.org", 12),
    ]
    for council, reference, mode, language, needs, interviewer, days in people:
        participant = (
            db["participants"]
            .insert(
                {
                    "review_id": reviews[council],
                    "reference": reference,
                    "contact_mode": mode,
                    "language": language,
                    "needs": json.dumps(needs),
                    "created_at": now(),
                }
            )
            .last_pk
        )
        planned = (datetime.now(UTC) + timedelta(days=days)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        db["conversations"].insert(
            {
                "participant_id": participant,
                "interviewer_id": users[interviewer],
                "planned_at": planned.isoformat(),
            }
        )
