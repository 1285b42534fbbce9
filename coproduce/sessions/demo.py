"""Demo for the sessions: Coventry's two practitioner focus groups and one frontline managers'
session, with notes for each prompt and the key messages agreed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.question_sets import latest

# Coventry's sessions have fixed ids from here, so the permission tests can name one.
FIRST_ID = 3001
# kind, days before the report, attendance by role, key messages
SESSIONS = [
    ("practitioners", 170, {"social_workers": 5, "occupational_therapists": 2},
     "Staff want time to build relationships. Interpreters are hard to book at short notice."),
    ("practitioners", 169, {"social_workers": 4, "social_care_practitioners": 3},
     "Carers' assessments are often left to the end. Online forms put some people off."),
    ("frontline_managers", 168, {"team_managers": 6},
     "Waiting lists are the first worry. Managers want one quality framework for audits and feedback."),
]  # fmt: skip
NOTES = {
    "practice-good": "A worker who met a man at his mosque so his imam could help him explain.",
    "practice-strengths": "Asked about family, less often about friends and community groups.",
    "practice-diversity": "Not confident asking about culture; relies on family to interpret.",
    "support-supervision": "Group supervision helps; reflective time is the first thing to go.",
    "support-barriers": "Repeated forms, the wait for interpreters and high caseloads.",
    "support-change": "Telephone interpreters that can be booked the same day.",
}


def add_demo(db: Database, review_id: int, users: dict[str, int]) -> None:
    """Fill Coventry's sessions (run inside load_demo's transaction)."""
    prompts = latest("sessions")
    today = datetime.now(UTC)
    for n, (kind, days, attendance, messages) in enumerate(SESSIONS):
        session_id = FIRST_ID + n
        db["practice_sessions"].insert(
            {
                "id": session_id,
                "review_id": review_id,
                "kind": kind,
                "held_on": (today - timedelta(days=days)).date().isoformat(),
                "attendance": json.dumps(attendance),
                "key_messages": messages,
                "prompt_set": prompts.slug,
                "prompt_version": prompts.version,
                "recorded_by": users["psw@example.org"],
                "created_at": (today - timedelta(days=days)).replace(microsecond=0).isoformat(),
            }
        )
        db["session_notes"].insert_all(
            {"session_id": session_id, "prompt_key": question.key, "notes": NOTES[question.key]}
            for _section, question in prompts.questions()
        )
