"""Conversations, answers, quotes and safeguarding concerns. All SQL of the capture area.

Every lookup is scoped to the signed-in person: an expert by experience reaches only the
conversations they hold, a PSW only those of reviews they are on, a coordinator all of them.
Anything else is a 404, so ids cannot be probed.
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort

from coproduce.auth import Role, User
from coproduce.codes import MAIN_GUIDE
from coproduce.db import get_db, now, write_transaction
from coproduce.erasure import forget_old_copies
from coproduce.guides import focus, loader
from coproduce.guides.data import version_id
from coproduce.guides.model import Guide
from coproduce.paging import Page, page_of


class Conflict(Exception):
    """The answer changed since the version the request was based on."""

    def __init__(self, current: dict[str, Any] | None) -> None:
        super().__init__("stale version")
        self.current = current


COLUMNS = """c.*, p.reference, p.language AS person_language, p.dialect, p.needs, p.contact_mode,
    p.is_carer, p.access_notes, p.review_id, councils.name AS council_name,
    reviews.title AS review_title, reviews.contact_phone AS review_contact_phone,
    reviews.focus AS review_focus, reviews.guide_modules AS review_modules,
    reviews.safeguarding_contact_name, reviews.safeguarding_contact_phone,
    reviews.safeguarding_contact_hours, reviews.emergency_instruction,
    interviewer.name AS interviewer_name"""
FROM = """conversations c JOIN participants p ON p.id = c.participant_id
    JOIN reviews ON reviews.id = p.review_id JOIN councils ON councils.id = reviews.council_id
    JOIN users interviewer ON interviewer.id = c.interviewer_id"""


def _one(where: str, params: list[Any]) -> dict[str, Any]:
    row = next(get_db().query(f"SELECT {COLUMNS} FROM {FROM} WHERE {where}", params), None)
    if row is None:
        abort(404)
    row["needs"] = json.loads(row["needs"] or "[]")
    row["present"] = json.loads(row["present"] or "[]")
    return row


def held_by(user: User, conversation_id: int) -> dict[str, Any]:
    """A conversation this expert by experience holds (and that was not withdrawn), else 404."""
    return _one(
        "c.id = ? AND ? IN (c.interviewer_id, c.second_interviewer_id) AND c.withdrawn_at IS NULL",
        [conversation_id, user.id],
    )


def for_team(user: User, conversation_id: int) -> dict[str, Any]:
    """A conversation of a review this PSW is on (any, for a coordinator), else 404."""
    if user.role == Role.COORDINATOR:
        return _one("c.id = ?", [conversation_id])
    return _one(
        "c.id = ? AND p.review_id IN (SELECT review_id FROM review_members WHERE user_id = ?)",
        [conversation_id, user.id],
    )


def choose_guide(conversation: dict[str, Any]) -> Guide:
    """The newest guide for this person (a carers' guide for a carer when there is one), with the
    newest version of each focus module of the review."""
    slug = MAIN_GUIDE
    if conversation["is_carer"]:
        carers = [g for g in loader.all_guides().values() if g.audience == "carer"]
        if carers:
            slug = sorted(carers, key=lambda g: g.slug)[0].slug
    slugs = focus.review_module_slugs(conversation.get("review_focus"), conversation.get("review_modules"))
    return loader.latest(slug).with_modules(focus.latest_modules(slugs))


def guide_of(conversation: dict[str, Any]) -> Guide:
    """The guide version a started conversation uses (it never changes), or the one it would use."""
    if conversation["guide_version_id"] is None:
        return choose_guide(conversation)
    db = get_db()
    # A guide version row never changes once made, so each connection remembers what it read.
    known = db.__dict__.setdefault("guide_versions", {})
    version_id = conversation["guide_version_id"]
    if version_id not in known:
        known[version_id] = db.execute(
            """SELECT g.slug, v.version FROM guide_versions v JOIN guides g ON g.id = v.guide_id
            WHERE v.id = ?""",
            [version_id],
        ).fetchone()
    row = known[version_id]
    return loader.all_guides()[(row[0], row[1])].with_modules(focus.kept(conversation.get("guide_modules")))


def start(conversation: dict[str, Any]) -> None:
    """Start a conversation on the current guide version (a second start changes nothing)."""
    guide = choose_guide(conversation)
    with write_transaction() as db:
        db.execute(
            """UPDATE conversations SET status = 'in_progress', guide_version_id = ?, guide_modules = ?,
            language = ?, started_at = ?, version = version + 1 WHERE id = ? AND status = 'not_started'""",
            [
                version_id(db, guide.slug, guide.version),
                focus.stored(guide.modules),
                conversation["person_language"],
                now(),
                conversation["id"],
            ],
        )


def save_presence(
    conversation_id: int,
    present: list[str],
    language_used: str,
    interpreter_accepted: int | None,
    reason: str,
) -> None:
    with write_transaction() as db:
        db.execute(
            """UPDATE conversations SET present = ?, language_used = ?, interpreter_accepted = ?,
            presence_reason = ?, version = version + 1 WHERE id = ? AND status = 'in_progress'""",
            [json.dumps(present), language_used, interpreter_accepted, reason or None, conversation_id],
        )


def save_consent(conversation_id: int, consent: str, how: str | None, support: str | None) -> None:
    """Record consent. 'no' or 'not today' ends the conversation; nothing else is recorded."""
    with write_transaction() as db:
        if consent == "yes":
            db.execute(
                """UPDATE conversations SET consent = 'yes', consent_how = ?, consent_support = ?,
                version = version + 1 WHERE id = ? AND status = 'in_progress'""",
                [how, support, conversation_id],
            )
        else:
            db.execute("DELETE FROM answers WHERE conversation_id = ?", [conversation_id])
            db.execute(
                """UPDATE conversations SET consent = ?, consent_how = NULL, consent_support = NULL,
                status = 'did_not_take_place', not_held_reason = 'declined', version = version + 1
                WHERE id = ? AND status = 'in_progress'""",
                [consent, conversation_id],
            )


def answers(conversation_id: int) -> dict[str, dict[str, Any]]:
    """Each answered question's record by question key, with its quotes (oldest first)."""
    return _with_quotes("SELECT * FROM answers WHERE conversation_id = ?", [conversation_id])


def _with_quotes(sql: str, params: list[Any]) -> dict[str, dict[str, Any]]:
    db = get_db()
    rows = {row["question_key"]: {**row, "quotes": []} for row in db.query(sql, params)}
    by_id = {row["id"]: row for row in rows.values()}
    if by_id:
        marks = ", ".join("?" for _ in by_id)
        for quote in db.query(f"SELECT * FROM quotes WHERE answer_id IN ({marks}) ORDER BY id", list(by_id)):
            by_id[quote["answer_id"]]["quotes"].append(quote)
    return rows


def answer(conversation_id: int, key: str) -> dict[str, Any] | None:
    """One question's answer, with its quotes (oldest first), or None."""
    found = _with_quotes(
        "SELECT * FROM answers WHERE conversation_id = ? AND question_key = ?", [conversation_id, key]
    )
    return found.get(key)


def save_answer(
    conversation_id: int,
    key: str,
    version: int,
    *,
    rating: str | None = None,
    choice: str | None = None,
    notes: str | None = None,
    skipped: bool | None = None,
    quotes: list[dict[str, Any]] | None = None,
    change_id: str | None = None,
    after_change: str | None = None,
) -> dict[str, Any]:
    """Save one question's answer if `version` is the one stored (0 for none yet), else Conflict.

    A tablet's saves carry `change_id`, made on the tablet. When a save's reply was lost, the tablet
    does not know the new version; its next save names that save as `after_change`, and is accepted
    if the stored answer is still that change (nobody else has changed it since).

    `quotes` lists what the page shows: {"id", "text", "kind", "client_id"}; a shown quote left
    empty is removed, a new one added (once per client_id, so a double click or a background save
    followed by the button adds it once). `skipped` None (a background save) leaves it as it is.
    The same content sent twice (a double click on a button) is not a conflict. Returns the answer.
    """
    with write_transaction() as db:
        found = db.execute(
            """SELECT c.status, a.id, a.version, a.change_id FROM conversations c
            LEFT JOIN answers a ON a.conversation_id = c.id AND a.question_key = ? WHERE c.id = ?""",
            [key, conversation_id],
        ).fetchone()
        if found is None or found[0] != "in_progress":
            raise Conflict(None)
        row = found[1:] if found[1] is not None else None
        stamp = now()
        ours = row is not None and after_change is not None and row[2] == after_change
        if (row[1] if row else 0) != version and not ours:
            current = answer(conversation_id, key)
            if current and _same(current, (rating, choice, notes), quotes):
                return current
            raise Conflict(current)
        values: dict[str, Any] = {
            "rating": rating or None,
            "choice": choice or None,
            "notes": notes or None,
            "updated_at": stamp,
            "change_id": change_id,
        }
        if skipped is not None:
            values["skipped"] = int(skipped)
        if row is None:
            values = {"conversation_id": conversation_id, "question_key": key, "version": 1, **values}
            columns = ", ".join(values)
            cursor = db.execute(
                f"INSERT INTO answers ({columns}) VALUES ({', '.join('?' for _ in values)}) RETURNING *",
                list(values.values()),
            )
        else:
            sets = ", ".join(f"{column} = ?" for column in values)
            cursor = db.execute(
                f"UPDATE answers SET {sets}, version = version + 1 WHERE id = ? RETURNING *",
                [*values.values(), row[0]],
            )
        names = [column[0] for column in cursor.description]
        saved = dict(zip(names, cursor.fetchone(), strict=True))
        if quotes is not None:
            _save_quotes(saved["id"], quotes, stamp)
        saved["quotes"] = list(
            db.query("SELECT * FROM quotes WHERE answer_id = ? ORDER BY id", [saved["id"]])
        )
    return saved


def _same(
    current: dict[str, Any],
    sent: tuple[str | None, str | None, str | None],
    quotes: list[dict[str, Any]] | None,
) -> bool:
    """Is what was sent (rating, choice, notes and quotes) what is stored?"""
    if (current["rating"], current["choice"], current["notes"]) != tuple(value or None for value in sent):
        return False
    if quotes is None:
        return True
    sent = [(q.get("text"), q.get("kind")) for q in quotes if (q.get("text") or "").strip()]
    return sent == [(q["text"], q["kind"]) for q in current["quotes"]]


def _save_quotes(answer_id: int, quotes: list[dict[str, Any]], stamp: str) -> None:
    db = get_db()
    mine: dict[int, str | None] = {
        row[0]: row[1]
        for row in db.execute("SELECT id, client_id FROM quotes WHERE answer_id = ?", [answer_id])
    }
    by_client = {client: quote_id for quote_id, client in mine.items() if client}
    for quote in quotes:
        text = quote.get("text") or ""
        client_id = quote.get("client_id") or None
        quote_id = quote.get("id") if quote.get("id") in mine else by_client.get(client_id)
        if quote_id is not None:
            if text.strip():
                db.execute(
                    "UPDATE quotes SET text = ?, kind = ? WHERE id = ?", [text, quote["kind"], quote_id]
                )
            else:
                db.execute("DELETE FROM quotes WHERE id = ?", [quote_id])
        elif text.strip():
            if client_id and db.execute("SELECT 1 FROM quotes WHERE client_id = ?", [client_id]).fetchone():
                continue  # a client id already used elsewhere is never taken over
            db["quotes"].insert(
                {
                    "answer_id": answer_id,
                    "text": text,
                    "kind": quote["kind"],
                    "client_id": client_id,
                    "created_at": stamp,
                }
            )


def submit(conversation_id: int) -> bool:
    """Submit the conversation; False when it was not in progress (already submitted, say)."""
    with write_transaction() as db:
        cursor = db.execute(
            """UPDATE conversations SET status = 'submitted', submitted_at = ?, version = version + 1
            WHERE id = ? AND status = 'in_progress' AND consent = 'yes'""",
            [now(), conversation_id],
        )
        return cursor.rowcount == 1


def save_reflection(conversation_id: int, noticed: str, change: str) -> None:
    with write_transaction() as db:
        db.execute(
            """UPDATE conversations SET reflection_noticed = ?, reflection_change = ?, version = version + 1
            WHERE id = ? AND status = 'submitted'""",
            [noticed or None, change or None, conversation_id],
        )


def reopen(conversation_id: int) -> None:
    with write_transaction() as db:
        db.execute(
            """UPDATE conversations SET status = 'in_progress', submitted_at = NULL, version = version + 1
            WHERE id = ? AND status = 'submitted' AND withdrawn_at IS NULL""",
            [conversation_id],
        )


# A concern that has been passed on keeps only the fact of it once the person has withdrawn: raised
# when and by whom, whether the person knew, passed on when and by whom. Its words (what was said,
# when, and what was done, which often repeats them) are erased; the safeguarding team that acted on
# it keeps its own record. A concern not yet passed on keeps its words until a PSW records what was
# done: the duty to pass on a worry about someone's safety outweighs erasure.
_ERASE_PASSED_ON_CONCERNS = """UPDATE safeguarding_concerns SET what_was_said = '', when_said = NULL,
    action_taken = '' WHERE conversation_id = ? AND actioned_at IS NOT NULL
    AND conversation_id IN (SELECT id FROM conversations WHERE withdrawn_at IS NOT NULL)"""


def withdraw(conversation_id: int, user_id: int) -> None:
    """The person withdrew: erase what they said, what was noted about them and the reflections
    about them, in one transaction, then from the database files too (coproduce/erasure.py).

    What remains is that a withdrawal happened, when, and who recorded it; no content, except the
    words of a safeguarding concern not yet passed on (see `_ERASE_PASSED_ON_CONCERNS`).
    """
    with write_transaction() as db:
        db.execute("DELETE FROM answers WHERE conversation_id = ?", [conversation_id])  # quotes cascade
        db.execute(
            """UPDATE conversations SET reflection_noticed = NULL, reflection_change = NULL,
            presence_reason = NULL, consent_support = NULL, not_held_note = NULL, withdrawn_at = ?,
            withdrawn_by = ?, version = version + 1 WHERE id = ? AND withdrawn_at IS NULL""",
            [now(), user_id, conversation_id],
        )
        db.execute(
            """UPDATE participants SET access_notes = NULL, dialect = NULL
            WHERE id = (SELECT participant_id FROM conversations WHERE id = ?)""",
            [conversation_id],
        )
        db.execute(_ERASE_PASSED_ON_CONCERNS, [conversation_id])
    forget_old_copies(db)


# Safeguarding concerns: separate from the answers; the expert by experience cannot delete them.


def raise_concern(
    conversation_id: int,
    user_id: int,
    what_was_said: str,
    when_said: str,
    person_knows: str,
    change_id: str | None = None,
) -> int:
    """Record a concern; sent again from a tablet with the same `change_id`, it is recorded once."""
    with write_transaction() as db:
        if change_id and (
            known := db.execute(
                "SELECT id FROM safeguarding_concerns WHERE change_id = ? AND conversation_id = ?",
                [change_id, conversation_id],
            ).fetchone()
        ):
            return int(known[0])
        return (
            db["safeguarding_concerns"]
            .insert(
                {
                    "conversation_id": conversation_id,
                    "raised_by": user_id,
                    "raised_at": now(),
                    "what_was_said": what_was_said,
                    "when_said": when_said or None,
                    "person_knows": person_knows,
                    "change_id": change_id,
                }
            )
            .last_pk
        )


def concerns(conversation_id: int) -> list[dict[str, Any]]:
    return list(
        get_db().query(
            """SELECT s.*, raiser.name AS raised_by_name, actor.name AS actioned_by_name
            FROM safeguarding_concerns s JOIN users raiser ON raiser.id = s.raised_by
            LEFT JOIN users actor ON actor.id = s.actioned_by
            WHERE s.conversation_id = ? ORDER BY s.raised_at""",
            [conversation_id],
        )
    )


def _team_scope(user: User) -> tuple[str, list[Any]]:
    """SQL limiting participants `p` to the reviews this PSW is on (all, for a coordinator)."""
    if user.role == Role.COORDINATOR:
        return "1 = 1", []
    return "p.review_id IN (SELECT review_id FROM review_members WHERE user_id = ?)", [user.id]


def open_concerns(user: User) -> list[dict[str, Any]]:
    """Concerns no PSW has acted on yet, in the reviews this PSW is on (all, for a coordinator)."""
    if user.role not in (Role.PSW, Role.COORDINATOR):
        return []
    scope, params = _team_scope(user)
    return list(
        get_db().query(
            f"""SELECT s.id, s.raised_at, s.conversation_id, p.reference, councils.name AS council_name
            FROM safeguarding_concerns s JOIN conversations c ON c.id = s.conversation_id
            JOIN participants p ON p.id = c.participant_id JOIN reviews ON reviews.id = p.review_id
            JOIN councils ON councils.id = reviews.council_id
            WHERE s.actioned_at IS NULL AND {scope} ORDER BY s.raised_at""",
            params,
        )
    )


def record_action(conversation_id: int, concern_id: int, user_id: int, action: str) -> bool:
    """Record what was done; if the person has withdrawn, the concern's words go now that it is
    passed on."""
    with write_transaction() as db:
        cursor = db.execute(
            """UPDATE safeguarding_concerns SET action_taken = ?, actioned_by = ?, actioned_at = ?
            WHERE id = ? AND conversation_id = ? AND actioned_at IS NULL""",
            [action, user_id, now(), concern_id, conversation_id],
        )
        erased = db.execute(_ERASE_PASSED_ON_CONCERNS, [conversation_id]).rowcount
    if erased:
        forget_old_copies(db)
    return cursor.rowcount == 1


def review_conversations(user: User, review_id: int) -> list[dict[str, Any]]:
    scope, params = _team_scope(user)
    return list(
        get_db().query(
            f"""SELECT c.id, c.status, c.withdrawn_at, p.reference, p.language,
            interviewer.name AS interviewer_name,
            (SELECT count(*) FROM safeguarding_concerns s WHERE s.conversation_id = c.id
             AND s.actioned_at IS NULL) AS open_concerns
            FROM {FROM} WHERE p.review_id = ? AND {scope} ORDER BY p.reference""",
            [review_id, *params],
        )
    )


# An expert by experience's conversations, as their home page lists them (the first parameter, ?1,
# is the expert's id). Found through the two interviewer indexes: `? IN (c.interviewer_id,
# c.second_interviewer_id)` can use neither, and read every conversation in the country (35 ms).
HELD_BY = """FROM conversations c JOIN participants p ON p.id = c.participant_id
    JOIN reviews ON reviews.id = p.review_id JOIN councils ON councils.id = reviews.council_id
    WHERE c.id IN (SELECT id FROM conversations WHERE interviewer_id = ?1
                   UNION ALL SELECT id FROM conversations WHERE second_interviewer_id = ?1)
    AND c.withdrawn_at IS NULL"""
LISTED = """c.id, c.status, c.planned_at, c.version, p.reference, p.language, p.dialect,
    p.contact_mode, p.needs, p.access_notes, p.is_carer, councils.name AS council_name"""
OPEN = "c.status IN ('not_started', 'in_progress')"
FINISHED_PAGE_SIZE = 20


def to_hold(user: User, limit: int = -1) -> list[dict[str, Any]]:
    """The conversations this expert by experience still has to hold (or co-hold): those under way
    first, then the soonest, then those not planned yet. `limit` keeps the first ones only."""
    return list(
        get_db().query(
            f"""SELECT {LISTED} {HELD_BY} AND {OPEN}
            ORDER BY c.status = 'in_progress' DESC, c.planned_at IS NULL, c.planned_at, c.id LIMIT ?""",
            [user.id, limit],
        )
    )


def finished(user: User, number: int) -> Page:
    """One page of the conversations this expert by experience has finished (answers sent, or it
    did not take place), the latest first."""
    return page_of(
        f"""SELECT {LISTED} {HELD_BY} AND NOT {OPEN}
        ORDER BY coalesce(c.submitted_at, c.planned_at) DESC, c.id DESC""",
        [user.id],
        number,
        FINISHED_PAGE_SIZE,
    )
