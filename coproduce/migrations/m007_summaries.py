"""Per-review summaries for the regional view, so it never scans every answer in the country."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.migrations.ddl import run

# The review a conversation belongs to, for the summary triggers.
_REVIEW_OF_CONVERSATION = (
    "SELECT p.review_id FROM conversations c JOIN participants p ON p.id = c.participant_id"
)


def migrate(db: Database) -> None:
    """`review_rating_counts` and `review_theme_counts` hold each review's submitted conversations,
    ratings and coded themes; triggers put a review in `summaries_stale` whenever its data changes
    (conversations, answers of submitted conversations, codings, themes), and
    `coproduce.regional.data.refresh_summaries` recomputes only those reviews before they are read.
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
    run(db, ";\n".join(statements))
