"""The answers people chose, counted: yes / no, better / same / worse and "choose from a short list"
(guides' second edition, stored in answers.choice), one chart a question, for the review dashboard
and the report's charts (as the faces are counted in data.rating_charts).

Every function takes a review the caller has already scoped with `reviews.data.review_for`. One
grouped query over the whole review, never one a conversation.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from coproduce.analysis.data import answer_counts, bar_width
from coproduce.guides import answers
from coproduce.guides.loader import all_guides, all_modules
from coproduce.guides.model import Question


@cache
def choice_questions() -> dict[str, Question]:
    """Every question answered with a choice, by key (the newest guide or module version that asks it
    so wins: a key keeps its meaning across versions)."""
    found: dict[str, Question] = {}
    versions = sorted(all_guides().items(), key=lambda item: item[0][1])
    for _key, guide in versions:
        found.update((q.key, q) for q in guide.questions if answers.choice_codes(q))
    for _key, module in sorted(all_modules().items(), key=lambda item: item[0][1]):
        found.update((q.key, q) for q in module.questions if answers.choice_codes(q))
    return found


def choice_charts(review_id: int, asked: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One chart a question of `asked` (the review's `questions`) answered with a choice, in guide
    order: each answer's code, words (in the page's language), people and bar width. An answer
    nobody chose is a bar of 0; a stored code the guide no longer offers is shown as it is, after
    the others."""
    counts = answer_counts(review_id, "choice")
    choosing = choice_questions()
    charts = []
    for key, text in asked:
        given, question = counts.get(key, {}), choosing.get(key)
        total = sum(given.values())
        if not total or question is None:
            continue
        codes = [
            *answers.choice_codes(question),
            *(c for c in given if c not in answers.choice_codes(question)),
        ]
        bars = [
            {
                "choice": code,
                "label": answers.words(question, "choice", code),
                "english": answers.english(question, "choice", code),
                "people": given.get(code, 0),
                "width": bar_width(given.get(code, 0), total),
            }
            for code in codes
        ]
        charts.append(
            {"key": key, "text": text, "answer_type": question.answer_type, "people": total, "bars": bars}
        )
    return charts
