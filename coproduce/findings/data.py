"""All SQL of the findings area. Every function takes a review the caller has already scoped
with `reviews.data.review_for`, and looks rows up *within* that review, so ids cannot be probed.

Aggregates are grouped queries over the whole review, never one query per conversation.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import abort
from sqlite_utils import Database
from wtforms.fields.choices import SelectChoice

from coproduce.db import get_db, now, write_transaction
from coproduce.guides.loader import all_guides, latest
from coproduce.paging import Page, page_of

MAIN_GUIDE = "your-care-and-support"
RATINGS = ("1", "2", "3", "4", "5", "not_sure", "prefer_not")
# Conversations whose content counts: held, submitted, and not withdrawn.
HELD = "c.status = 'submitted' AND c.withdrawn_at IS NULL"
FROM_REVIEW = "conversations c JOIN participants p ON p.id = c.participant_id"
# From a coding (cd) to the answer (a) it is on, directly or through its quote (q).
CODED_ANSWER = (
    "LEFT JOIN quotes q ON q.id = cd.quote_id JOIN answers a ON a.id = coalesce(cd.answer_id, q.answer_id)"
)


def joined(on: str) -> str:
    """Join the conversation (c) that the column `on` names, and its participant (p)."""
    return f"JOIN conversations c ON c.id = {on} JOIN participants p ON p.id = c.participant_id"


def _db(db: Database | None) -> Database:
    return db or get_db()


# ---------------------------------------------------------------- questions


def questions(review_id: int, db: Database | None = None) -> list[tuple[str, str]]:
    """(key, English text) of every question this review's conversations used, in guide order.

    Keys come from the guide versions the conversations were held with (never hard-coded); the
    latest version of the main guide gives the order, older keys follow.
    """
    versions = _db(db).query(
        f"""SELECT DISTINCT g.slug, v.version FROM {FROM_REVIEW}
        JOIN guide_versions v ON v.id = c.guide_version_id JOIN guides g ON g.id = v.guide_id
        WHERE p.review_id = ? ORDER BY v.version DESC""",
        [review_id],
    )
    guides = all_guides()
    ordered: dict[str, str] = {}
    try:
        for question in latest(MAIN_GUIDE).questions:
            ordered[question.key] = question.text
    except KeyError:
        pass
    for row in versions:
        guide = guides.get((row["slug"], row["version"]))
        for question in guide.questions if guide else ():
            ordered.setdefault(question.key, question.text)
    return list(ordered.items())


def question_texts(review_id: int, db: Database | None = None) -> dict[str, str]:
    return dict(questions(review_id, db))


# ---------------------------------------------------------------- dashboard


def open_concerns(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            f"""SELECT sc.id, sc.raised_at, p.reference, c.id AS conversation_id FROM safeguarding_concerns sc
            {joined("sc.conversation_id")}
            WHERE p.review_id = ? AND sc.action_taken IS NULL ORDER BY sc.raised_at""",
            [review_id],
        )
    )


def mix(review_id: int) -> dict[str, list[dict[str, Any]]]:
    """How the held conversations split by language, interpreter and mode (people per group)."""
    out = {}
    for name, expr in DIMENSIONS.items():
        if name == "carer":
            continue
        out[name] = list(
            get_db().query(
                f"""SELECT {expr} AS value, count(*) AS people FROM {FROM_REVIEW}
                WHERE p.review_id = ? AND {HELD} GROUP BY value ORDER BY people DESC, value""",
                [review_id],
            )
        )
    return out


def rating_counts(review_id: int) -> dict[str, dict[str, int]]:
    """For each question key, how many people gave each rating."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in get_db().query(
        f"""SELECT a.question_key, a.rating, count(DISTINCT c.id) AS people FROM answers a
        {joined("a.conversation_id")}
        WHERE p.review_id = ? AND {HELD} AND a.rating IS NOT NULL
        GROUP BY a.question_key, a.rating""",
        [review_id],
    ):
        counts[row["question_key"]][row["rating"]] = row["people"]
    return counts


def rating_charts(review_id: int) -> list[dict[str, Any]]:
    """One chart a question: each rating's people and bar width (in steps of 5%)."""
    counts = rating_counts(review_id)
    charts = []
    for key, text in questions(review_id):
        given = counts.get(key, {})
        total = sum(given.values())
        if not total:
            continue
        scored = [int(r) * n for r, n in given.items() if r.isdigit()]
        scored_people = sum(n for r, n in given.items() if r.isdigit())
        bars = [
            {"rating": r, "people": given.get(r, 0), "width": round(given.get(r, 0) * 20 / total) * 5}
            for r in RATINGS
        ]
        charts.append(
            {
                "key": key,
                "text": text,
                "people": total,
                "average": round(sum(scored) / scored_people, 1) if scored_people else None,
                "bars": bars,
            }
        )
    return charts


# ---------------------------------------------------------------- equity view

INTERPRETER = """CASE WHEN c.interpreter_accepted = 1 OR EXISTS (SELECT 1 FROM json_each(c.present)
    WHERE json_each.value LIKE '%interpreter%') THEN 'yes' ELSE 'no' END"""
DIMENSIONS = {
    "interpreter": INTERPRETER,
    "language": "coalesce(c.language_used, c.language, p.language)",
    "mode": "p.contact_mode",
    "carer": "CASE p.is_carer WHEN 1 THEN 'yes' ELSE 'no' END",
}


def equity(review_id: int) -> dict[str, dict[str, Any]]:
    """Ratings and theme counts by interpreter use, language, mode and carer status."""
    db = get_db()
    out: dict[str, dict[str, Any]] = {}
    for name, expr in DIMENSIONS.items():
        groups = list(
            db.query(
                f"""SELECT {expr} AS value, count(DISTINCT c.id) AS people,
                round(avg(CASE WHEN a.rating BETWEEN '1' AND '5' THEN CAST(a.rating AS INTEGER) END), 1)
                    AS average,
                sum(a.rating IN ('1', '2')) AS low
                FROM {FROM_REVIEW} LEFT JOIN answers a ON a.conversation_id = c.id
                WHERE p.review_id = ? AND {HELD} GROUP BY value ORDER BY value""",
                [review_id],
            )
        )
        themes: dict[str, dict[str, int]] = defaultdict(dict)
        for row in db.query(
            f"""SELECT {expr} AS value, t.name, count(DISTINCT c.id) AS people FROM codings cd
            JOIN themes t ON t.id = cd.theme_id
            {CODED_ANSWER}
            {joined("a.conversation_id")}
            WHERE p.review_id = ? AND {HELD} GROUP BY value, t.name""",
            [review_id],
        ):
            themes[row["name"]][row["value"]] = row["people"]
        out[name] = {"groups": groups, "themes": dict(sorted(themes.items()))}
    return out


# ---------------------------------------------------------------- codebook


def ensure_codebook(review_id: int, db: Database | None = None) -> None:
    """Start the review's codebook as a copy of the regional one, the first time it is needed."""
    db = _db(db)
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
        db.execute("UPDATE themes SET parent_id = ? WHERE parent_id = ?", [target_id, source_id])
        db.execute(
            "UPDATE themes SET parent_id = NULL WHERE id = ? AND parent_id = ?", [target_id, target_id]
        )
        db.execute("UPDATE themes SET merged_into = ?, parent_id = NULL WHERE id = ?", [target_id, source_id])


# ---------------------------------------------------------------- reading and coding


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


# ---------------------------------------------------------------- findings

# The conversations each finding's evidence comes from, for the findings in a `scope` CTE (ids).
EVIDENCE_CONVERSATIONS = f"""
    SELECT fe.finding_id, a.conversation_id FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN answers a ON a.id = fe.answer_id
    UNION SELECT fe.finding_id, a.conversation_id
        FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN quotes q ON q.id = fe.quote_id JOIN answers a ON a.id = q.answer_id
    UNION SELECT fe.finding_id, a.conversation_id
        FROM scope JOIN finding_evidence fe ON fe.finding_id = scope.id
        JOIN codings cd ON cd.theme_id = fe.theme_id {CODED_ANSWER}
"""


def findings(review_id: int, signed_off_only: bool = False, kind: str | None = None) -> list[dict[str, Any]]:
    """The review's findings, each with the number of distinct people its evidence rests on."""
    where = " AND f.status = 'signed_off'" if signed_off_only else ""
    params: list[Any] = [review_id, review_id, review_id]
    if kind:
        where += " AND f.kind = ?"
        params.append(kind)
    return list(
        get_db().query(
            f"""WITH scope AS (SELECT id FROM findings WHERE review_id = ?), ev AS ({EVIDENCE_CONVERSATIONS}),
            people AS (SELECT ev.finding_id, count(DISTINCT p.id) AS n FROM ev {joined("ev.conversation_id")}
                WHERE p.review_id = ? AND {HELD} GROUP BY ev.finding_id)
            SELECT f.*, coalesce(people.n, 0) AS people, u.name AS proposed_by_name,
            s.name AS signed_off_by_name,
            (SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
             ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1) AS progress
            FROM findings f JOIN users u ON u.id = f.proposed_by LEFT JOIN users s ON s.id = f.signed_off_by
            LEFT JOIN people ON people.finding_id = f.id
            WHERE f.review_id = ?{where}
            ORDER BY CASE f.kind WHEN 'strength' THEN 0 WHEN 'area_for_consideration' THEN 1 ELSE 2 END,
            f.id""",
            params,
        )
    )


def finding_in(review_id: int, finding_id: int, signed_off_only: bool = False) -> dict[str, Any]:
    rows = [f for f in findings(review_id, signed_off_only) if f["id"] == finding_id]
    if not rows:
        abort(404)
    return rows[0]


def evidence(review_id: int, finding_id: int) -> dict[str, list[dict[str, Any]]]:
    db = get_db()
    texts = question_texts(review_id)
    quotes = list(
        db.query(
            f"""SELECT fe.id AS evidence_id, q.id, q.text, q.kind, p.reference, a.question_key
            FROM finding_evidence fe
            JOIN quotes q ON q.id = fe.quote_id JOIN answers a ON a.id = q.answer_id
            {joined("a.conversation_id")} WHERE fe.finding_id = ? AND {HELD} ORDER BY p.reference""",
            [finding_id],
        )
    )
    answers = list(
        db.query(
            f"""SELECT fe.id AS evidence_id, a.id, a.rating, a.notes, p.reference, a.question_key
            FROM finding_evidence fe JOIN answers a ON a.id = fe.answer_id
            {joined("a.conversation_id")} WHERE fe.finding_id = ? AND {HELD} ORDER BY p.reference""",
            [finding_id],
        )
    )
    for row in quotes + answers:
        row["question"] = texts.get(row["question_key"], row["question_key"])
    theme_rows = list(
        db.query(
            """SELECT fe.id AS evidence_id, t.id, t.name, t.description FROM finding_evidence fe
            JOIN themes t ON t.id = fe.theme_id WHERE fe.finding_id = ? ORDER BY t.name""",
            [finding_id],
        )
    )
    return {"quotes": quotes, "answers": answers, "themes": theme_rows}


def reflections(review_id: int, finding_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The experts by experience's reflections on the conversations each finding's evidence comes from."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not finding_ids:
        return out
    marks = ", ".join("?" for _ in finding_ids)
    for row in get_db().query(
        f"""WITH scope AS (SELECT id FROM findings WHERE review_id = ? AND id IN ({marks})),
        ev AS ({EVIDENCE_CONVERSATIONS})
        SELECT DISTINCT ev.finding_id, c.id, p.reference, c.reflection_noticed, c.reflection_change,
        u.name AS expert FROM ev {joined("ev.conversation_id")} JOIN users u ON u.id = c.interviewer_id
        WHERE p.review_id = ? AND {HELD}
        AND (coalesce(c.reflection_noticed, '') != '' OR coalesce(c.reflection_change, '') != '')
        ORDER BY p.reference""",
        [review_id, *finding_ids, review_id],
    ):
        out[row["finding_id"]].append(row)
    return out


def comments(finding_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT fc.*, u.name, u.role FROM finding_comments fc JOIN users u ON u.id = fc.user_id
            WHERE fc.finding_id = ? ORDER BY fc.created_at, fc.id""",
            [finding_id],
        )
    )


def add_finding(review_id: int, kind: str, title: str, body: str, owner: str, user_id: int) -> int:
    with write_transaction() as db:
        return (
            db["findings"]
            .insert(
                {
                    "review_id": review_id,
                    "kind": kind,
                    "title": title.strip(),
                    "body": body.strip(),
                    "owner": (owner or "").strip() or None,
                    "proposed_by": user_id,
                    "created_at": now(),
                }
            )
            .last_pk
        )


def update_finding(finding_id: int, kind: str, title: str, body: str, owner: str) -> None:
    with write_transaction() as db:
        db.execute(
            "UPDATE findings SET kind = ?, title = ?, body = ?, owner = ? WHERE id = ? AND status = 'draft'",
            [kind, title.strip(), body.strip(), (owner or "").strip() or None, finding_id],
        )


def add_comment(finding_id: int, user_id: int, body: str) -> None:
    with write_transaction() as db:
        db["finding_comments"].insert(
            {"finding_id": finding_id, "user_id": user_id, "body": body.strip(), "created_at": now()}
        )


def evidence_choices(review_id: int, theme_id: int | None) -> dict[str, list[SelectChoice]]:
    """What can be linked: quotes and answers (those coded with a theme, when one is chosen), and themes."""
    db = get_db()
    texts = question_texts(review_id)
    params: list[Any] = [review_id]
    answer_filter = quote_filter = ""
    if theme_id:
        answer_filter = " AND a.id IN (SELECT answer_id FROM codings WHERE theme_id = ?)"
        quote_filter = " AND q.id IN (SELECT quote_id FROM codings WHERE theme_id = ?)"
        params.append(theme_id)
    quotes = [
        SelectChoice(f"quote-{r['id']}", f"{r['reference']}: “{r['text']}”")
        for r in db.query(
            f"""SELECT q.id, q.text, p.reference FROM quotes q JOIN answers a ON a.id = q.answer_id
            {joined("a.conversation_id")} WHERE p.review_id = ? AND {HELD}{quote_filter}
            ORDER BY p.reference, q.id""",
            params,
        )
    ]
    answers: list[SelectChoice] = []
    if theme_id:  # every answer of a large review would be too many to tick through
        answers = [
            SelectChoice(
                f"answer-{r['id']}",
                f"{r['reference']}: {texts.get(r['question_key'], r['question_key'])} "
                f"({r['rating'] or '–'}) {r['notes'] or ''}".strip(),
            )
            for r in db.query(
                f"""SELECT a.id, a.question_key, a.rating, a.notes, p.reference FROM answers a
                {joined("a.conversation_id")} WHERE p.review_id = ? AND {HELD}
                AND (coalesce(a.notes, '') != '' OR a.rating IS NOT NULL){answer_filter}
                ORDER BY p.reference, a.id""",
                params,
            )
        ]
    return {"quotes": quotes, "answers": answers}


def add_evidence(review_id: int, finding_id: int, items: list[str]) -> int:
    """Link quotes, answers and themes (given as 'quote-ID', 'answer-ID', 'theme-ID') to a draft finding."""
    db = get_db()
    added = 0
    with write_transaction(db):
        for item in items:
            kind, _, raw = item.partition("-")
            if kind not in ("quote", "answer", "theme") or not raw.isdigit():
                continue
            item_id = int(raw)
            if kind == "theme":
                ok = db.execute(
                    "SELECT 1 FROM themes WHERE id = ? AND review_id = ? AND merged_into IS NULL",
                    [item_id, review_id],
                ).fetchone()
            else:
                join = "quotes q JOIN answers a ON a.id = q.answer_id" if kind == "quote" else "answers a"
                ok = db.execute(
                    f"""SELECT 1 FROM {join} {joined("a.conversation_id")}
                    WHERE {"q" if kind == "quote" else "a"}.id = ? AND p.review_id = ? AND {HELD}""",
                    [item_id, review_id],
                ).fetchone()
            column = f"{kind}_id"
            if (
                not ok
                or db.execute(
                    f"SELECT 1 FROM finding_evidence WHERE finding_id = ? AND {column} = ?",
                    [finding_id, item_id],
                ).fetchone()
            ):
                continue
            db["finding_evidence"].insert({"finding_id": finding_id, column: item_id})
            added += 1
    return added


def remove_evidence(finding_id: int, evidence_id: int) -> None:
    with write_transaction() as db:
        db.execute("DELETE FROM finding_evidence WHERE id = ? AND finding_id = ?", [evidence_id, finding_id])


def follow_up_due(review: dict[str, Any], signed_on: date) -> str:
    """Six months after the report (its due date, or the sign-off day when there is none)."""
    base = date.fromisoformat(review["report_due"]) if review.get("report_due") else signed_on
    month = base.month + 6
    year, month = base.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(base.day, 28)).isoformat()


def sign_off(review: dict[str, Any], finding_id: int, user_id: int) -> None:
    stamp = now()
    with write_transaction() as db:
        db.execute(
            """UPDATE findings SET status = 'signed_off', signed_off_by = ?, signed_off_at = ?,
            follow_up_due = CASE WHEN kind = 'recommendation' THEN ? END WHERE id = ? AND status = 'draft'""",
            [user_id, stamp, follow_up_due(review, date.fromisoformat(stamp[:10])), finding_id],
        )


def is_lead(review_id: int, user_id: int) -> bool:
    return (
        get_db()
        .execute(
            "SELECT 1 FROM review_members WHERE review_id = ? AND user_id = ? AND team_role = 'lead_psw'",
            [review_id, user_id],
        )
        .fetchone()
        is not None
    )


# ---------------------------------------------------------------- follow-up


def follow_ups(finding_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT fu.*, u.name FROM follow_ups fu JOIN users u ON u.id = fu.recorded_by
            WHERE fu.finding_id = ? ORDER BY fu.recorded_at DESC, fu.id DESC""",
            [finding_id],
        )
    )


def record_follow_up(
    finding_id: int, user_id: int, progress: str, reason: str, evidence_note: str, owner: str
) -> None:
    with write_transaction() as db:
        db["follow_ups"].insert(
            {
                "finding_id": finding_id,
                "recorded_by": user_id,
                "recorded_at": now(),
                "progress": progress,
                "reason": reason.strip() or None,
                "evidence": evidence_note.strip() or None,
            }
        )
        if owner.strip():
            db.execute("UPDATE findings SET owner = ? WHERE id = ?", [owner.strip(), finding_id])


def overdue(today: str | None = None) -> list[dict[str, Any]]:
    """Signed-off recommendations past their follow-up date and not yet done or closed, across councils."""
    today = today or date.today().isoformat()
    return list(
        get_db().query(
            """SELECT f.id, f.title, f.owner, f.follow_up_due, f.review_id, r.year, co.name AS council_name,
            (SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
             ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1) AS progress
            FROM findings f JOIN reviews r ON r.id = f.review_id JOIN councils co ON co.id = r.council_id
            WHERE f.kind = 'recommendation' AND f.status = 'signed_off' AND f.follow_up_due < ?
            AND coalesce((SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
                 ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1), 'not_started')
                 NOT IN ('done', 'not_doing')
            ORDER BY f.follow_up_due, co.name""",
            [today],
        )
    )


# ---------------------------------------------------------------- regional view


REGIONAL_PAGE_SIZE = 50
STALE = "SELECT review_id FROM summaries_stale"


def refresh_summaries(db: Database | None = None) -> int:
    """Recompute the regional summaries of the reviews whose data changed (the triggers of
    m007_summaries list them in summaries_stale). Returns how many reviews were recomputed."""
    db = _db(db)
    if db.execute("SELECT 1 FROM summaries_stale LIMIT 1").fetchone() is None:
        return 0
    with write_transaction(db):
        count = db.execute("SELECT count(*) FROM summaries_stale").fetchone()[0]
        db.execute(f"DELETE FROM review_theme_counts WHERE review_id IN ({STALE})")
        db.execute(
            f"""INSERT INTO review_theme_counts (review_id, theme, people)
            SELECT p.review_id, t.name, count(DISTINCT c.id)
            FROM codings cd JOIN themes t ON t.id = cd.theme_id {CODED_ANSWER} {joined("a.conversation_id")}
            WHERE {HELD} AND p.review_id IN ({STALE}) GROUP BY p.review_id, t.name"""
        )
        db.execute(f"DELETE FROM review_rating_counts WHERE review_id IN ({STALE})")
        db.execute(
            f"""INSERT INTO review_rating_counts (review_id, people, rated, rating_total)
            SELECT p.review_id, count(DISTINCT c.id),
                count(CASE WHEN a.rating BETWEEN '1' AND '5' THEN 1 END),
                coalesce(sum(CASE WHEN a.rating BETWEEN '1' AND '5' THEN CAST(a.rating AS INTEGER) END), 0)
            FROM {FROM_REVIEW} LEFT JOIN answers a ON a.conversation_id = c.id
            WHERE {HELD} AND p.review_id IN ({STALE}) GROUP BY p.review_id"""
        )
        db.execute("DELETE FROM summaries_stale")
    return count


def _regional_where(region: str | None, year: int | None) -> tuple[str, list[Any]]:
    conditions, params = ["1 = 1"], []
    if region:
        conditions.append("co.region = ?")
        params.append(region)
    if year:
        conditions.append("r.year = ?")
        params.append(year)
    return " AND ".join(conditions), params


THEMES_SQL = """SELECT s.theme, co.name AS council, r.year, r.focus, sum(s.people) AS people
    FROM review_theme_counts s JOIN reviews r ON r.id = s.review_id JOIN councils co ON co.id = r.council_id
    WHERE {where} GROUP BY s.theme, co.name, r.year, r.focus
    ORDER BY s.theme, r.year DESC, co.name, r.focus"""
RATINGS_SQL = """SELECT co.name AS council, r.year, r.focus, sum(s.people) AS people,
    round(CAST(sum(s.rating_total) AS REAL) / sum(s.rated), 1) AS average
    FROM review_rating_counts s JOIN reviews r ON r.id = s.review_id JOIN councils co ON co.id = r.council_id
    WHERE {where} GROUP BY co.name, r.year, r.focus ORDER BY r.year DESC, co.name, r.focus"""


def regional_themes(region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """People whose conversation was coded with each theme, by council, year and focus (from the
    per-review summaries)."""
    return list(get_db().query(*_regional_query(THEMES_SQL, region, year)))


def regional_ratings(region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """People and their average rating (1 to 5) by council, year and focus."""
    return list(get_db().query(*_regional_query(RATINGS_SQL, region, year)))


def regional_page(table: str, region: str | None, year: int | None, number: int) -> Page:
    """One page of the regional view's table `table` ("themes" or "ratings")."""
    sql = {"themes": THEMES_SQL, "ratings": RATINGS_SQL}[table]
    return page_of(*_regional_query(sql, region, year), number, REGIONAL_PAGE_SIZE)


def _regional_query(sql: str, region: str | None, year: int | None) -> tuple[str, list[Any]]:
    """A regional query narrowed by the filters, on summaries brought up to date."""
    refresh_summaries()
    where, params = _regional_where(region, year)
    return sql.format(where=where), params


def regional_choices() -> dict[str, list[Any]]:
    """The regions of the councils and the years that have submitted conversations (newest
    first), for the regional view's filters."""
    refresh_summaries()
    db = get_db()
    return {
        "regions": [row[0] for row in db.execute("SELECT DISTINCT region FROM councils ORDER BY region")],
        "years": [
            row[0]
            for row in db.execute(
                """SELECT DISTINCT r.year FROM review_rating_counts s JOIN reviews r ON r.id = s.review_id
                ORDER BY r.year DESC"""
            )
        ],
    }


# ---------------------------------------------------------------- small helpers


def status_counts(review_id: int) -> dict[str, int]:
    from coproduce.reviews.data import conversation_counts

    return conversation_counts([review_id])[review_id]


def all_reflections(review_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            f"""SELECT c.id, p.reference, c.reflection_noticed, c.reflection_change, u.name AS expert
            FROM {FROM_REVIEW} JOIN users u ON u.id = c.interviewer_id WHERE p.review_id = ? AND {HELD}
            AND (coalesce(c.reflection_noticed, '') != '' OR coalesce(c.reflection_change, '') != '')
            ORDER BY u.name, p.reference""",
            [review_id],
        )
    )


def value_label(dimension: str, value: str | None) -> str:
    from coproduce.labels import label

    if dimension == "language":
        from coproduce.i18n import language_name

        return language_name(value)
    if dimension == "mode":
        return label("contact_mode", value)
    return label("yes_no", value)


def rating_label(rating: str) -> str:
    from coproduce.labels import label

    return label("rating", rating)


def review_row(review_id: int) -> dict[str, Any] | None:
    """A review by id, for the command line (which is not a signed-in person)."""
    return next(
        get_db().query(
            """SELECT reviews.*, councils.name AS council_name FROM reviews
            JOIN councils ON councils.id = reviews.council_id WHERE reviews.id = ?""",
            [review_id],
        ),
        None,
    )
