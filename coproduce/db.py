"""The one database: SQLite through sqlite-utils, with the schema as migrations in code.

Connections run in autocommit mode at the driver level, so every transaction is explicit:
`write_transaction()` takes the write lock up front (`BEGIN IMMEDIATE`), which is what a
read-then-write needs to stay correct when two requests race. sqlite-utils' own writes nest
inside it as savepoints.

Each server thread keeps its connection from one request to the next (opening one costs more than
most requests' queries), and the threads of one process take turns to write through a lock of
their own, so a waiting writer starts as soon as the one before commits instead of sleeping in
SQLite's busy handler (which backs off up to 100 ms a try).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app, g
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

BUSY_TIMEOUT_MS = 5000

migrations = Migrations("coproduce")


def connect(path: str | Path) -> Database:
    """Open the database file with the settings every connection must have."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    # Deleted and overwritten content is zeroed on disk, not left in free space (see erasure.py).
    db.execute("PRAGMA secure_delete = ON")
    return db


# This thread's open connection: (path, the file's (device, inode) when opened, connection).
_kept = threading.local()
# One writer at a time among this process's threads (other processes wait in busy_timeout).
_writer = threading.RLock()


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _thread_connection(path: str) -> Database:
    """This thread's connection to `path`, kept between requests. One is kept a thread: another
    path closes it, and so does a different file at the same path (a restore, a new test
    database), so a kept connection never reads a replaced file."""
    kept = getattr(_kept, "value", None)
    if kept is not None:
        kept_path, kept_id, db = kept
        if kept_path == path and kept_id is not None and kept_id == _file_id(path):
            return db
        _kept.value = None
        db.close()
    db = connect(path)
    _kept.value = (path, _file_id(path), db)
    return db


def get_db() -> Database:
    """The request's connection: this thread's kept connection, taken on first use."""
    if "db" not in g:
        g.db = _thread_connection(str(current_app.config["DATABASE"]))
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """At the end of a request: leave the kept connection with no transaction open."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.execute("ROLLBACK")


def close_thread_connection() -> None:
    """Close this thread's kept connection (for code that must let go of the file)."""
    kept = getattr(_kept, "value", None)
    _kept.value = None
    if kept is not None:
        kept[2].close()


@contextmanager
def write_transaction(db: Database | None = None) -> Iterator[Database]:
    """A transaction that holds the write lock from its first statement (BEGIN IMMEDIATE)."""
    db = db or get_db()
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if not _writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise sqlite3.OperationalError("database is locked")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")
    finally:
        _writer.release()


def now() -> str:
    """The current time as an ISO 8601 string in UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate(db: Database) -> None:
    migrations.apply(db)


def prepare(db: Database) -> None:
    """Bring the schema up to date and record the guide versions found in guides/."""
    from coproduce.guides.data import sync_versions

    migrate(db)
    sync_versions(db)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)


def _run(db: Database, statements: str) -> None:
    """Run a block of `;`-separated DDL inside the migration's transaction."""
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)


ROLES_SQL = "'coordinator', 'psw', 'expert_by_experience', 'authority_contact'"


@migrations()
def m001_foundation(db: Database) -> None:
    _run(
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


@migrations()
def m002_people(db: Database) -> None:
    """Invitations: a one-time link to set a password. Only a hash of the token is stored."""
    _run(
        db,
        """
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    cancelled_at TEXT
);
CREATE INDEX invites_user ON invites(user_id)
""",
    )


@migrations()
def m005_security(db: Database) -> None:
    """Failed sign-ins counted in the database, retention per review, optional two-factor sign-in."""
    _run(
        db,
        """
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    email TEXT NOT NULL,
    remote_addr TEXT
);
CREATE INDEX login_attempts_email ON login_attempts(email, at);
CREATE INDEX login_attempts_addr ON login_attempts(remote_addr, at);
ALTER TABLE reviews ADD COLUMN retention_months INTEGER
    CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 120);
ALTER TABLE reviews ADD COLUMN closed_at TEXT;
ALTER TABLE reviews ADD COLUMN content_erased_at TEXT;
CREATE TRIGGER reviews_closed_at AFTER UPDATE OF status ON reviews
WHEN NEW.status = 'closed' AND OLD.status != 'closed' AND NEW.closed_at IS NULL
BEGIN UPDATE reviews SET closed_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') WHERE id = NEW.id; END;
UPDATE reviews SET closed_at = created_at WHERE status = 'closed' AND closed_at IS NULL;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
CREATE TABLE security_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
""",
    )


@migrations()
def m006_findings(db: Database) -> None:
    """Comments on draft findings, indexes for the analysis queries, and the regional codebook."""
    from coproduce.findings.codebook import REGIONAL_THEMES

    _run(
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


# The review a conversation belongs to, for the summary triggers of m007.
_REVIEW_OF_CONVERSATION = (
    "SELECT p.review_id FROM conversations c JOIN participants p ON p.id = c.participant_id"
)


@migrations()
def m007_summaries(db: Database) -> None:
    """Per-review summaries for the regional view, so it never scans every answer in the country.

    `review_rating_counts` and `review_theme_counts` hold each review's submitted conversations,
    ratings and coded themes; triggers put a review in `summaries_stale` whenever its data changes
    (conversations, answers of submitted conversations, codings, themes), and
    `coproduce.findings.data.refresh_summaries` recomputes only those reviews before they are read.
    """
    mark = "INSERT OR IGNORE INTO summaries_stale (review_id)"
    coding = (
        "(SELECT a.conversation_id FROM answers a WHERE a.id = coalesce({row}.answer_id, "
        "(SELECT q.answer_id FROM quotes q WHERE q.id = {row}.quote_id)))"
    )
    statements = [
        """CREATE TABLE summaries_stale (review_id INTEGER PRIMARY KEY)""",
        """CREATE TABLE review_rating_counts (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    people INTEGER NOT NULL,
    rated INTEGER NOT NULL,
    rating_total INTEGER NOT NULL
)""",
        """CREATE TABLE review_theme_counts (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (review_id, theme)
)""",
        "CREATE INDEX review_theme_counts_theme ON review_theme_counts(theme)",
        f"""CREATE TRIGGER summaries_conversation_insert AFTER INSERT ON conversations
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id = NEW.id; END""",
        f"""CREATE TRIGGER summaries_conversation_update AFTER UPDATE OF status, withdrawn_at, participant_id
ON conversations BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id IN (OLD.id, NEW.id); END""",
        f"""CREATE TRIGGER summaries_conversation_delete AFTER DELETE ON conversations
BEGIN {mark} SELECT review_id FROM participants WHERE id = OLD.participant_id; END""",
        f"""CREATE TRIGGER summaries_participant_delete AFTER DELETE ON participants
BEGIN {mark} VALUES (OLD.review_id); END""",
        f"""CREATE TRIGGER summaries_participant_update AFTER UPDATE OF review_id ON participants
BEGIN {mark} VALUES (OLD.review_id); {mark} VALUES (NEW.review_id); END""",
        # Answers change only the summaries of submitted conversations (a background save of a
        # conversation in progress marks nothing); submitting or reopening marks through status.
        f"""CREATE TRIGGER summaries_answer_insert AFTER INSERT ON answers
WHEN (SELECT status FROM conversations WHERE id = NEW.conversation_id) = 'submitted'
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id = NEW.conversation_id; END""",
        f"""CREATE TRIGGER summaries_answer_update AFTER UPDATE OF rating, id, conversation_id ON answers
WHEN (SELECT status FROM conversations WHERE id = NEW.conversation_id) = 'submitted'
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id IN (OLD.conversation_id, NEW.conversation_id); END""",
        f"""CREATE TRIGGER summaries_answer_delete AFTER DELETE ON answers
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id = OLD.conversation_id; END""",
        f"""CREATE TRIGGER summaries_coding_insert AFTER INSERT ON codings
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id = {coding.format(row="NEW")}; END""",
        f"""CREATE TRIGGER summaries_coding_update AFTER UPDATE ON codings
BEGIN {mark} {_REVIEW_OF_CONVERSATION}
    WHERE c.id IN ({coding.format(row="OLD")}, {coding.format(row="NEW")}); END""",
        f"""CREATE TRIGGER summaries_coding_delete AFTER DELETE ON codings
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id = {coding.format(row="OLD")}; END""",
        # A deleted quote takes its codings with it; by then they cannot find their answer.
        f"""CREATE TRIGGER summaries_quote_delete AFTER DELETE ON quotes
BEGIN {mark} {_REVIEW_OF_CONVERSATION}
    WHERE c.id = (SELECT conversation_id FROM answers WHERE id = OLD.answer_id); END""",
        f"""CREATE TRIGGER summaries_quote_update AFTER UPDATE OF answer_id ON quotes
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id IN
    (SELECT conversation_id FROM answers WHERE id IN (OLD.answer_id, NEW.answer_id)); END""",
        # A renamed or merged theme: every review with a coding on it (a regional theme is on many).
        f"""CREATE TRIGGER summaries_theme_update AFTER UPDATE OF name, merged_into ON themes
BEGIN {mark} {_REVIEW_OF_CONVERSATION} WHERE c.id IN (SELECT a.conversation_id FROM codings cd
    LEFT JOIN quotes q ON q.id = cd.quote_id JOIN answers a ON a.id = coalesce(cd.answer_id, q.answer_id)
    WHERE cd.theme_id = NEW.id); END""",
        f"{mark} SELECT id FROM reviews",
    ]
    _run(db, ";\n".join(statements))


@click.command("init-db")
def init_db_command() -> None:
    """Create the database, or bring its schema up to date."""
    db = connect(current_app.config["DATABASE"])
    prepare(db)
    click.echo(f"Database ready at {current_app.config['DATABASE']}")


@migrations()
def m008_offline(db: Database) -> None:
    """Changes sent from a tablet carry an id made on the tablet, so a change sent twice (its answer
    lost on a bad connection) is applied once, and a tablet can tell its own last change from
    someone else's."""
    _run(
        db,
        """
ALTER TABLE answers ADD COLUMN change_id TEXT;
ALTER TABLE safeguarding_concerns ADD COLUMN change_id TEXT;
CREATE UNIQUE INDEX safeguarding_concerns_change_id ON safeguarding_concerns(change_id)
""",
    )
