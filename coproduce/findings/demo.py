"""Demo for the findings area: the Coventry review (reported) as a finished review.

Eight people were talked with; their answers, quotes and the experts by experience's reflections
are coded by two PSWs into the review's codebook (started from the regional one); findings are
written, most signed off, and the council has started following up the recommendations.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.analysis.coding_data import ensure_codebook
from coproduce.codes import MAIN_GUIDE
from coproduce.guides.data import version_id
from coproduce.guides.loader import all_guides

# reference, mode, language, language used, interpreter accepted, present, carer, ratings pattern
PEOPLE = [
    ("COV-ASC-20114", "phone", "en", "en", None, [], 0, "4453"),
    ("COV-ASC-20131", "home", "pa", "pa", 1, ["interpreter"], 0, "2321"),
    ("COV-ASC-20152", "home", "en", "en", None, ["family"], 1, "3432"),
    ("COV-ASC-20170", "video", "pl", "en", 0, [], 0, "2213"),
    ("COV-ASC-20188", "phone", "ur", "ur", 1, ["interpreter", "family"], 1, "3222"),
    ("COV-ASC-20203", "home", "en", "en", None, ["advocate"], 0, "5545"),
    ("COV-ASC-20219", "elsewhere", "gu", "gu", 1, ["interpreter"], 0, "3332"),
    ("COV-ASC-20240", "phone", "en", "en", None, [], 1, "4544"),
]
# What the expert wrote for each question (the guide's first version, which the review used): one
# note for a good rating (4 or 5) and one for the rest.
NOTES = {
    "information-before": (
        "Someone rang first and explained the assessment.",
        "Nobody said what the assessment was for.",
    ),
    "listened-to": (
        "Said the social worker listened and asked what mattered.",
        "Felt the staff had decided before they came.",
    ),
    "strengths": ("Was asked what they still do for themselves.", "Was only asked what they cannot do."),
    "family-friends-community": (
        "Was asked about their daughter and the lunch club.",
        "Nobody asked about family or friends nearby.",
    ),
    "carers": (
        "Their husband was offered his own assessment.",
        "Their husband was never offered anything for himself.",
    ),
    "choice-and-control": (
        "Has a support plan and chose the carers' times.",
        "Has a plan but did not choose what is in it.",
    ),
    "identity-culture-faith": (
        "Staff asked about their faith and food.",
        "Felt their culture was not asked about.",
    ),
    "interpreters-advocates": (
        "Was offered an interpreter and chose a woman.",
        "Was not offered an interpreter; a neighbour helped.",
    ),
    "feeling-safe": ("Feels safe at home with the alarm.", "Worried about falling at night; nobody asked."),
    "moving-between-services": (
        "Knew what would happen when leaving hospital.",
        "Left hospital without knowing who would come.",
    ),
    "what-changed": ("Life is better: gets out twice a week now.", "Life is about the same as before."),
    "waiting-and-kept-informed": (
        "Waited two weeks and was rung every week.",
        "Waited a long time and nobody rang.",
    ),
    "things-go-wrong": ("Knows who to ring and how to complain.", "Does not know how to complain."),
    "staff": ("Staff were kind; the same worker came each time.", "Saw a different worker every time."),
}
# The quotes each person (in PEOPLE's order) gave: question, words, kind, the theme they speak to.
QUOTES = [
    [
        ("listened-to", "She listened to me, properly listened.", "verbatim", "Listened to"),
        (
            "waiting-and-kept-informed",
            "Nobody phoned me back for six weeks.",
            "verbatim",
            "Waiting and being kept informed",
        ),
    ],
    [
        (
            "interpreters-advocates",
            "The interpreter was a man, and I could not say everything in front of him.",
            "interpreted",
            "Language and interpreters",
        ),
        (
            "identity-culture-faith",
            "They asked about my gurdwara and my friends there.",
            "interpreted",
            "Identity and culture",
        ),
    ],
    [
        ("carers", "I look after my husband and nobody asked how I am.", "verbatim", "Carers"),
        (
            "information-before",
            "I had to say it all again every time someone new came.",
            "verbatim",
            "Paperwork and repetition",
        ),
    ],
    [
        ("things-go-wrong", "The form online was impossible for me.", "verbatim", "Digital access"),
        (
            "waiting-and-kept-informed",
            "I waited and waited and heard nothing.",
            "verbatim",
            "Waiting and being kept informed",
        ),
    ],
    [
        ("carers", "My son does everything for me, and he is tired.", "interpreted", "Carers"),
        (
            "identity-culture-faith",
            "They knew I pray five times a day and planned the visits around it.",
            "interpreted",
            "Identity and culture",
        ),
    ],
    [
        ("listened-to", "They asked me what a good day looks like.", "verbatim", "Listened to"),
        (
            "waiting-and-kept-informed",
            "Three months with no news at all.",
            "verbatim",
            "Waiting and being kept informed",
        ),
    ],
    [
        (
            "interpreters-advocates",
            "My nephew had to explain everything to me.",
            "interpreted",
            "Language and interpreters",
        ),
        (
            "information-before",
            "I told my story to four different people.",
            "interpreted",
            "Paperwork and repetition",
        ),
    ],
    [
        ("carers", "Being a carer is lonely, and nobody checks on me.", "verbatim", "Carers"),
        (
            "choice-and-control",
            "I chose who comes to help me in the morning.",
            "verbatim",
            "Choice and control",
        ),
    ],
]
# Coventry's participants and conversations have fixed ids from here, so the permission tests can
# name one whatever other demo data is loaded before this.
FIRST_ID = 3001
REFLECTIONS = [
    (
        "People who needed an interpreter waited longer and heard less about what would happen.",
        "Ask people which interpreter they want, and send letters in their language.",
    ),
    ("Carers told us nobody asked about them.", "Offer every carer their own conversation."),
]


def add_demo(db: Database) -> None:
    """Fill the Coventry review (run inside load_demo's transaction, after the reviews exist)."""
    users = {r["email"]: r["id"] for r in db.query("SELECT id, email FROM users")}
    review_id = db.execute(
        """SELECT reviews.id FROM reviews JOIN councils ON councils.id = reviews.council_id
        WHERE councils.name = ?""",
        ["Coventry"],
    ).fetchone()[0]
    guide = all_guides()[(MAIN_GUIDE, 1)]  # held in 2026 with the guide's first version
    guide_version = version_id(db, guide.slug, guide.version)
    keys = [q.key for q in guide.questions if "rating" in q.answers]
    db["review_members"].insert_all(
        [
            {"review_id": review_id, "user_id": users["psw2@example.org"], "team_role": "psw"},
            {
                "review_id": review_id,
                "user_id": users["expert2@example.org"],
                "team_role": "expert_by_experience",
            },
            {
                "review_id": review_id,
                "user_id": users["contact2@example.org"],
                "team_role": "authority_contact",
            },
        ]
    )
    ensure_codebook(review_id, db)
    theme = {
        r["name"]: r["id"] for r in db.query("SELECT id, name FROM themes WHERE review_id = ?", [review_id])
    }
    base = datetime.now(UTC) - timedelta(days=150)
    quote_ids: list[tuple[int, str, int]] = []  # quote id, theme name, person number
    answer_ids: list[tuple[int, int, str]] = []  # answer id, person number, rating
    for n, (reference, mode, lang, used, interpreter, present, carer, pattern) in enumerate(PEOPLE):
        held = (base + timedelta(days=n)).replace(microsecond=0).isoformat()
        participant = (
            db["participants"]
            .insert(
                {
                    "id": FIRST_ID + n,
                    "review_id": review_id,
                    "reference": reference,
                    "contact_mode": mode,
                    "language": lang,
                    "needs": json.dumps(["interpreter_spoken"] if interpreter is not None else []),
                    "is_carer": carer,
                    "created_at": held,
                }
            )
            .last_pk
        )
        interviewer = users["expert2@example.org"]
        noticed, change = REFLECTIONS[n % 2] if n in (1, 2, 4) else (None, None)
        conversation = (
            db["conversations"]
            .insert(
                {
                    "id": FIRST_ID + n,
                    "participant_id": participant,
                    "interviewer_id": interviewer,
                    "status": "submitted",
                    "guide_version_id": guide_version,
                    "language": lang,
                    "language_used": used,
                    "present": json.dumps(present),
                    "interpreter_accepted": interpreter,
                    "presence_reason": "The person asked for them." if present else None,
                    "consent": "yes",
                    "consent_how": "Said yes out loud.",
                    "reflection_noticed": noticed,
                    "reflection_change": change,
                    "started_at": held,
                    "submitted_at": held,
                }
            )
            .last_pk
        )
        for q, key in enumerate(keys):
            rating = pattern[q % len(pattern)]
            good, poor = NOTES[key]
            answer = (
                db["answers"]
                .insert(
                    {
                        "conversation_id": conversation,
                        "question_key": key,
                        "rating": rating,
                        "notes": good if rating in ("4", "5") else poor,
                        "updated_at": held,
                    }
                )
                .last_pk
            )
            answer_ids.append((answer, n, rating))
            for quote_key, text, kind, theme_name in QUOTES[n]:
                if quote_key == key:
                    quote = (
                        db["quotes"]
                        .insert({"answer_id": answer, "text": text, "kind": kind, "created_at": held})
                        .last_pk
                    )
                    quote_ids.append((quote, theme_name, n))
    _codings(db, users, theme, quote_ids, answer_ids)
    _findings(db, users, review_id, theme, quote_ids, answer_ids)


def _codings(db, users, theme, quote_ids, answer_ids) -> None:
    stamp = (datetime.now(UTC) - timedelta(days=120)).replace(microsecond=0).isoformat()
    rows = []
    # The first PSW codes every quote but the last person's (left for the browser test to code).
    for quote, theme_name, person in quote_ids:
        if person == len(PEOPLE) - 1:
            continue
        rows.append({"theme_id": theme[theme_name], "quote_id": quote, "coder_id": users["psw@example.org"]})
        # The second PSW codes the first four people's quotes, choosing differently now and then.
        if person < 4:
            other = "Information and advice" if quote % 3 == 0 else theme_name
            rows.append({"theme_id": theme[other], "quote_id": quote, "coder_id": users["psw2@example.org"]})
    for answer, _person, rating in answer_ids:
        if rating in ("1", "2"):
            rows.append(
                {"theme_id": theme["Waiting and being kept informed"], "answer_id": answer,
                 "coder_id": users["psw@example.org"]}
            )  # fmt: skip
    db["codings"].insert_all({**row, "created_at": stamp} for row in rows)


def _findings(db, users, review_id, theme, quote_ids, answer_ids) -> None:
    lead, expert, contact = (
        users["psw@example.org"],
        users["expert2@example.org"],
        users["contact2@example.org"],
    )
    today = datetime.now(UTC).date()
    signed = (datetime.now(UTC) - timedelta(days=100)).replace(microsecond=0).isoformat()
    quotes_about = lambda name: [q for q, t, _p in quote_ids if t == name]  # noqa: E731
    findings = [
        ("strength", "People felt listened to by their social worker",
         "Most people said their worker listened and built the plan around what mattered to them.",
         None, None, quotes_about("Listened to") + quotes_about("Choice and control"), ["Listened to"]),
        ("area_for_consideration", "People who needed an interpreter had a worse experience",
         "Ratings were lower where an interpreter was used, and people could not choose their interpreter.",
         None, None, quotes_about("Language and interpreters") + quotes_about("Identity and culture"),
         ["Language and interpreters"]),
        ("recommendation", "Keep people informed while they wait for an assessment",
         "Ring people at least every two weeks while they wait, and tell them who to contact.",
         "Head of Adult Social Care Operations", (today + timedelta(days=80)).isoformat(),
         quotes_about("Waiting and being kept informed"), ["Waiting and being kept informed"]),
        ("recommendation", "Offer every carer a carer's assessment",
         "Carers told us nobody asked about them. Offer every carer their own conversation.",
         "Carers Lead", (today - timedelta(days=20)).isoformat(), quotes_about("Carers"), ["Carers"]),
    ]  # fmt: skip
    ids = []
    for kind, title, body, owner, due, quotes, theme_names in findings:
        finding = (
            db["findings"]
            .insert(
                {
                    "review_id": review_id,
                    "kind": kind,
                    "title": title,
                    "body": body,
                    "status": "signed_off",
                    "proposed_by": lead,
                    "signed_off_by": lead,
                    "signed_off_at": signed,
                    "owner": owner,
                    "follow_up_due": due,
                    "created_at": signed,
                }
            )
            .last_pk
        )
        ids.append(finding)
        db["finding_evidence"].insert_all([{"finding_id": finding, "quote_id": q} for q in quotes])
        db["finding_evidence"].insert_all(
            [{"finding_id": finding, "theme_id": theme[t]} for t in theme_names]
        )
    db["follow_ups"].insert(
        {
            "finding_id": ids[2],
            "recorded_by": contact,
            "recorded_at": (datetime.now(UTC) - timedelta(days=30)).replace(microsecond=0).isoformat(),
            "progress": "in_progress",
            "evidence": "A call-back rota started in the front door team in March.",
        }
    )
    draft = (
        db["findings"]
        .insert(
            {
                "review_id": review_id,
                "kind": "area_for_consideration",
                "title": "Online forms shut some people out",
                "body": "Some people could not use the online form and had nobody to help.",
                "proposed_by": expert,
                "created_at": signed,
            }
        )
        .last_pk
    )
    db["finding_evidence"].insert_all(
        [{"finding_id": draft, "quote_id": q} for q in quotes_about("Digital access")]
    )
    db["finding_comments"].insert(
        {
            "finding_id": draft,
            "user_id": lead,
            "body": "Agreed. Can we check how many people were offered a paper form?",
            "created_at": signed,
        }
    )
