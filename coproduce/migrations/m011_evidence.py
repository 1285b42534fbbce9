"""Every source of a review besides the conversations: case file audits, practitioner and manager
sessions, the council's self-assessment and its documents; codings and finding evidence on them;
and a random namespace for this installation's export GUIDs."""

from __future__ import annotations

import uuid

from sqlite_utils import Database

from coproduce.migrations.ddl import run

# The codes as they were when this migration shipped (frozen: coproduce.codes holds the live words).
AUDIT_RATINGS_SQL = "'good', 'adequate', 'requires_improvement', 'inadequate', 'not_applicable'"
SESSION_KINDS_SQL = "'practitioners', 'frontline_managers', 'senior_managers', 'partners'"
SOURCES_SQL = "'audit_rating', 'session_note', 'self_assessment'"
TRIGGERED = (
    ("audit_ratings", "audit_rating"),
    ("session_notes", "session_note"),
    ("self_assessment_answers", "self_assessment"),
)


def migrate(db: Database) -> None:
    run(
        db,
        f"""
CREATE TABLE case_audits (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    reference TEXT NOT NULL CHECK (length(trim(reference)) > 0),
    auditor_id INTEGER NOT NULL REFERENCES users(id),
    template TEXT NOT NULL,
    template_version INTEGER NOT NULL CHECK (template_version >= 1),
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done')),
    summary TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (review_id, reference, auditor_id)
);
CREATE INDEX case_audits_auditor ON case_audits(auditor_id);
CREATE TABLE audit_focus_questions (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX audit_focus_questions_review ON audit_focus_questions(review_id);
CREATE TABLE audit_ratings (
    id INTEGER PRIMARY KEY,
    audit_id INTEGER NOT NULL REFERENCES case_audits(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    rating TEXT CHECK (rating IN ({AUDIT_RATINGS_SQL})),
    notes TEXT,
    UNIQUE (audit_id, question_key)
);
CREATE TABLE practice_sessions (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ({SESSION_KINDS_SQL})),
    held_on TEXT NOT NULL,
    attendance TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(attendance)),
    key_messages TEXT,
    prompt_set TEXT NOT NULL,
    prompt_version INTEGER NOT NULL CHECK (prompt_version >= 1),
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX practice_sessions_review ON practice_sessions(review_id);
CREATE TABLE session_notes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES practice_sessions(id) ON DELETE CASCADE,
    prompt_key TEXT NOT NULL,
    notes TEXT NOT NULL,
    UNIQUE (session_id, prompt_key)
);
CREATE TABLE self_assessment_answers (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    template TEXT NOT NULL,
    template_version INTEGER NOT NULL CHECK (template_version >= 1),
    question_key TEXT NOT NULL,
    answer TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (review_id, question_key)
);
CREATE TABLE review_documents (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'docx', 'xlsx')),
    size INTEGER NOT NULL CHECK (size > 0),
    content BLOB NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX review_documents_review ON review_documents(review_id);
CREATE TABLE source_codings (
    id INTEGER PRIMARY KEY,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ({SOURCES_SQL})),
    item_id INTEGER NOT NULL,
    coder_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (theme_id, source, item_id, coder_id)
);
CREATE INDEX source_codings_item ON source_codings(source, item_id);
CREATE TABLE finding_sources (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ({SOURCES_SQL})),
    item_id INTEGER NOT NULL,
    UNIQUE (finding_id, source, item_id)
);
CREATE INDEX finding_sources_item ON finding_sources(source, item_id)
""",
    )
    # When an item of a source goes, its codings and evidence links go with it (they name it by
    # source and id, so no foreign key can cascade). One statement a line: `run` splits on ";\n".
    for table, source in TRIGGERED:
        db.execute(
            f"""CREATE TRIGGER {table}_gone AFTER DELETE ON {table} BEGIN """
            f"""DELETE FROM source_codings WHERE source = '{source}' AND item_id = old.id; """
            f"""DELETE FROM finding_sources WHERE source = '{source}' AND item_id = old.id; END"""
        )
    # Export GUIDs are made from this namespace, so two installations never give the same GUID.
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('guid_namespace', ?)", [str(uuid.uuid4())])
