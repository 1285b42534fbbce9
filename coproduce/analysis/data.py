"""The numbers of a review's conversations: the questions asked, the dashboard and the equity view.

Every function takes a review the caller has already scoped with `reviews.data.review_for`.
Aggregates are grouped queries over the whole review, never one query per conversation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from coproduce.capture.held import FROM_REVIEW, HELD, joined
from coproduce.codes import MAIN_GUIDE, RATINGS, label
from coproduce.db import get_db
from coproduce.guides import focus
from coproduce.guides.loader import all_guides, latest
from coproduce.i18n import language_name
from coproduce.reviews.data import conversation_counts

# From a coding (cd) to the answer (a) it is on, directly or through its quote (q).
CODED_ANSWER = (
    "LEFT JOIN quotes q ON q.id = cd.quote_id JOIN answers a ON a.id = coalesce(cd.answer_id, q.answer_id)"
)


def questions(review_id: int, db: Database | None = None) -> list[tuple[str, str]]:
    """(key, English text) of every question this review's conversations used, in guide order.

    Keys come from the guide versions the conversations were held with (never hard-coded); the
    latest version of the main guide gives the order, older keys follow.
    """
    versions = list(
        (db or get_db()).query(
            f"""SELECT DISTINCT g.slug, v.version, c.guide_modules FROM {FROM_REVIEW}
            JOIN guide_versions v ON v.id = c.guide_version_id JOIN guides g ON g.id = v.guide_id
            WHERE p.review_id = ? ORDER BY v.version DESC""",
            [review_id],
        )
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
    for row in versions:  # the focus modules' questions follow the guides'
        for module in focus.kept(row["guide_modules"]):
            for question in module.questions:
                ordered.setdefault(question.key, question.text)
    return list(ordered.items())


def question_texts(review_id: int, db: Database | None = None) -> dict[str, str]:
    return dict(questions(review_id, db))


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


def answer_counts(review_id: int, column: str) -> dict[str, dict[str, int]]:
    """For each question key, how many people gave each answer in `column` ("rating", a face, or
    "choice": yes / no, better / same / worse, a short list). A person answers a question once:
    answers are unique by conversation and question, so their count is the people's (read from the
    answers_rating index, which holds both columns)."""
    if column not in ("rating", "choice"):
        raise ValueError(column)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in get_db().query(
        f"""SELECT a.question_key, a.{column} AS answer, count(*) AS people FROM answers a
        {joined("a.conversation_id")}
        WHERE p.review_id = ? AND {HELD} AND a.{column} IS NOT NULL
        GROUP BY a.question_key, a.{column}""",
        [review_id],
    ):
        counts[row["question_key"]][row["answer"]] = row["people"]
    return counts


def bar_width(count: int, total: int) -> int:
    """A bar's width as a percentage of the chart's, in steps of 5%."""
    return round(count * 20 / total) * 5


def rating_charts(review_id: int, asked: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One chart a question of `asked` (the review's `questions`): each rating's people and bar
    width."""
    counts = answer_counts(review_id, "rating")
    charts = []
    for key, text in asked:
        given = counts.get(key, {})
        total = sum(given.values())
        if not total:
            continue
        scored = [int(r) * n for r, n in given.items() if r.isdigit()]
        scored_people = sum(n for r, n in given.items() if r.isdigit())
        bars = [
            {"rating": r, "people": given.get(r, 0), "width": bar_width(given.get(r, 0), total)}
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


def status_counts(review_id: int) -> dict[str, int]:
    """How many of the review's conversations are in each status."""
    return conversation_counts([review_id])[review_id]


def value_label(dimension: str, value: str | None) -> str:
    """The words for a group of the dashboard's mix or the equity view (a language, a mode, yes/no)."""
    if dimension == "language":
        return language_name(value)
    if dimension == "mode":
        return label("contact_mode", value)
    return label("yes_no", value)
