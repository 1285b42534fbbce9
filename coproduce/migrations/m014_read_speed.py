"""Reading faster: a stamp of the regional summaries, so what is made from them can be kept until
they change, and an index that holds what a review's charts count of each answer."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run


def migrate(db: Database) -> None:
    """`summaries_stamp` holds one random value, drawn again each time
    `coproduce.regional.data.refresh_summaries` recomputes anything: the regional view keeps its
    grouped rows (and the published councils) under it, in each process, until it changes. A review
    also goes into `summaries_stale` when its council, year, focus or status changes, or it is made
    or deleted, and so do a council's reviews when the council is renamed or moved to another
    region: everything the regional tables show passes through a refresh, and so a new stamp.

    `answers_rating` holds what a review's charts count (question, rating and chosen answer, by
    conversation), so they are counted from the index without reading each answer's notes."""
    mark = "INSERT OR IGNORE INTO summaries_stale (review_id)"
    statements = [
        """CREATE TABLE summaries_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    stamp TEXT NOT NULL
)""",
        "INSERT INTO summaries_stamp (id, stamp) VALUES (1, lower(hex(randomblob(8))))",
        f"""CREATE TRIGGER summaries_review_insert AFTER INSERT ON reviews
BEGIN {mark} VALUES (NEW.id); END""",
        f"""CREATE TRIGGER summaries_review_update AFTER UPDATE OF council_id, year, focus, status ON reviews
BEGIN {mark} VALUES (OLD.id); {mark} VALUES (NEW.id); END""",
        f"""CREATE TRIGGER summaries_review_delete AFTER DELETE ON reviews
BEGIN {mark} VALUES (OLD.id); END""",
        "CREATE INDEX answers_rating ON answers(conversation_id, question_key, rating, choice)",
        f"""CREATE TRIGGER summaries_council_update AFTER UPDATE OF name, region ON councils
BEGIN {mark} SELECT id FROM reviews WHERE council_id IN (OLD.id, NEW.id); END""",
    ]
    run(db, ";\n".join(statements))
