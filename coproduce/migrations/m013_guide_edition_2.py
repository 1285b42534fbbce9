"""The guides' second edition: answers that are a choice, and focus modules."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """An answer may be a choice (yes / no / not sure, better / same / worse, or an option of a
    question's short list: codes in coproduce/codes.py and the guide files), beside the rating of
    the faces. A review names the focus modules its conversations add to the guide, and each
    conversation keeps the modules (slug and version) it began with, as it keeps its guide version."""
    run(
        db,
        """
ALTER TABLE answers ADD COLUMN choice TEXT CHECK (choice IS NULL OR length(choice) BETWEEN 1 AND 64);
ALTER TABLE reviews ADD COLUMN guide_modules TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(guide_modules));
ALTER TABLE conversations ADD COLUMN guide_modules TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(guide_modules))
""",
    )
