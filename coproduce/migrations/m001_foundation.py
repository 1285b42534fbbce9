"""The first schema: councils, people, reviews, guides, conversations, answers, findings, audit log."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run

ROLES_SQL = "'coordinator', 'psw', 'expert_by_experience', 'authority_contact'"


def migrate(db: Database) -> None:
    run(
        db,
        f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE councils (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    region TEXT NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role TEXT NOT NULL CHECK (role IN ({ROLES_SQL})),
    council_id INTEGER REFERENCES councils(id),
    password_hash TEXT,
    locale TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    CHECK (role != 'authority_contact' OR council_id IS NOT NULL)
);
CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX user_sessions_user ON user_sessions(user_id);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils(id),
    title TEXT NOT NULL,
    focus TEXT NOT NULL CHECK (focus IN ('strengths_based', 'edi', 'preparing_for_adulthood',
        'safeguarding', 'cqc_readiness', 'other')),
    focus_other TEXT,
    year INTEGER NOT NULL CHECK (year BETWEEN 2015 AND 2100),
    onsite_start TEXT,
    onsite_end TEXT,
    report_due TEXT,
    status TEXT NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'conversations', 'analysis',
        'reported', 'follow_up', 'closed')),
    safeguarding_contact_name TEXT,
    safeguarding_contact_phone TEXT,
    safeguarding_contact_hours TEXT,
    emergency_instruction TEXT,
    created_at TEXT NOT NULL,
    CHECK (focus != 'other' OR length(trim(coalesce(focus_other, ''))) > 0),
    CHECK (onsite_end IS NULL OR onsite_start IS NULL OR onsite_end >= onsite_start)
);
CREATE INDEX reviews_council ON reviews(council_id);
CREATE TABLE review_members (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    team_role TEXT NOT NULL CHECK (team_role IN ('lead_psw', 'psw', 'host_psw', 'expert_by_experience',
        'authority_contact')),
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_members_user ON review_members(user_id);
CREATE TABLE guides (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE
);
CREATE TABLE guide_versions (
    id INTEGER PRIMARY KEY,
    guide_id INTEGER NOT NULL REFERENCES guides(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content_hash TEXT NOT NULL,
    published_at TEXT NOT NULL,
    UNIQUE (guide_id, version)
);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    reference TEXT NOT NULL CHECK (length(trim(reference)) > 0),
    contact_mode TEXT NOT NULL CHECK (contact_mode IN ('phone', 'video', 'home', 'elsewhere')),
    language TEXT NOT NULL,
    dialect TEXT,
    needs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(needs)),
    is_carer INTEGER NOT NULL DEFAULT 0 CHECK (is_carer IN (0, 1)),
    access_notes TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (review_id, reference)
);
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
    interviewer_id INTEGER NOT NULL REFERENCES users(id),
    second_interviewer_id INTEGER REFERENCES users(id),
    planned_at TEXT,
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress',
        'submitted', 'did_not_take_place')),
    not_held_reason TEXT CHECK (not_held_reason IN ('declined', 'no_answer', 'not_well', 'other')),
    not_held_note TEXT,
    guide_version_id INTEGER REFERENCES guide_versions(id),
    language TEXT,
    present TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(present)),
    language_used TEXT,
    interpreter_accepted INTEGER CHECK (interpreter_accepted IN (0, 1)),
    presence_reason TEXT,
    consent TEXT CHECK (consent IN ('yes', 'no', 'not_today')),
    consent_how TEXT,
    consent_support TEXT,
    reflection_noticed TEXT,
    reflection_change TEXT,
    started_at TEXT,
    submitted_at TEXT,
    withdrawn_at TEXT,
    withdrawn_by INTEGER REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (status != 'did_not_take_place' OR not_held_reason IS NOT NULL),
    CHECK (status = 'not_started' OR status = 'did_not_take_place' OR guide_version_id IS NOT NULL),
    CHECK (second_interviewer_id IS NULL OR second_interviewer_id != interviewer_id)
);
CREATE INDEX conversations_interviewer ON conversations(interviewer_id);
CREATE INDEX conversations_second ON conversations(second_interviewer_id);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    rating TEXT CHECK (rating IN ('1', '2', '3', '4', '5', 'not_sure', 'prefer_not')),
    notes TEXT,
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    UNIQUE (conversation_id, question_key)
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (length(text) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('verbatim', 'interpreted')),
    client_id TEXT UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX quotes_answer ON quotes(answer_id);
CREATE TABLE safeguarding_concerns (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    raised_by INTEGER NOT NULL REFERENCES users(id),
    raised_at TEXT NOT NULL,
    what_was_said TEXT NOT NULL,
    when_said TEXT,
    person_knows TEXT CHECK (person_knows IN ('yes', 'no', 'not_sure')),
    action_taken TEXT,
    actioned_by INTEGER REFERENCES users(id),
    actioned_at TEXT,
    CHECK ((action_taken IS NULL) = (actioned_at IS NULL))
);
CREATE INDEX concerns_conversation ON safeguarding_concerns(conversation_id);
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    review_id INTEGER REFERENCES reviews(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT,
    parent_id INTEGER REFERENCES themes(id),
    merged_into INTEGER REFERENCES themes(id),
    UNIQUE (review_id, name)
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    answer_id INTEGER REFERENCES answers(id) ON DELETE CASCADE,
    quote_id INTEGER REFERENCES quotes(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK ((answer_id IS NULL) != (quote_id IS NULL)),
    UNIQUE (theme_id, answer_id, quote_id, coder_id)
);
CREATE INDEX codings_answer ON codings(answer_id);
CREATE INDEX codings_quote ON codings(quote_id);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('strength', 'area_for_consideration', 'recommendation')),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed_off')),
    proposed_by INTEGER NOT NULL REFERENCES users(id),
    signed_off_by INTEGER REFERENCES users(id),
    signed_off_at TEXT,
    owner TEXT,
    follow_up_due TEXT,
    created_at TEXT NOT NULL,
    CHECK ((status = 'signed_off') = (signed_off_at IS NOT NULL))
);
CREATE TABLE finding_evidence (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    answer_id INTEGER REFERENCES answers(id) ON DELETE CASCADE,
    quote_id INTEGER REFERENCES quotes(id) ON DELETE CASCADE,
    theme_id INTEGER REFERENCES themes(id) ON DELETE CASCADE,
    CHECK ((answer_id IS NOT NULL) + (quote_id IS NOT NULL) + (theme_id IS NOT NULL) = 1)
);
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    progress TEXT NOT NULL CHECK (progress IN ('not_started', 'in_progress', 'done', 'not_doing')),
    reason TEXT,
    evidence TEXT,
    CHECK (progress != 'not_doing' OR length(trim(coalesce(reason, ''))) > 0)
);
CREATE TABLE guide_requests (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    guide_slug TEXT NOT NULL,
    languages TEXT NOT NULL CHECK (json_valid(languages) AND json_array_length(languages) > 0),
    formats TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(formats)),
    interpreter_types TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(interpreter_types)),
    people_count INTEGER CHECK (people_count IS NULL OR people_count > 0),
    needed_by TEXT,
    notes TEXT,
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'in_progress', 'ready')),
    created_at TEXT NOT NULL
);
CREATE TABLE guide_request_events (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES guide_requests(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    note TEXT
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    object_type TEXT,
    object_id INTEGER,
    remote_addr TEXT,
    detail TEXT
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
""",
    )
