"""Demo for coding across sources: the Coventry review's case file audits, session notes and
self-assessment answers coded into its codebook by two PSWs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

# Themes for audit questions rated Requires improvement or Inadequate, by question key prefix.
AUDIT_THEMES = {
    "assessment": "Strengths and networks",
    "carers": "Carers",
    "planning-identity": "Identity and culture",
    "recording-interpreter": "Language and interpreters",
    "reviews": "Waiting and being kept informed",
    "safeguarding": "Feeling safe",
}
# Themes for session notes and self-assessment answers, by question key and source.
NOTE_THEMES = {
    ("session_note", "practice-diversity"): ("Identity and culture", "Language and interpreters"),
    ("session_note", "practice-strengths"): ("Strengths and networks",),
    ("session_note", "support-barriers"): ("Paperwork and repetition", "Language and interpreters"),
    ("session_note", "support-change"): ("Language and interpreters",),
    ("session_note", "practice-good"): ("Listened to",),
    ("self_assessment", "practice-strengths"): ("Listened to",),
    ("self_assessment", "practice-improve"): ("Carers", "Language and interpreters"),
    ("self_assessment", "people-equity"): ("Language and interpreters",),
    ("self_assessment", "context-changes"): ("Waiting and being kept informed",),
}
WEAK = ("requires_improvement", "inadequate")


def items_of(db: Database, review_id: int) -> list[tuple[str, int, str, str | None]]:
    """Every item of the review's other sources: source, id, question key, rating."""
    rows = db.execute(
        """SELECT 'audit_rating', ar.id, ar.question_key, ar.rating FROM audit_ratings ar
        JOIN case_audits ca ON ca.id = ar.audit_id WHERE ca.review_id = ?
        UNION ALL SELECT 'session_note', sn.id, sn.prompt_key, NULL FROM session_notes sn
        JOIN practice_sessions ps ON ps.id = sn.session_id WHERE ps.review_id = ?
        UNION ALL SELECT 'self_assessment', id, question_key, NULL FROM self_assessment_answers
        WHERE review_id = ?""",
        [review_id, review_id, review_id],
    ).fetchall()
    return [tuple(row) for row in rows]


def _themes_of(source: str, key: str, rating: str | None) -> tuple[str, ...]:
    if source == "audit_rating":
        if rating not in WEAK:
            return ()
        return tuple(theme for prefix, theme in AUDIT_THEMES.items() if key.startswith(prefix))
    return NOTE_THEMES.get((source, key), ())


def add_demo(db: Database, review_id: int, users: dict[str, int]) -> None:
    """Code Coventry's other sources (inside load_demo's transaction)."""
    theme = {
        r["name"]: r["id"] for r in db.query("SELECT id, name FROM themes WHERE review_id = ?", [review_id])
    }
    stamp = (datetime.now(UTC) - timedelta(days=118)).replace(microsecond=0).isoformat()
    items = items_of(db, review_id)
    rows: dict[tuple[int, str, int, int], None] = {}
    for n, (source, item_id, key, rating) in enumerate(items):
        for name in _themes_of(source, key, rating):
            rows[(theme[name], source, item_id, users["psw@example.org"])] = None
            # The second PSW codes the sessions too, now and then choosing another theme.
            if source == "session_note":
                other = "Staff continuity and attitude" if n % 4 == 0 else name
                rows[(theme[other], source, item_id, users["psw2@example.org"])] = None
    db["source_codings"].insert_all(
        {"theme_id": t, "source": s, "item_id": i, "coder_id": c, "created_at": stamp} for t, s, i, c in rows
    )
