"""A phone number the people we talk to can call about the review."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """The review's phone number for the people who take part: the "what happens next" letter in
    each guide pack gives it, with the review's name as the reference to quote. Optional."""
    run(db, "ALTER TABLE reviews ADD COLUMN contact_phone TEXT")
