"""Invitations: a one-time link to set a password. Only a hash of the token is stored."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    run(
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
