"""Load and check the guide files. A file with any error is refused whole, never half-loaded."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from coproduce.guides.model import (
    ANSWER_TYPES,
    CQC_QUALITY_STATEMENTS,
    MAKING_IT_REAL_THEMES,
    Guide,
    Point,
    Question,
)
from coproduce.text import allowed

GUIDES_DIR = Path(__file__).resolve().parent.parent.parent / "guides"


class GuideError(ValueError):
    """A guide file is wrong; the message names the file, the question and the field."""


def _check_characters(value: str, field: str, where: str) -> None:
    """The text rule every door applies (coproduce/text.py)."""
    if not allowed(value):
        raise GuideError(
            f"{where}: '{field}' has a control character, a noncharacter or a lone surrogate in it"
        )


def _text(data: dict[str, Any], field: str, where: str, required: bool = True) -> str:
    value = data.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise GuideError(f"{where}: '{field}' must be {'non-empty ' if required else ''}text")
    _check_characters(value, field, where)
    return value.strip()


def _texts(data: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = data.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GuideError(f"{where}: '{field}' must be a list of non-empty texts")
    for item in value:
        _check_characters(item, field, where)
    return tuple(v.strip() for v in value)


def _points(data: dict[str, Any], field: str, where: str) -> tuple[Point, ...]:
    items = data.get(field)
    if not isinstance(items, list) or not items:
        raise GuideError(f"{where}: '{field}' must be a non-empty list of [[{field}]] tables")
    return tuple(
        Point(
            text=_text(item, "text", f"{where}, {field} {n}"),
            picture=_text(item, "picture", f"{where}, {field} {n}"),
            alt=_text(item, "alt", f"{where}, {field} {n}"),
        )
        for n, item in enumerate(items, start=1)
    )


def _question(item: dict[str, Any], where: str) -> Question:
    key = _text(item, "key", where)
    where = f"{where} '{key}'"
    answers = _texts(item, "answers", where)
    if not answers or set(answers) - set(ANSWER_TYPES):
        raise GuideError(f"{where}: 'answers' must list some of {', '.join(ANSWER_TYPES)}")
    cqc = _texts(item, "cqc", where)
    if not cqc or set(cqc) - set(CQC_QUALITY_STATEMENTS):
        raise GuideError(
            f"{where}: 'cqc' must list CQC quality statements from {', '.join(CQC_QUALITY_STATEMENTS)}"
        )
    mir = _text(item, "making_it_real", where)
    if mir not in MAKING_IT_REAL_THEMES:
        raise GuideError(f"{where}: 'making_it_real' must be one of {', '.join(MAKING_IT_REAL_THEMES)}")
    return Question(
        key=key,
        text=_text(item, "text", where),
        picture=_text(item, "picture", where),
        alt=_text(item, "alt", where),
        answers=answers,
        cqc=cqc,
        making_it_real=mir,
        prompts=_texts(item, "prompts", where),
        interpreter_note=_text(item, "interpreter_note", where, required=False),
    )


def parse_guide(path: Path) -> Guide:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GuideError(f"{where}: not valid TOML ({error})") from error
    slug = _text(data, "slug", where)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise GuideError(f"{where}: 'version' must be a whole number from 1")
    audience = _text(data, "audience", where)
    if audience not in ("person", "carer"):
        raise GuideError(f"{where}: 'audience' must be 'person' or 'carer'")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise GuideError(f"{where}: a guide needs [[questions]]")
    parsed = tuple(_question(item, f"{where}, question {n}") for n, item in enumerate(questions, start=1))
    keys = [q.key for q in parsed]
    if len(keys) != len(set(keys)):
        raise GuideError(f"{where}: question keys must be unique")
    return Guide(
        slug=slug,
        version=version,
        audience=audience,
        title=_text(data, "title", where),
        purpose=_points(data, "purpose", where),
        consent=_points(data, "consent", where),
        questions=parsed,
        what_happens_next=_points(data, "what_happens_next", where),
        thank_you=_text(data, "thank_you", where),
        source=str(path.relative_to(GUIDES_DIR.parent) if path.is_relative_to(GUIDES_DIR.parent) else path),
    )


@cache
def all_guides() -> dict[tuple[str, int], Guide]:
    """Every guide version, by (slug, version). Any error stops the load with GuideError."""
    guides: dict[tuple[str, int], Guide] = {}
    for path in sorted(GUIDES_DIR.glob("*/v*.toml")):
        guide = parse_guide(path)
        if path.parent.name != guide.slug or path.stem != f"v{guide.version}":
            raise GuideError(f"{path.name}: must live at guides/{guide.slug}/v{guide.version}.toml")
        guides[(guide.slug, guide.version)] = guide
    return guides


def latest(slug: str) -> Guide:
    versions = [g for (s, _v), g in all_guides().items() if s == slug]
    if not versions:
        raise KeyError(slug)
    return max(versions, key=lambda g: g.version)


def content_hash(guide: Guide) -> str:
    return hashlib.sha256((GUIDES_DIR.parent / guide.source).read_bytes()).hexdigest()
