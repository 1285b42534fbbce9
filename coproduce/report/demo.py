"""Demo for the report and its follow-up.

Coventry's report is published: the team checked it (a comment from the expert by experience,
accepted), the council checked the facts (a correction accepted, a request to soften a finding
declined), every quote was checked (one kept out of the public version), the lead PSW and another
PSW approved it. (Its action plan and six-month meeting are in followup/demo.py.)

Walsall's report is at factual accuracy: five conversations, three signed-off findings, and two
council comments the team has not answered yet.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.analysis.coding_data import ensure_codebook
from coproduce.codes import MAIN_GUIDE
from coproduce.guides.data import version_id
from coproduce.guides.loader import latest

# reference, mode, language, quote, kind, theme
WALSALL = [
    (
        "WAL-1001",
        "phone",
        "en",
        "Mrs Khan from the day centre rang me on 07700 900123 every week.",
        "verbatim",
        "Staff continuity and attitude",
    ),
    (
        "WAL-1002",
        "home",
        "pa",
        "Nobody asked which language I wanted for the letters.",
        "interpreted",
        "Language and interpreters",
    ),
    (
        "WAL-1003",
        "phone",
        "en",
        "I waited eleven weeks and nobody told me why.",
        "verbatim",
        "Waiting and being kept informed",
    ),
    (
        "WAL-1004",
        "video",
        "pl",
        "My worker asked what I am good at, not only what I cannot do.",
        "interpreted",
        "Strengths and networks",
    ),
    ("WAL-1005", "home", "en", "They listened to my daughter and to me.", "verbatim", "Listened to"),
]
WALSALL_FINDINGS = [
    ("strength", "Workers build on what people are good at", ["Strengths and networks", "Listened to"]),
    (
        "area_for_consideration",
        "People are not asked which language they want",
        ["Language and interpreters"],
    ),
    (
        "recommendation",
        "Tell people how long they will wait, and ring them while they wait",
        ["Waiting and being kept informed"],
    ),
]


def days_ago(days: int) -> str:
    """A stored timestamp (UTC, no fractions of a second) `days` days ago."""
    return (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()


def add_demo(db: Database, users: dict[str, int]) -> None:
    """Run inside load_demo's transaction, after the findings demo."""
    _coventry(db, users)
    _walsall(db, users)


def _coventry(db: Database, users: dict[str, int]) -> None:
    review_id = db.execute(
        "SELECT r.id FROM reviews r JOIN councils c ON c.id = r.council_id WHERE c.name = 'Coventry'"
    ).fetchone()[0]
    lead, psw2, expert, contact = (
        users["psw@example.org"],
        users["psw2@example.org"],
        users["expert2@example.org"],
        users["contact2@example.org"],
    )
    findings = [
        r[0]
        for r in db.execute(
            "SELECT id FROM findings WHERE review_id = ? AND status = 'signed_off' ORDER BY id", [review_id]
        )
    ]
    comments = [
        (
            findings[0],
            expert,
            "team_check",
            "comment",
            "Say that people felt listened to in their own words.",
            "accepted",
            "We added a quote in the person's own words.",
            lead,
        ),
        (
            findings[1],
            contact,
            "factual_accuracy",
            "correction",
            "Telephone interpreting was used for two of the people, not face to face.",
            "accepted",
            "Corrected: we checked the conversation records.",
            lead,
        ),
        (
            findings[0],
            contact,
            "factual_accuracy",
            "comment",
            "Could this finding say 'most people' rather than naming the teams?",
            "declined",
            "The finding names no team. It keeps the words people used.",
            psw2,
        ),
    ]
    for finding, user, stage, kind, body, response, reason, by in comments:
        db["report_comments"].insert(
            {
                "review_id": review_id,
                "finding_id": finding,
                "user_id": user,
                "stage": stage,
                "kind": kind,
                "body": body,
                "created_at": days_ago(95),
                "response": response,
                "response_reason": reason,
                "responded_by": by,
                "responded_at": days_ago(93),
            }
        )
    quotes = [
        r[0]
        for r in db.execute(
            """SELECT q.id FROM quotes q JOIN answers a ON a.id = q.answer_id JOIN conversations c
        ON c.id = a.conversation_id JOIN participants p ON p.id = c.participant_id WHERE p.review_id = ?""",
            [review_id],
        )
    ]
    held_back = {
        r[0]
        for r in db.execute(
            """SELECT q.id FROM quotes q JOIN answers a ON a.id = q.answer_id JOIN conversations c
        ON c.id = a.conversation_id JOIN participants p ON p.id = c.participant_id
        WHERE p.review_id = ? AND q.text LIKE '%interpreter was a man%'""",
            [review_id],
        )
    }
    db["quote_checks"].insert_all(
        {
            "quote_id": q,
            "checked_by": lead,
            "checked_at": days_ago(92),
            "not_for_publication": int(q in held_back),
        }
        for q in quotes
    )
    db["report_approvals"].insert_all(
        [{"review_id": review_id, "user_id": u, "approved_at": days_ago(91)} for u in (lead, psw2)]
    )
    db.execute(
        "UPDATE review_members SET named_in_report = 1 WHERE review_id = ? AND user_id = ?",
        [review_id, expert],
    )
    db.execute("UPDATE reviews SET report_stage = 'published' WHERE id = ?", [review_id])


def _walsall(db: Database, users: dict[str, int]) -> None:
    council = db.execute("SELECT id FROM councils WHERE name = 'Walsall'").fetchone()[0]
    year = datetime.now(UTC).year - 1
    start = datetime.now(UTC) - timedelta(days=120)
    review_id = (
        db["reviews"]
        .insert(
            {
                "council_id": council,
                "title": f"Walsall practice review {year}",
                "focus": "edi",
                "year": year,
                "onsite_start": start.date().isoformat(),
                "onsite_end": (start + timedelta(days=2)).date().isoformat(),
                "report_due": (start + timedelta(days=42)).date().isoformat(),
                "status": "reported",
                "report_stage": "factual_accuracy",
                "created_at": days_ago(200),
            }
        )
        .last_pk
    )
    # expert@ is on the team; expert2@ held the conversations (so expert@'s own lists stay as they are).
    lead, psw, expert, interviewer, contact = (
        users["psw2@example.org"],
        users["psw@example.org"],
        users["expert@example.org"],
        users["expert2@example.org"],
        users["contact3@example.org"],
    )
    db["review_members"].insert_all(
        {"review_id": review_id, "user_id": u, "team_role": role}
        for u, role in (
            (lead, "lead_psw"),
            (psw, "psw"),
            (expert, "expert_by_experience"),
            (contact, "authority_contact"),
        )
    )
    ensure_codebook(review_id, db)
    theme = {
        r["name"]: r["id"] for r in db.query("SELECT id, name FROM themes WHERE review_id = ?", [review_id])
    }
    guide = latest(MAIN_GUIDE)
    guide_version = version_id(db, guide.slug, guide.version)
    keys = [q.key for q in guide.questions if "rating" in q.answers][:3]
    # A yes / no question and the "choose" question (who helped the person talk), on the dashboard
    # and in the report's charts as answers chosen.
    yes_no = next(q.key for q in guide.questions if q.answer_type == "yes_no")
    helped = next(q for q in guide.questions if q.answer_type == "choose")
    quotes: dict[str, int] = {}
    for n, (reference, mode, lang, text, kind, theme_name) in enumerate(WALSALL):
        held = days_ago(118 - n)
        participant = (
            db["participants"]
            .insert(
                {
                    "review_id": review_id,
                    "reference": reference,
                    "contact_mode": mode,
                    "language": lang,
                    "needs": json.dumps(["interpreter_spoken"] if lang != "en" else []),
                    "created_at": held,
                }
            )
            .last_pk
        )
        conversation = (
            db["conversations"]
            .insert(
                {
                    "participant_id": participant,
                    "interviewer_id": interviewer,
                    "status": "submitted",
                    "guide_version_id": guide_version,
                    "language": lang,
                    "language_used": lang,
                    "present": json.dumps(["interpreter_telephone"] if lang != "en" else []),
                    "interpreter_accepted": 1 if lang != "en" else None,
                    "consent": "yes",
                    "consent_how": "spoken_phone",
                    "reflection_noticed": "People who needed an interpreter were not asked about letters."
                    if n == 1
                    else None,
                    "started_at": held,
                    "submitted_at": held,
                }
            )
            .last_pk
        )
        for q, key in enumerate(keys):
            answer = (
                db["answers"]
                .insert(
                    {
                        "conversation_id": conversation,
                        "question_key": key,
                        "rating": "3452"[(n + q) % 4],
                        "updated_at": held,
                    }
                )
                .last_pk
            )
            if q == 0:
                quote = (
                    db["quotes"]
                    .insert({"answer_id": answer, "text": text, "kind": kind, "created_at": held})
                    .last_pk
                )
                quotes[theme_name] = quote
                db["codings"].insert(
                    {"theme_id": theme[theme_name], "quote_id": quote, "coder_id": lead, "created_at": held}
                )
        for key, choice in (
            (yes_no, "no" if n % 3 == 0 else "yes"),
            (helped.key, "interpreter" if lang != "en" else helped.options[0].key),
        ):
            db["answers"].insert(
                {"conversation_id": conversation, "question_key": key, "choice": choice, "updated_at": held}
            )
    findings = []
    for kind, title, theme_names in WALSALL_FINDINGS:
        finding = (
            db["findings"]
            .insert(
                {
                    "review_id": review_id,
                    "kind": kind,
                    "title": title,
                    "status": "signed_off",
                    "proposed_by": lead,
                    "signed_off_by": lead,
                    "signed_off_at": days_ago(60),
                    "created_at": days_ago(61),
                    "follow_up_due": days_ago(-120)[:10] if kind == "recommendation" else None,
                }
            )
            .last_pk
        )
        findings.append(finding)
        db["finding_evidence"].insert_all(
            [{"finding_id": finding, "quote_id": quotes[name]} for name in theme_names]
            + [{"finding_id": finding, "theme_id": theme[name]} for name in theme_names]
        )
    db["report_comments"].insert(
        {
            "review_id": review_id,
            "finding_id": findings[0],
            "user_id": expert,
            "stage": "team_check",
            "kind": "comment",
            "body": "Put the quote about the daughter first.",
            "created_at": days_ago(50),
            "response": "accepted",
            "response_reason": "Done.",
            "responded_by": lead,
            "responded_at": days_ago(49),
        }
    )
    db["report_comments"].insert_all(
        [
            {
                "review_id": review_id,
                "finding_id": findings[1],
                "user_id": contact,
                "stage": "factual_accuracy",
                "kind": "correction",
                "body": "Our letters template has a language question since April.",
                "created_at": days_ago(3),
            },
            {
                "review_id": review_id,
                "finding_id": findings[2],
                "user_id": contact,
                "stage": "factual_accuracy",
                "kind": "comment",
                "body": "Could the recommendation give the council a year rather than six months?",
                "created_at": days_ago(2),
            },
        ]
    )
    db["quote_checks"].insert(
        {"quote_id": quotes["Listened to"], "checked_by": lead, "checked_at": days_ago(40)}
    )
