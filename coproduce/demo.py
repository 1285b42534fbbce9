"""Demo data: the 14 West Midlands councils, reviews, a person for each role, conversations.

Demo passwords exist only here, and only a database made by `load_demo` has them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.analysis import demo as analysis_demo
from coproduce.audits import demo as audits_demo
from coproduce.auth import hash_password
from coproduce.capture import demo as capture_demo
from coproduce.db import now, write_transaction
from coproduce.findings import demo as findings_demo
from coproduce.followup import demo as followup_demo
from coproduce.people import demo as people_demo
from coproduce.privacy import demo as privacy_demo
from coproduce.report import demo as report_demo
from coproduce.requests import demo as requests_demo
from coproduce.selfassessment import demo as selfassessment_demo
from coproduce.sessions import demo as sessions_demo

WEST_MIDLANDS = [
    "Birmingham", "Coventry", "Dudley", "Herefordshire", "Sandwell", "Shropshire", "Solihull",
    "Staffordshire", "Stoke-on-Trent", "Telford and Wrekin", "Walsall", "Warwickshire",
    "Wolverhampton", "Worcestershire",
]  # fmt: skip

# role, email, password, name, council (for a council contact), preferred language
DEMO_LOGINS = [
    ("coordinator", "coordinator@example.org", "demo-coordinator-2026", "Ruth Okafor", None, "en"),
    ("psw", "psw@example.org", "demo-psw-2026-pass", "Sam Patel", None, "en"),
    ("expert_by_experience", "expert@example.org", "demo-expert-2026-pass", "Jo Clarke", None, "en"),
    ("authority_contact", "contact@example.org", "demo-contact-2026-pass", "Lee Morgan", "Birmingham", "en"),
]
# More people, so that teams look real; they sign in with the same password as their role above.
DEMO_COLLEAGUES = [
    ("psw", "psw2@example.org", "Aisha Begum", None, "en"),
    ("expert_by_experience", "expert2@example.org", "Imran Hussain", None, "ur"),
    ("authority_contact", "contact2@example.org", "Priya Shah", "Coventry", "en"),
    ("authority_contact", "contact3@example.org", "Grace Adeyemi", "Walsall", "en"),
]


ROLE_PASSWORDS = {role: password for role, _email, password, *_ in DEMO_LOGINS}
DEMO_PASSWORDS = {email: ROLE_PASSWORDS[role] for role, email, *_ in DEMO_LOGINS + DEMO_COLLEAGUES}

# The signed-off findings' titles, and the items of other sources each is linked to directly.
FINDING_LINKS = {
    "People felt listened to by their social worker": (("session_note", "practice-good"),),
    "People who needed an interpreter had a worse experience": (
        ("audit_rating", "recording-interpreter"),
        ("session_note", "practice-diversity"),
        ("self_assessment", "people-equity"),
    ),
    "Keep people informed while they wait for an assessment": (
        ("audit_rating", "reviews-timely"),
        ("session_note", "support-barriers"),
    ),
    "Offer every carer a carer's assessment": (
        ("audit_rating", "carers-offered"),
        ("self_assessment", "practice-improve"),
    ),
}


def is_demo(db: Database) -> bool:
    return db["meta"].exists() and db.execute("SELECT 1 FROM meta WHERE key = 'demo'").fetchone() is not None


def load_demo(db: Database) -> None:
    """Fill an empty, migrated database with the demo."""
    with write_transaction(db):
        if db.execute("SELECT count(*) FROM users").fetchone()[0]:
            raise RuntimeError("The database already has people in it; the demo goes only into an empty one.")
        db["meta"].insert({"key": "demo", "value": now()})
        councils = {}
        for name in WEST_MIDLANDS:
            councils[name] = db["councils"].insert({"name": name, "region": "West Midlands"}).last_pk
        users = {}
        people = [(r, e, n, c, loc) for r, e, _p, n, c, loc in DEMO_LOGINS] + DEMO_COLLEAGUES
        for role, email, name, council, locale in people:
            users[email] = (
                db["users"]
                .insert(
                    {
                        "email": email,
                        "name": name,
                        "role": role,
                        "council_id": councils[council] if council else None,
                        "password_hash": hash_password(DEMO_PASSWORDS[email]),
                        "locale": locale,
                        "created_at": now(),
                    }
                )
                .last_pk
            )
        _reviews(db, councils, users)
        requests_demo.add_demo(db, users)
        capture_demo.add_demo(db)
        privacy_demo.add_demo(db)
        people_demo.add_demo(db, users)
        findings_demo.add_demo(db)
        report_demo.add_demo(db, users)
        followup_demo.add_demo(db, users)
        _evidence(db, users)


def _evidence(db: Database, users: dict[str, int]) -> None:
    """Every other source of the Coventry review: audits, sessions and the self-assessment."""
    coventry = db.execute(
        "SELECT r.id FROM reviews r JOIN councils c ON c.id = r.council_id WHERE c.name = 'Coventry'"
    ).fetchone()[0]
    audits_demo.add_demo(db, coventry, users)
    sessions_demo.add_demo(db, coventry, users)
    selfassessment_demo.add_demo(db, coventry, users)
    analysis_demo.add_demo(db, coventry, users)
    # Coventry's signed-off findings rest on these sources too: link the items each speaks to.
    findings = {
        r["title"]: r["id"]
        for r in db.query(
            "SELECT id, title FROM findings WHERE review_id = ? AND status = 'signed_off'", [coventry]
        )
    }
    db["finding_sources"].insert_all(
        {"finding_id": findings[title], "source": source, "item_id": item_id}
        for title, wanted in FINDING_LINKS.items()
        for source, item_id, key, rating in analysis_demo.items_of(db, coventry)
        if (source, key) in wanted and (source != "audit_rating" or rating in analysis_demo.WEAK)
    )


def _reviews(db: Database, councils: dict[str, int], users: dict[str, int]) -> None:
    year = datetime.now(UTC).year
    reviews = [
        ("Birmingham", "edi", None, year, "conversations", 1),
        ("Wolverhampton", "strengths_based", None, year, "planning", 3),
        ("Coventry", "safeguarding", None, year - 1, "reported", -5),
        ("Solihull", "preparing_for_adulthood", None, year - 2, "closed", -20),
        ("Dudley", "other", "Carers' experience", year, "planning", 6),
    ]
    ids = {}
    for council, focus, focus_other, review_year, status, months_ahead in reviews:
        start = (datetime.now(UTC) + timedelta(days=30 * months_ahead)).date()
        ids[council] = (
            db["reviews"]
            .insert(
                {
                    "council_id": councils[council],
                    "title": f"{council} practice review {review_year}",
                    "focus": focus,
                    "focus_other": focus_other,
                    # Dudley's review of carers' experience adds the carers' questions to its guide.
                    "guide_modules": json.dumps(["carers"] if council == "Dudley" else []),
                    "year": review_year,
                    "onsite_start": start.isoformat(),
                    "onsite_end": (start + timedelta(days=2)).isoformat(),
                    "report_due": (start + timedelta(days=42)).isoformat(),
                    "status": status,
                    # The letter in each pack gives this number; the other councils' packs say to
                    # phone the adult social care team instead.
                    "contact_phone": "0121 555 0142" if council == "Birmingham" else None,
                    "safeguarding_contact_name": f"{council} Adult Safeguarding Team",
                    "safeguarding_contact_phone": "0121 555 0199",
                    "safeguarding_contact_hours": "Monday to Friday, 9am to 5pm",
                    "emergency_instruction": "Out of hours, call the Emergency Duty Team on 0121 555 0100. "
                    "If someone is in danger now, call 999.",
                    "created_at": now(),
                }
            )
            .last_pk
        )
    team = [
        ("Birmingham", "psw@example.org", "lead_psw"),
        ("Birmingham", "psw2@example.org", "psw"),
        ("Birmingham", "expert@example.org", "expert_by_experience"),
        ("Birmingham", "expert2@example.org", "expert_by_experience"),
        ("Birmingham", "contact@example.org", "authority_contact"),
        ("Wolverhampton", "psw2@example.org", "lead_psw"),
        ("Wolverhampton", "expert@example.org", "expert_by_experience"),
        ("Coventry", "psw@example.org", "lead_psw"),
    ]
    db["review_members"].insert_all(
        {"review_id": ids[council], "user_id": users[email], "team_role": role}
        for council, email, role in team
    )
    people = [
        ("BHM-ASC-10482", "phone", "en", None, ["easy_read"], 0, "expert@example.org", 2),
        ("BHM-ASC-10517", "home", "ur", "Mirpuri", ["interpreter_spoken"], 0, "expert2@example.org", 3),
        (
            "BHM-ASC-10533",
            "phone",
            "pa",
            None,
            ["interpreter_spoken", "carer_present"],
            1,
            "expert@example.org",
            5,
        ),
        ("BHM-ASC-10561", "video", "en", None, ["bsl_interpreter"], 0, "expert2@example.org", 6),
        (
            "BHM-ASC-10590",
            "phone",
            "bn",
            "Sylheti",
            ["interpreter_spoken", "advocate"],
            0,
            "expert@example.org",
            None,
        ),
    ]
    for reference, mode, language, dialect, needs, carer, interviewer, days in people:
        participant = (
            db["participants"]
            .insert(
                {
                    "review_id": ids["Birmingham"],
                    "reference": reference,
                    "contact_mode": mode,
                    "language": language,
                    "dialect": dialect,
                    "needs": json.dumps(needs),
                    "is_carer": carer,
                    "created_at": now(),
                }
            )
            .last_pk
        )
        planned = (
            (datetime.now(UTC) + timedelta(days=days)).replace(hour=10, minute=30, second=0, microsecond=0)
            if days
            else None
        )
        db["conversations"].insert(
            {
                "participant_id": participant,
                "interviewer_id": users[interviewer],
                "planned_at": planned.isoformat() if planned else None,
                "status": "not_started" if days else "did_not_take_place",
                "not_held_reason": None if days else "no_answer",
            }
        )
