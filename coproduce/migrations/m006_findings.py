"""Comments on draft findings, indexes for the analysis queries, and the regional codebook."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run

# The regional codebook as it was when this migration shipped: a frozen copy, so that a later
# change to the live codebook never changes what this migration does.
REGIONAL_THEMES: tuple[tuple[str, str], ...] = (
    ("Listened to", "The person felt heard, and what they said changed what happened."),
    ("What matters to me", "Support was shaped around the person's own goals and wishes."),
    ("Strengths and networks", "Practice built on the person's strengths, family, friends and community."),
    ("Carers", "How carers were recognised, assessed and supported."),
    ("Information and advice", "Whether people got clear, timely information they could use."),
    ("Waiting and being kept informed", "Delays, and whether people knew what was happening."),
    ("Paperwork and repetition", "Forms, letters and telling the same story more than once."),
    ("Choice and control", "Whether the person made the decisions about their support."),
    ("Identity and culture", "Faith, culture, identity and community were understood and respected."),
    (
        "Language and interpreters",
        "Being able to talk and read in your own language, with the right interpreter.",
    ),
    ("Advocacy", "Access to an independent advocate when it was needed."),
    ("Feeling safe", "Whether the person felt safe, and how worries were acted on."),
    ("Moving between services", "Hospital discharge, transitions and hand-overs between teams."),
    ("Digital access", "Phones, online forms and video calls: who can and cannot use them."),
    (
        "Staff continuity and attitude",
        "Knowing who your worker is, and being treated with kindness and respect.",
    ),
)


def migrate(db: Database) -> None:
    run(
        db,
        """
CREATE TABLE finding_comments (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX finding_comments_finding ON finding_comments(finding_id);
CREATE INDEX participants_review ON participants(review_id);
CREATE INDEX themes_review ON themes(review_id);
CREATE INDEX codings_theme ON codings(theme_id);
CREATE INDEX findings_review ON findings(review_id, kind);
CREATE INDEX finding_evidence_finding ON finding_evidence(finding_id);
CREATE INDEX follow_ups_finding ON follow_ups(finding_id, recorded_at);
CREATE INDEX findings_follow_up_due ON findings(follow_up_due) WHERE follow_up_due IS NOT NULL
""",
    )
    for name, description in REGIONAL_THEMES:
        db.execute(
            "INSERT INTO themes (review_id, name, description) VALUES (NULL, ?, ?)", [name, description]
        )
