"""Changes sent from a tablet carry an id made on the tablet."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """Changes sent from a tablet carry an id made on the tablet, so a change sent twice (its answer
    lost on a bad connection) is applied once, and a tablet can tell its own last change from
    someone else's."""
    run(
        db,
        """
ALTER TABLE answers ADD COLUMN change_id TEXT;
ALTER TABLE safeguarding_concerns ADD COLUMN change_id TEXT;
CREATE UNIQUE INDEX safeguarding_concerns_change_id ON safeguarding_concerns(change_id)
""",
    )
