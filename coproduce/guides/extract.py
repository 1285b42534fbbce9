"""A Babel extractor for guide files, so `pybabel extract` collects guide text with the interface's.

babel.cfg maps guides/**.toml to this function.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coproduce.guides.model import Guide, Module, Question

# Guide files' fields (and the privacy notice's summary), then interpreting.toml's
# (see coproduce/guides/interpreting.py).
TRANSLATABLE = {"title", "thank_you", "text", "alt", "interpreter_note", "prompts", "summary"} | {
    "name",
    "dialect",
    "for_interpreter",
    "for_interviewer",
    "consent_script",
    "answer_faces",
}


def _walk(value: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    elif isinstance(value, str) and key in TRANSLATABLE and value.strip():
        yield value.strip()


def extract_guide(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for text in _walk(data):
        yield 0, "gettext", text, []


def guide_messages(guide: Guide) -> list[str]:
    """Every translatable text of a loaded guide (the same texts the extractor collects)."""
    texts = [guide.title, guide.thank_you]
    for point in (*guide.purpose, *guide.consent, *guide.what_happens_next):
        texts += [point.text, point.alt]
    for question in guide.questions:
        texts += _question_messages(question)
    return list(dict.fromkeys(texts))


def module_messages(module: Module) -> list[str]:
    """Every translatable text of a focus module."""
    texts = [module.title]
    for question in module.questions:
        texts += _question_messages(question)
    return list(dict.fromkeys(texts))


def _question_messages(question: Question) -> list[str]:
    texts = [question.text, question.alt]
    for item in (*question.points, *question.prompts, *question.options):
        texts += [item.text, item.alt] if item.alt else [item.text]
    if question.interpreter_note:
        texts.append(question.interpreter_note)
    return texts
