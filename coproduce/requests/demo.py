"""Demo guide requests: Birmingham's council contact asked for packs; one is ready, one is new."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.db import now


def add_demo(db: Database, users: dict[str, int]) -> None:
    contact, coordinator = users["contact@example.org"], users["coordinator@example.org"]
    birmingham = db.execute(
        "SELECT reviews.id FROM reviews JOIN councils ON councils.id = reviews.council_id "
        "WHERE councils.name = 'Birmingham' ORDER BY reviews.id LIMIT 1"
    ).fetchone()[0]
    stamp = now()
    soon = (datetime.now(UTC) + timedelta(days=21)).date().isoformat()
    ready = (
        db["guide_requests"]
        .insert(
            {
                "review_id": birmingham,
                "requested_by": contact,
                "guide_slug": "your-care-and-support",
                "languages": json.dumps(["ur"]),
                "formats": json.dumps(["easy_read", "large_print", "bilingual"]),
                "interpreter_types": json.dumps(["face-to-face", "telephone"]),
                "people_count": 8,
                "needed_by": soon,
                "notes": "Some people speak Pahari (Mirpuri) and read Urdu.",
                "status": "ready",
                "created_at": stamp,
            }
        )
        .last_pk
    )
    for status, user, note in (
        ("requested", contact, None),
        ("in_progress", coordinator, None),
        ("ready", coordinator, "Packs are ready. Please book face-to-face interpreters two weeks ahead."),
    ):
        db["guide_request_events"].insert(
            {"request_id": ready, "at": stamp, "user_id": user, "status": status, "note": note}
        )
    new = (
        db["guide_requests"]
        .insert(
            {
                "review_id": birmingham,
                "requested_by": contact,
                "guide_slug": "caring-for-someone",
                "languages": json.dumps(["en", "ur"]),
                "formats": json.dumps(["easy_read", "audio"]),
                "interpreter_types": json.dumps(["bsl"]),
                "people_count": 3,
                "needed_by": soon,
                "notes": None,
                "status": "requested",
                "created_at": stamp,
            }
        )
        .last_pk
    )
    db["guide_request_events"].insert(
        {"request_id": new, "at": stamp, "user_id": contact, "status": "requested", "note": None}
    )
    # Coventry asked by telephone; the coordinator wrote the request down for them.
    coventry = db.execute(
        "SELECT reviews.id FROM reviews JOIN councils ON councils.id = reviews.council_id "
        "WHERE councils.name = 'Coventry' ORDER BY reviews.id LIMIT 1"
    ).fetchone()[0]
    phoned = (
        db["guide_requests"]
        .insert(
            {
                "review_id": coventry,
                "requested_by": coordinator,
                "guide_slug": "your-care-and-support",
                "languages": json.dumps(["en"]),
                "formats": json.dumps(["large_print"]),
                "interpreter_types": json.dumps(["none"]),
                "people_count": 5,
                "needed_by": None,
                "notes": None,
                "status": "in_progress",
                "created_at": stamp,
            }
        )
        .last_pk
    )
    for status in ("requested", "in_progress"):
        db["guide_request_events"].insert(
            {"request_id": phoned, "at": stamp, "user_id": coordinator, "status": status, "note": None}
        )
