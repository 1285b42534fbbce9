"""Load and check the guide files. A file with any error is refused whole, never half-loaded.

guides/<slug>/v<N>.toml are the guides; guides/modules/<slug>/v<N>.toml the focus modules (extra
questions a review adds for its focus). `edition = 2` marks the second edition of the format
(see model.py); a file without it is edition 1.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from coproduce.guides.model import (
    ANSWER_TYPES,
    ANSWERS,
    CQC_QUALITY_STATEMENTS,
    MAKING_IT_REAL_THEMES,
    Guide,
    Module,
    Option,
    Point,
    Question,
    answers_for,
)
from coproduce.text import allowed

GUIDES_DIR = Path(__file__).resolve().parent.parent.parent / "guides"
MODULES_DIR = GUIDES_DIR / "modules"
EDITIONS = (1, 2)


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


def _points(data: dict[str, Any], field: str, where: str, required: bool = True) -> tuple[Point, ...]:
    items = data.get(field, None if required else [])
    if not isinstance(items, list) or (required and not items):
        raise GuideError(f"{where}: '{field}' must be a non-empty list of [[{field}]] tables")
    if not all(isinstance(item, dict) for item in items):
        raise GuideError(f"{where}: '{field}' must be a list of tables with text, picture and alt")
    return tuple(
        Point(
            text=_text(item, "text", f"{where}, {field} {n}"),
            picture=_text(item, "picture", f"{where}, {field} {n}"),
            alt=_text(item, "alt", f"{where}, {field} {n}"),
        )
        for n, item in enumerate(items, start=1)
    )


def _options(item: dict[str, Any], where: str) -> tuple[Option, ...]:
    items = item.get("options", [])
    if not isinstance(items, list) or not all(isinstance(o, dict) for o in items):
        raise GuideError(f"{where}: 'options' must be a list of tables with key, text, picture and alt")
    options = tuple(
        Option(
            key=_text(o, "key", f"{where}, option {n}"),
            text=_text(o, "text", f"{where}, option {n}"),
            picture=_text(o, "picture", f"{where}, option {n}"),
            alt=_text(o, "alt", f"{where}, option {n}"),
        )
        for n, o in enumerate(items, start=1)
    )
    if len({o.key for o in options}) != len(options):
        raise GuideError(f"{where}: option keys must be unique")
    return options


def _mapping(item: dict[str, Any], where: str) -> tuple[tuple[str, ...], str]:
    cqc = _texts(item, "cqc", where)
    if not cqc or set(cqc) - set(CQC_QUALITY_STATEMENTS):
        raise GuideError(
            f"{where}: 'cqc' must list CQC quality statements from {', '.join(CQC_QUALITY_STATEMENTS)}"
        )
    mir = _text(item, "making_it_real", where)
    if mir not in MAKING_IT_REAL_THEMES:
        raise GuideError(f"{where}: 'making_it_real' must be one of {', '.join(MAKING_IT_REAL_THEMES)}")
    return cqc, mir


def _question(item: dict[str, Any], where: str, edition: int) -> Question:
    key = _text(item, "key", where)
    where = f"{where} '{key}'"
    cqc, mir = _mapping(item, where)
    common = {
        "key": key,
        "text": _text(item, "text", where),
        "picture": _text(item, "picture", where),
        "alt": _text(item, "alt", where),
        "cqc": cqc,
        "making_it_real": mir,
        "interpreter_note": _text(item, "interpreter_note", where, required=False),
    }
    if edition == 1:
        answers = _texts(item, "answers", where)
        if not answers or set(answers) - set(ANSWERS):
            raise GuideError(f"{where}: 'answers' must list some of {', '.join(ANSWERS)}")
        prompts = tuple(Point(text, "", "") for text in _texts(item, "prompts", where))
        kind = "faces" if "rating" in answers else "talk"
        return Question(**common, answers=answers, prompts=prompts, answer_type=kind)
    if "answers" in item:
        raise GuideError(f"{where}: edition 2 has 'answer_type' instead of 'answers'")
    kind = _text(item, "answer_type", where)
    if kind not in ANSWER_TYPES:
        raise GuideError(f"{where}: 'answer_type' must be one of {', '.join(ANSWER_TYPES)}")
    options = _options(item, where)
    if (kind == "choose") != bool(options):
        raise GuideError(f"{where}: a 'choose' question, and only one, has 2 to 6 [[options]]")
    if options and not 2 <= len(options) <= 6:
        raise GuideError(f"{where}: a 'choose' question has 2 to 6 [[options]]")
    return Question(
        **common,
        answers=answers_for(kind),
        answer_type=kind,
        points=_points(item, "points", where, required=False),
        prompts=_points(item, "prompts", where, required=False),
        options=options,
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GuideError(f"{path.name}: not valid TOML ({error})") from error


def _head(data: dict[str, Any], where: str) -> tuple[str, int, int]:
    slug = _text(data, "slug", where)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise GuideError(f"{where}: 'version' must be a whole number from 1")
    edition = data.get("edition", 1)
    if edition not in EDITIONS:
        raise GuideError(f"{where}: 'edition' must be 1 or 2")
    return slug, version, edition


def _questions(data: dict[str, Any], where: str, edition: int) -> tuple[Question, ...]:
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise GuideError(f"{where}: a guide needs [[questions]]")
    parsed = tuple(
        _question(item, f"{where}, question {n}", edition) for n, item in enumerate(questions, start=1)
    )
    keys = [q.key for q in parsed]
    if len(keys) != len(set(keys)):
        raise GuideError(f"{where}: question keys must be unique")
    return parsed


def _source(path: Path) -> str:
    return str(path.relative_to(GUIDES_DIR.parent) if path.is_relative_to(GUIDES_DIR.parent) else path)


def parse_guide(path: Path) -> Guide:
    where = path.name
    data = _load(path)
    slug, version, edition = _head(data, where)
    audience = _text(data, "audience", where)
    if audience not in ("person", "carer"):
        raise GuideError(f"{where}: 'audience' must be 'person' or 'carer'")
    return Guide(
        slug=slug,
        version=version,
        audience=audience,
        title=_text(data, "title", where),
        purpose=_points(data, "purpose", where),
        consent=_points(data, "consent", where),
        questions=_questions(data, where, edition),
        what_happens_next=_points(data, "what_happens_next", where),
        thank_you=_text(data, "thank_you", where),
        source=_source(path),
        edition=edition,
    )


def parse_module(path: Path) -> Module:
    where = path.name
    data = _load(path)
    slug, version, edition = _head(data, where)
    if edition != 2:
        raise GuideError(f"{where}: a focus module is edition 2")
    questions = _questions(data, where, edition)
    if not 4 <= len(questions) <= 6:
        raise GuideError(f"{where}: a focus module has 4 to 6 questions")
    return Module(slug, version, _text(data, "title", where), questions, _source(path))


def _placed(path: Path, slug: str, version: int, parent: Path) -> None:
    if path.parent != parent / slug or path.stem != f"v{version}":
        where = path.parent.parent.relative_to(GUIDES_DIR.parent)
        raise GuideError(f"{path.name}: must live at {where}/{slug}/v{version}.toml")


@cache
def all_guides() -> dict[tuple[str, int], Guide]:
    """Every guide version, by (slug, version). Any error stops the load with GuideError."""
    guides: dict[tuple[str, int], Guide] = {}
    for path in sorted(GUIDES_DIR.glob("*/v*.toml")):
        if path.parent.parent != GUIDES_DIR or path.parent == MODULES_DIR:
            continue
        guide = parse_guide(path)
        _placed(path, guide.slug, guide.version, GUIDES_DIR)
        guides[(guide.slug, guide.version)] = guide
    return guides


@cache
def all_modules() -> dict[tuple[str, int], Module]:
    """Every focus module version, by (slug, version). A module's keys never clash with a guide's."""
    modules: dict[tuple[str, int], Module] = {}
    guide_keys = {q.key for guide in all_guides().values() for q in guide.questions}
    for path in sorted(MODULES_DIR.glob("*/v*.toml")):
        module = parse_module(path)
        _placed(path, module.slug, module.version, MODULES_DIR)
        clash = guide_keys & {q.key for q in module.questions}
        if clash:
            raise GuideError(f"{path.name}: question keys also in a guide: {', '.join(sorted(clash))}")
        modules[(module.slug, module.version)] = module
    return modules


def latest(slug: str) -> Guide:
    versions = [g for (s, _v), g in all_guides().items() if s == slug]
    if not versions:
        raise KeyError(slug)
    return max(versions, key=lambda g: g.version)


def latest_module(slug: str) -> Module:
    versions = [m for (s, _v), m in all_modules().items() if s == slug]
    if not versions:
        raise KeyError(slug)
    return max(versions, key=lambda m: m.version)


def module_slugs() -> list[str]:
    return sorted({slug for slug, _v in all_modules()})


def content_hash(guide: Guide | Module) -> str:
    return hashlib.sha256((GUIDES_DIR.parent / guide.source).read_bytes()).hexdigest()
