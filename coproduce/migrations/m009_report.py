"""The review report's stages, comments, approvals and quote checks."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """A review's report moves through stages (draft, team check, factual accuracy, final, published).
    The team and the council comment on findings and the team answers every comment; the final report
    needs the lead PSW and one other team member to approve it; every quote is checked for identifying
    details, and the team marks what is not for publication. An expert by experience chooses whether
    the report names them."""
    run(
        db,
        """
ALTER TABLE reviews ADD COLUMN report_stage TEXT NOT NULL DEFAULT 'draft'
    CHECK (report_stage IN ('draft', 'team_check', 'factual_accuracy', 'final', 'published'));
ALTER TABLE review_members ADD COLUMN named_in_report INTEGER NOT NULL DEFAULT 0
    CHECK (named_in_report IN (0, 1));
CREATE TABLE report_comments (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL CHECK (stage IN ('team_check', 'factual_accuracy')),
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'comment')),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at TEXT NOT NULL,
    response TEXT CHECK (response IN ('accepted', 'declined')),
    response_reason TEXT,
    responded_by INTEGER REFERENCES users(id),
    responded_at TEXT,
    CHECK ((response IS NULL) = (responded_at IS NULL)),
    CHECK (response IS NULL OR length(trim(coalesce(response_reason, ''))) > 0)
);
CREATE INDEX report_comments_review ON report_comments(review_id, finding_id);
CREATE TABLE report_approvals (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    approved_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
CREATE TABLE quote_checks (
    quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    checked_by INTEGER NOT NULL REFERENCES users(id),
    checked_at TEXT NOT NULL,
    not_for_publication INTEGER NOT NULL DEFAULT 0 CHECK (not_for_publication IN (0, 1))
)
""",
    )
