"""The codebook and the codings on it: themes, reading and coding conversations, coder comparison.

Every function takes a review the caller has already scoped with `reviews.data.review_for`, and
looks rows up within that review, so ids cannot be probed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import abort
from sqlite_utils import Database

from coproduce.analysis.data import CODED_ANSWER, question_texts
from coproduce.capture.held import FROM_REVIEW, HELD, joined
from coproduce.db import get_db, now, write_transaction


def ensure_codebook(review_id: int, db: Database | None = None) -> None:
    """Start the review's codebook as a copy of the regional one, the first time it is needed."""
    db = db or get_db()
    if db.execute("SELECT 1 FROM themes WHERE review_id = ? LIMIT 1", [review_id]).fetchone():
        return
    with write_transaction(db):
        db.execute(
            """INSERT INTO themes (review_id, name, description) SELECT ?, name, description FROM themes
            WHERE review_id IS NULL AND merged_into IS NULL ORDER BY id""",
            [review_id],
        )


def themes(review_id: int) -> list[dict[str, Any]]:
    """The review's live themes (merged ones left out), groups first with their members after."""
    ensure_codebook(review_id)
    rows = list(
        get_db().query(
            f"""SELECT t.id, t.name, t.description, t.parent_id,
            (SELECT count(*) FROM codings cd WHERE cd.theme_id = t.id) AS codings,
            (SELECT count(DISTINCT c.id) FROM codings cd LEFT JOIN quotes q ON q.id = cd.quote_id
             JOIN answers a ON a.id = coalesce(cd.answer_id, q.answer_id)
             {joined("a.conversation_id")}
             WHERE cd.theme_id = t.id AND {HELD}) AS people
            FROM themes t WHERE t.review_id = ? AND t.merged_into IS NULL ORDER BY t.name COLLATE NOCASE""",
            [review_id],
        )
    )
    children: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["parent_id"]:
            children[row["parent_id"]].append(row)
    ordered = []
    for row in rows:
        if not row["parent_id"]:
            row["depth"] = 0
            ordered.append(row)
            for child in children.get(row["id"], []):
                child["depth"] = 1
                ordered.append(child)
    return ordered


def theme_in(review_id: int, theme_id: int) -> dict[str, Any]:
    row = (
        get_db()
        .execute(
            "SELECT id FROM themes WHERE id = ? AND review_id = ? AND merged_into IS NULL",
            [theme_id, review_id],
        )
        .fetchone()
    )
    if row is None:
        abort(404)
    return get_db()["themes"].get(theme_id)


def save_theme(
    review_id: int, theme_id: int | None, name: str, description: str, parent_id: int | None
) -> int:
    """Add a theme, or rename, describe and group one. A group is one level deep."""
    parent_id = parent_id or None
    if parent_id:
        parent = theme_in(review_id, parent_id)
        if parent["parent_id"] or parent_id == theme_id:
            parent_id = None
    with write_transaction() as db:
        fields = {"name": name.strip(), "description": description.strip() or None, "parent_id": parent_id}
        if theme_id is None:
            return db["themes"].insert({"review_id": review_id, **fields}).last_pk
        db["themes"].update(theme_id, fields)
        return theme_id


def name_taken(review_id: int, name: str, theme_id: int | None = None) -> bool:
    return (
        get_db()
        .execute(
            "SELECT 1 FROM themes WHERE review_id = ? AND name = ? COLLATE NOCASE AND id IS NOT ?",
            [review_id, name.strip(), theme_id],
        )
        .fetchone()
        is not None
    )


def merge_theme(review_id: int, source_id: int, target_id: int) -> None:
    """Merge one theme into another: its codings, evidence links and group members follow."""
    theme_in(review_id, source_id)
    theme_in(review_id, target_id)
    if source_id == target_id:
        return
    with write_transaction() as db:
        db.execute("UPDATE codings SET theme_id = ? WHERE theme_id = ?", [target_id, source_id])
        db.execute(
            """DELETE FROM codings WHERE theme_id = ? AND id NOT IN (SELECT min(id) FROM codings
            WHERE theme_id = ? GROUP BY answer_id, quote_id, coder_id)""",
            [target_id, target_id],
        )
        db.execute("UPDATE finding_evidence SET theme_id = ? WHERE theme_id = ?", [target_id, source_id])
        db.execute(
            "UPDATE OR IGNORE source_codings SET theme_id = ? WHERE theme_id = ?", [target_id, source_id]
        )
        db.execute("DELETE FROM source_codings WHERE theme_id = ?", [source_id])
        db.execute("UPDATE themes SET parent_id = ? WHERE parent_id = ?", [target_id, source_id])
        db.execute(
            "UPDATE themes SET parent_id = NULL WHERE id = ? AND parent_id = ?", [target_id, target_id]
        )
        db.execute("UPDATE themes SET merged_into = ?, parent_id = NULL WHERE id = ?", [target_id, source_id])


def conversations(review_id: int) -> list[dict[str, Any]]:
    """Held conversations with how many items each has and how many are coded."""
    return list(
        get_db().query(
            f"""SELECT c.id, p.reference, c.submitted_at, u.name AS interviewer,
            (SELECT count(*) FROM answers a WHERE a.conversation_id = c.id) AS answers,
            (SELECT count(DISTINCT coalesce(cd.answer_id, q.answer_id)) FROM codings cd
             {CODED_ANSWER}
             WHERE a.conversation_id = c.id) AS coded
            FROM {FROM_REVIEW} JOIN users u ON u.id = c.interviewer_id
            WHERE p.review_id = ? AND {HELD} ORDER BY p.reference""",
            [review_id],
        )
    )


def conversation_in(review_id: int, conversation_id: int) -> dict[str, Any]:
    row = next(
        get_db().query(
            f"""SELECT c.*, p.reference, p.language AS participant_language, p.contact_mode, p.is_carer,
            u.name AS interviewer FROM {FROM_REVIEW} JOIN users u ON u.id = c.interviewer_id
            WHERE c.id = ? AND p.review_id = ? AND {HELD}""",
            [conversation_id, review_id],
        ),
        None,
    )
    if row is None:
        abort(404)
    return row


def conversation_items(review_id: int, conversation_id: int, coder_id: int) -> list[dict[str, Any]]:
    """The answers of a conversation in question order, each with its quotes and this coder's themes."""
    db = get_db()
    texts = question_texts(review_id)
    order = {key: n for n, key in enumerate(texts)}
    answers = list(db.query("SELECT * FROM answers WHERE conversation_id = ?", [conversation_id]))
    answers.sort(key=lambda a: (order.get(a["question_key"], len(order)), a["question_key"]))
    quotes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for quote in db.query(
        """SELECT q.* FROM quotes q JOIN answers a ON a.id = q.answer_id WHERE a.conversation_id = ?
        ORDER BY q.id""",
        [conversation_id],
    ):
        quotes[quote["answer_id"]].append(quote)
    coded: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(
        f"""SELECT cd.id, cd.answer_id, cd.quote_id, t.name FROM codings cd
        JOIN themes t ON t.id = cd.theme_id
        {CODED_ANSWER}
        WHERE a.conversation_id = ? AND cd.coder_id = ? ORDER BY t.name""",
        [conversation_id, coder_id],
    ):
        item = ("quote", row["quote_id"]) if row["quote_id"] else ("answer", row["answer_id"])
        coded[item].append(row)
    for answer in answers:
        answer["text"] = texts.get(answer["question_key"], answer["question_key"])
        answer["themes"] = coded[("answer", answer["id"])]
        answer["quotes"] = quotes[answer["id"]]
        for quote in answer["quotes"]:
            quote["themes"] = coded[("quote", quote["id"])]
    return answers


def _item_in_conversation(conversation_id: int, answer_id: int | None, quote_id: int | None) -> bool:
    if quote_id:
        sql = """SELECT 1 FROM quotes q JOIN answers a ON a.id = q.answer_id
        WHERE q.id = ? AND a.conversation_id = ?"""
        return get_db().execute(sql, [quote_id, conversation_id]).fetchone() is not None
    sql = "SELECT 1 FROM answers WHERE id = ? AND conversation_id = ?"
    return get_db().execute(sql, [answer_id, conversation_id]).fetchone() is not None


def add_coding(
    review_id: int, conversation_id: int, item: str, item_id: int, theme_id: int, coder_id: int
) -> None:
    answer_id, quote_id = (None, item_id) if item == "quote" else (item_id, None)
    theme_in(review_id, theme_id)
    if not _item_in_conversation(conversation_id, answer_id, quote_id):
        abort(404)
    with write_transaction() as db:
        exists = db.execute(
            "SELECT 1 FROM codings WHERE theme_id = ? AND answer_id IS ? AND quote_id IS ? AND coder_id = ?",
            [theme_id, answer_id, quote_id, coder_id],
        ).fetchone()
        if not exists:
            db["codings"].insert(
                {
                    "theme_id": theme_id,
                    "answer_id": answer_id,
                    "quote_id": quote_id,
                    "coder_id": coder_id,
                    "created_at": now(),
                }
            )


def remove_coding(conversation_id: int, coding_id: int, coder_id: int) -> None:
    with write_transaction() as db:
        db.execute(
            f"""DELETE FROM codings WHERE id = ? AND coder_id = ? AND id IN (SELECT cd.id FROM codings cd
            {CODED_ANSWER}
            WHERE a.conversation_id = ?)""",
            [coding_id, coder_id, conversation_id],
        )


def coders(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT DISTINCT u.id, u.name FROM codings cd JOIN users u ON u.id = cd.coder_id
            JOIN themes t ON t.id = cd.theme_id WHERE t.review_id = ? ORDER BY u.name""",
            [review_id],
        )
    )


def comparison(review_id: int, first: int, second: int) -> dict[str, Any]:
    """Where two coders coded the same items differently: items both coded, and themes only one gave."""
    rows = get_db().query(
        f"""SELECT cd.coder_id, cd.answer_id, cd.quote_id, t.name, p.reference, a.question_key,
        q.text AS quote_text, c.id AS conversation_id
        FROM codings cd JOIN themes t ON t.id = cd.theme_id LEFT JOIN quotes q ON q.id = cd.quote_id
        JOIN answers a ON a.id = coalesce(cd.answer_id, q.answer_id) {joined("a.conversation_id")}
        WHERE t.review_id = ? AND cd.coder_id IN (?, ?) AND {HELD}""",
        [review_id, first, second],
    )
    items: dict[tuple[Any, Any], dict[str, Any]] = {}
    for row in rows:
        item = items.setdefault(
            (row["answer_id"], row["quote_id"]),
            {
                "reference": row["reference"],
                "question_key": row["question_key"],
                "quote": row["quote_text"],
                "conversation_id": row["conversation_id"],
                first: set(),
                second: set(),
            },
        )
        item[row["coder_id"]].add(row["name"])
    both = [i for i in items.values() if i[first] and i[second]]
    differ = [
        {**i, "only_first": sorted(i[first] - i[second]), "only_second": sorted(i[second] - i[first])}
        for i in both
        if i[first] != i[second]
    ]
    agreed = sum(1 for i in both if i[first] == i[second])
    return {"both": len(both), "agreed": agreed, "differ": differ}
