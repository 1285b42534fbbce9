"""Make a national-scale database through the app's own data layer.

The schema and guide versions come from `coproduce.migrations.prepare`, people are hashed with the app's
`hash_password`; the bulk (participants, conversations, answers, quotes, codings) goes in with
sqlite-utils `insert_all`, one transaction per review (per-row app functions would take hours).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from coproduce.auth import hash_password
from coproduce.db import connect, now, write_transaction
from coproduce.guides import loader
from coproduce.guides.data import version_id
from coproduce.migrations import prepare

PASSWORD = "bench-password-2026"  # noqa: S105 (a throwaway database on loopback)
EXPERT = "bench-expert@example.org"
PSW = "bench-psw@example.org"
COORDINATOR = "bench-coordinator@example.org"
FIRST_YEAR = 2016
LIVE = 64  # in-progress conversations for the capture load: one per client thread (up to 50)


def generate(
    path: str | Path, councils: int = 153, years: int = 10, per_review: int = 20, big_review: int = 200
) -> dict:
    """Write the database; return what was made. The latest review of council 1 has `big_review`
    submitted conversations (the dashboard and Word export are measured on it); the expert has
    in-progress conversations in a review of council 2 (the capture page and background save)."""
    started = time.monotonic()
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = connect(path)
    prepare(db)
    rng = random.Random(9)  # noqa: S311 (test data, not security)
    guide = loader.latest("your-care-and-support")
    guide_version = version_id(db, guide.slug, guide.version)
    keys = [(q.key, "rating" in q.answers) for q in guide.questions]
    stamp = now()
    with write_transaction(db):
        council_ids = [
            db["councils"].insert({"name": f"Council {n:03d}", "region": f"Region {n % 9}"}).last_pk
            for n in range(1, councils + 1)
        ]
        hashed = hash_password(PASSWORD)
        users = {}
        for role, email in (
            ("expert_by_experience", EXPERT),
            ("psw", PSW),
            ("coordinator", COORDINATOR),
        ):
            users[role] = (
                db["users"]
                .insert(
                    {"email": email, "name": role.replace("_", " ").title(), "role": role,
                     "password_hash": hashed, "locale": "en", "created_at": stamp}
                )
                .last_pk
            )  # fmt: skip
        # One expert by experience a council (the bench expert is council 2's), as in real teams.
        experts = [users["expert_by_experience"] if n == 1 else db["users"].insert(
            {"email": f"expert-{n:03d}@example.org", "name": f"Expert {n:03d}",
             "role": "expert_by_experience", "password_hash": hashed, "locale": "en", "created_at": stamp}
        ).last_pk for n in range(councils)]  # fmt: skip
        themes = [
            db["themes"].insert({"review_id": None, "name": f"Bench theme {n}"}).last_pk for n in range(8)
        ]
    counts = {"reviews": 0, "conversations": 0, "answers": 0, "quotes": 0, "codings": 0}
    ids = {}
    for c_index, council in enumerate(council_ids):
        for y in range(years):
            year = FIRST_YEAR + y
            latest = y == years - 1
            big = latest and c_index == 0
            live = latest and c_index == 1
            n = big_review if big else max(per_review, LIVE) if live else per_review
            with write_transaction(db):
                review = (
                    db["reviews"]
                    .insert(
                        {"council_id": council, "title": f"Council {c_index + 1:03d} review {year}",
                         "focus": "strengths_based", "year": year,
                         "status": "conversations" if live else "reported", "created_at": stamp}
                    )
                    .last_pk
                )  # fmt: skip
                db["review_members"].insert_all(
                    [
                        {"review_id": review, "user_id": users["psw"], "team_role": "lead_psw"},
                        {"review_id": review, "user_id": experts[c_index],
                         "team_role": "expert_by_experience"},
                    ]
                )  # fmt: skip
                if big:
                    ids["big_review"] = review
                    ids["big_review_size"] = n
                p0 = (db.execute("SELECT coalesce(max(id), 0) FROM participants").fetchone()[0]) + 1
                db["participants"].insert_all(
                    {"id": p0 + i, "review_id": review, "reference": f"R{review}-{i:04d}",
                     "contact_mode": "phone", "language": "en", "created_at": stamp}
                    for i in range(n)
                )  # fmt: skip
                db["conversations"].insert_all(
                    {"id": p0 + i, "participant_id": p0 + i, "interviewer_id": experts[c_index],
                     "status": "in_progress" if live else "submitted", "guide_version_id": guide_version,
                     "language": "en", "language_used": "en", "present": "[]", "consent": "yes",
                     "consent_how": "spoken_in_person", "started_at": stamp,
                     "submitted_at": None if live else stamp,
                     "reflection_noticed": "They knew their social worker by name."}
                    for i in range(n)
                )  # fmt: skip
                if live:
                    ids["live_conversations"] = list(range(p0, p0 + n))
                    # A faces question: the background save sends a rating.
                    ids["question_key"] = next(key for key, rated in keys if rated)
                a0 = (db.execute("SELECT coalesce(max(id), 0) FROM answers").fetchone()[0]) + 1
                answers, quotes, codings = [], [], []
                for i in range(n):
                    for key, rated in keys:
                        aid = a0 + len(answers)
                        answers.append(
                            {"id": aid, "conversation_id": p0 + i, "question_key": key,
                             "rating": str(rng.randint(1, 5)) if rated else None,
                             "notes": "They said the social worker listened and came back when promised. "
                             * rng.randint(1, 3), "updated_at": stamp}
                        )  # fmt: skip
                        quotes.append(
                            {"answer_id": aid, "text": "She listened to me and did what she said.",
                             "kind": "verbatim", "created_at": stamp}
                        )  # fmt: skip
                        if not live and rng.random() < 0.2:
                            codings.append(
                                {"theme_id": rng.choice(themes), "answer_id": aid,
                                 "coder_id": users["psw"], "created_at": stamp}
                            )  # fmt: skip
                db["answers"].insert_all(answers, batch_size=1000)
                db["quotes"].insert_all(quotes, batch_size=1000)
                db["codings"].insert_all(codings, batch_size=1000)
            counts["reviews"] += 1
            counts["conversations"] += n
            counts["answers"] += len(answers)
            counts["quotes"] += len(quotes)
            counts["codings"] += len(codings)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        **counts,
        **ids,
        "seconds": round(time.monotonic() - started, 1),
        "bytes": path.stat().st_size,
    }


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--councils", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(generate(args.path, args.councils, args.years), indent=2))
