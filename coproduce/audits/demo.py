"""Demo for the case file audits: Coventry's twelve audits of ten case records.

Six records belong to people the experts by experience talked with, so the record and the
conversation show side by side; two records were audited by both PSWs (moderation), who rated
some questions differently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from coproduce.question_sets import latest

# Coventry's audits have fixed ids from here, so the permission tests can name one.
FIRST_ID = 3001
# reference, auditor, ratings (g good, a adequate, r requires improvement, i inadequate,
# n not applicable), one a question in the template's order.
AUDITS = [
    ("COV-ASC-20114", "psw@example.org", "ggaagagangaaggag"),
    ("COV-ASC-20131", "psw@example.org", "arraraagnnaarari"),
    ("COV-ASC-20131", "psw2@example.org", "aaraaragnnaararr"),
    ("COV-ASC-20152", "psw@example.org", "agaaririaagaaaar"),
    ("COV-ASC-20170", "psw@example.org", "araarraanngaaarr"),
    ("COV-ASC-20188", "psw2@example.org", "rrarrigaaaaarrai"),
    ("COV-ASC-20188", "psw@example.org", "rraarigaaaaaarai"),
    ("COV-ASC-20203", "psw2@example.org", "ggggganagnnnggga"),
    ("COV-ASC-30011", "psw@example.org", "aagaaanngnnnagaa"),
    ("COV-ASC-30027", "psw2@example.org", "araarrrigaaarrar"),
    ("COV-ASC-30042", "psw@example.org", "gaggaanaaggaggag"),
    ("COV-ASC-30056", "psw2@example.org", "aaaaarrinnnnaara"),
]
RATING = {
    "g": "good",
    "a": "adequate",
    "r": "requires_improvement",
    "i": "inadequate",
    "n": "not_applicable",
}
# Notes on some questions, by question key: what the auditors wrote most often.
NOTES = {
    "assessment-strengths": "Family and friends are named but not asked what they could offer.",
    "planning-identity": "Language recorded; nothing on faith or culture.",
    "carers-offered": "No record that the carer was offered their own assessment.",
    "recording-interpreter": "A daughter interpreted at the assessment; no reason recorded.",
    "reviews-timely": "The annual review was four months late.",
}


def add_demo(db: Database, review_id: int, users: dict[str, int]) -> None:
    """Fill Coventry's audits (run inside load_demo's transaction)."""
    template = latest("audit")
    keys = [question.key for _section, question in template.questions()]
    stamp = (datetime.now(UTC) - timedelta(days=160)).replace(microsecond=0).isoformat()
    for n, (reference, auditor, pattern) in enumerate(AUDITS):
        audit_id = FIRST_ID + n
        db["case_audits"].insert(
            {
                "id": audit_id,
                "review_id": review_id,
                "reference": reference,
                "auditor_id": users[auditor],
                "template": template.slug,
                "template_version": template.version,
                "status": "done",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        db["audit_ratings"].insert_all(
            {
                "audit_id": audit_id,
                "question_key": key,
                "rating": RATING[code],
                "notes": NOTES.get(key) if code in "ri" else None,
            }
            for key, code in zip(keys, pattern, strict=True)
        )
