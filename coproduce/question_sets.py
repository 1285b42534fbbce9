"""Question sets as versioned data files, like the guides: the case file audit template, the prompts
for practitioner and manager sessions, and the council's self-assessment.

Each lives at evidence/<kind>/<slug>/v<N>.toml: a title and sections, each section a title and
questions (a key, the text, and for an audit the CQC quality statements it speaks to). The texts are
English; `pybabel extract` collects them (babel.cfg maps evidence/**.toml to the guides' extractor),
so pages show them through gettext. A file with any error is refused whole.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coproduce.guides.model import CQC_QUALITY_STATEMENTS

EVIDENCE_DIR = Path(__file__).resolve().parent.parent / "evidence"
KINDS = ("audit", "sessions", "self-assessment")
# Every set a review uses unless it says otherwise: the region's own.
REGIONAL = "regional"


class QuestionSetError(ValueError):
    """A question set file is wrong; the message names the file and the field."""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    cqc: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    kind: str
    slug: str
    version: int
    title: str
    sections: tuple[Section, ...]

    def questions(self) -> list[tuple[Section, Question]]:
        """Every question with its section, in the file's order."""
        return [(section, q) for section in self.sections for q in section.questions]

    def texts(self) -> dict[str, str]:
        """Each question's English text by its key."""
        return {q.key: q.text for _section, q in self.questions()}


def _text(data: dict[str, Any], field: str, where: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise QuestionSetError(f"{where}: '{field}' must be non-empty text")
    return value.strip()


def _question(data: dict[str, Any], where: str) -> Question:
    key = _text(data, "key", where)
    cqc = data.get("cqc", [])
    if not isinstance(cqc, list) or set(cqc) - set(CQC_QUALITY_STATEMENTS):
        raise QuestionSetError(f"{where} '{key}': 'cqc' must list CQC quality statements")
    return Question(key=key, text=_text(data, "text", f"{where} '{key}'"), cqc=tuple(cqc))


def parse(kind: str, path: Path) -> QuestionSet:
    where = f"{kind}/{path.parent.name}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise QuestionSetError(f"{where}: not valid TOML ({error})") from error
    version = data.get("version")
    if not isinstance(version, int) or version < 1 or path.stem != f"v{version}":
        raise QuestionSetError(f"{where}: 'version' must be a whole number from 1, as in the file name")
    sections = []
    for n, section in enumerate(data.get("sections") or [], start=1):
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            raise QuestionSetError(f"{where}, section {n}: a section needs [[sections.questions]]")
        sections.append(
            Section(
                key=_text(section, "key", f"{where}, section {n}"),
                title=_text(section, "title", f"{where}, section {n}"),
                questions=tuple(_question(q, f"{where}, section {n}") for q in questions),
            )
        )
    if not sections:
        raise QuestionSetError(f"{where}: a question set needs [[sections]]")
    parsed = QuestionSet(kind, path.parent.name, version, _text(data, "title", where), tuple(sections))
    keys = [q.key for _s, q in parsed.questions()]
    if len(keys) != len(set(keys)):
        raise QuestionSetError(f"{where}: question keys must be unique")
    return parsed


@cache
def all_sets() -> dict[tuple[str, str, int], QuestionSet]:
    """Every question set, by (kind, slug, version)."""
    found = {}
    for kind in KINDS:
        for path in sorted((EVIDENCE_DIR / kind).glob("*/v*.toml")):
            parsed = parse(kind, path)
            found[(kind, parsed.slug, parsed.version)] = parsed
    return found


def latest(kind: str, slug: str = REGIONAL) -> QuestionSet:
    versions = [s for (k, sl, _v), s in all_sets().items() if k == kind and sl == slug]
    if not versions:
        raise KeyError(f"{kind}/{slug}")
    return max(versions, key=lambda s: s.version)


def version_of(kind: str, slug: str, version: int) -> QuestionSet:
    """The set a stored record was made with (falling back to the latest if its file is gone)."""
    return all_sets().get((kind, slug, version)) or latest(kind, slug)
