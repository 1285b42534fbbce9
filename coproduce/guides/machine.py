"""A guide as data, for councils' own systems and for checking: `coproduce guide-pack --format json`.

The guide as the person meets it, in one language: each question with its key, its sentence, its
answer type, its picture, its points (explanations) and the answers it offers, each with a picture.
Pictures are OpenMoji hexcodes (served by the app at /pictures/<hexcode>.svg).
"""

from __future__ import annotations

import json
from typing import Any

from coproduce.guides import answers
from coproduce.guides.model import Guide, Point, Question
from coproduce.guides.notice import notice
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES


def _points(items: tuple[Point, ...], code: str) -> list[dict[str, str]]:
    return [
        {"text": in_language(p.text, code), "picture": p.picture, "alt": in_language(p.alt, code)}
        for p in items
    ]


def _answers(question: Question, code: str) -> list[dict[str, str]]:
    if question.answer_type == "faces":
        kind, codes = "rating", answers.FACE_ORDER
    else:
        kind, codes = "choice", answers.choice_codes(question)
    out = []
    for value in codes:
        english = answers.english(question, kind, value)
        out.append(
            {
                "code": value,
                "text": in_language(english, code),
                "picture": answers.picture(question, kind, value),
            }
        )
    return out


def guide_data(guide: Guide, code: str) -> dict[str, Any]:
    """The guide in language `code` as plain data (call inside a request context), with the
    privacy notice the person is given with it."""
    privacy = notice()
    return {
        "guide": guide.slug,
        "version": guide.version,
        "edition": guide.edition,
        "language": code,
        "direction": "rtl" if LANGUAGES[code].rtl else "ltr",
        "modules": [{"module": m.slug, "version": m.version} for m in guide.modules],
        "title": in_language(guide.title, code),
        "purpose": _points(guide.purpose, code),
        "consent": _points(guide.consent, code),
        "questions": [
            {
                "key": q.key,
                "question": in_language(q.text, code),
                "answer_type": q.answer_type,
                "picture": q.picture,
                "alt": in_language(q.alt, code),
                "points": _points(q.points, code),
                "answers": _answers(q, code),
                "prompts": _points(q.prompts, code) if all(p.picture for p in q.prompts) else [],
                "cqc": list(q.cqc),
                "making_it_real": q.making_it_real,
            }
            for q in guide.questions
        ],
        "what_happens_next": _points(guide.what_happens_next, code),
        "thank_you": in_language(guide.thank_you, code),
        "privacy_notice": {
            "title": in_language(privacy.title, code),
            "summary": in_language(privacy.summary, code),
            "sections": [
                {"title": in_language(s.title, code), "points": _points(s.points, code)}
                for s in privacy.sections
            ],
        },
    }


def render_json(guide: Guide, code: str) -> bytes:
    return json.dumps(guide_data(guide, code), ensure_ascii=False, indent=2).encode("utf-8")
