"""Failed sign-ins counted in the database, retention per review, optional two-factor sign-in."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    run(
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
