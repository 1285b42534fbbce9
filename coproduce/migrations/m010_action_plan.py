"""The council's action plan for each recommendation, and the six-month follow-up meeting."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """The council accepts or declines each recommendation (with a reason) and names an owner; each
    accepted one has actions with a date and a baseline measure. The lead PSW records the six-month
    meeting: when, who came, what changed, a status for each action, and whether the team agrees
    with the council's account."""
    run(
        db,
        """
CREATE TABLE action_plans (
    finding_id INTEGER PRIMARY KEY REFERENCES findings(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'declined')),
    reason TEXT,
    owner TEXT,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    CHECK (decision = 'accepted' OR length(trim(coalesce(reason, ''))) > 0),
    CHECK (decision = 'declined' OR length(trim(coalesce(owner, ''))) > 0)
);
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    what TEXT NOT NULL CHECK (length(trim(what)) > 0),
    due TEXT NOT NULL,
    baseline TEXT NOT NULL CHECK (length(trim(baseline)) > 0),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX actions_finding ON actions(finding_id);
CREATE INDEX actions_due ON actions(due);
CREATE TABLE follow_up_meetings (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL UNIQUE REFERENCES reviews(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    attendees TEXT NOT NULL CHECK (length(trim(attendees)) > 0),
    what_changed TEXT NOT NULL CHECK (length(trim(what_changed)) > 0),
    view TEXT NOT NULL CHECK (view IN ('agree', 'challenge')),
    view_note TEXT,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    CHECK (view = 'agree' OR length(trim(coalesce(view_note, ''))) > 0)
);
CREATE TABLE meeting_actions (
    meeting_id INTEGER NOT NULL REFERENCES follow_up_meetings(id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'not_started', 'no_longer_planned')),
    PRIMARY KEY (meeting_id, action_id)
)
""",
    )
