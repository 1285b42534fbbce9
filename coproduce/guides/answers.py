"""The answers a guide question offers, each with its words and its OpenMoji picture.

Faces are stored as a rating (codes.RATINGS), the other closed answers as a choice
(codes.CHOICES, or a "choose" question's own options). Every device draws the same pictures:
they are OpenMoji SVGs, never the device's emoji font.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext

from coproduce.codes import CHOICES, LABELS, RATINGS
from coproduce.guides.model import Question

# The five faces with their words (LABELS["rating"]), and "not sure" and "prefer not to say".
FACES = {
    "5": "1F600",
    "4": "1F642",
    "3": "1F610",
    "2": "1F641",
    "1": "1F61E",
    "not_sure": "1F914",
    "prefer_not": "1F910",
}
# The pictures of the fixed choices (LABELS["choice"]): literal marks, the same "not sure" and
# "prefer not to say" faces as the rating.
CHOICE_PICTURES = {
    "yes": "2705",
    "no": "274C",
    "better": "2B06",
    "same": "1F7F0",
    "worse": "2B07",
    "not_sure": FACES["not_sure"],
    "prefer_not": FACES["prefer_not"],
}
# The faces in the order they are offered: best first.
FACE_ORDER = tuple(sorted(RATINGS, key=lambda code: -int(code) if code.isdigit() else 0))


def choice_codes(question: Question) -> tuple[str, ...]:
    """The choices a question takes, in order; none for faces (a rating) or talk."""
    if question.answer_type == "choose":
        return (*(option.key for option in question.options), *CHOICES["choose"])
    return CHOICES.get(question.answer_type, ())


def picture(question: Question | None, kind: str, code: str | None) -> str:
    """The OpenMoji hexcode for an answer: kind "rating" (a face) or "choice"."""
    if not code:
        return ""
    if kind == "rating":
        return FACES.get(code, "")
    if question is not None:
        for option in question.options:
            if option.key == code:
                return option.picture
    return CHOICE_PICTURES.get(code, "")


def english(question: Question | None, kind: str, code: str) -> str:
    """An answer's English words, as the guide file or codes.py has them."""
    if question is not None and kind == "choice":
        for option in question.options:
            if option.key == code:
                return option.text
    table = LABELS["rating" if kind == "rating" else "choice"]
    with force_locale("en"):
        return str(table.get(code, code))


def words(question: Question | None, kind: str, code: str | None) -> str:
    """An answer's words in the page's language (an unknown code is shown as it is)."""
    if not code:
        return ""
    if question is not None and kind == "choice":
        for option in question.options:
            if option.key == code:
                return gettext(option.text)
    table = LABELS["rating" if kind == "rating" else "choice"]
    return str(table.get(code, code))
