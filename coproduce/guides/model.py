"""A guide version as the app uses it, loaded from a TOML file under guides/ (see loader.py).

Every text field holds English source text; it is shown in another language with `in_language`
(guide text goes through the same gettext catalogues as the interface).
"""

from __future__ import annotations

from dataclasses import dataclass

CQC_QUALITY_STATEMENTS = (
    "assessing_needs",
    "supporting_healthier_lives",
    "equity_in_experience_and_outcomes",
    "care_provision_integration_continuity",
    "partnerships_and_communities",
    "safe_systems_pathways_transitions",
    "safeguarding",
    "governance_management_sustainability",
    "learning_improvement_innovation",
)
MAKING_IT_REAL_THEMES = (
    "wellbeing_and_independence",
    "information_and_advice",
    "active_and_supportive_communities",
    "flexible_and_integrated_care",
    "when_things_need_to_change",
    "workforce",
)
ANSWER_TYPES = ("rating", "notes", "quotes")


@dataclass(frozen=True)
class Point:
    """One easy-read idea with its picture: a consent point, a purpose line, a next step."""

    text: str
    picture: str  # an OpenMoji hexcode, such as "1F4AC"
    alt: str


@dataclass(frozen=True)
class Question:
    key: str  # stable within a guide version; answers are stored against it
    text: str
    picture: str
    alt: str
    answers: tuple[str, ...]
    cqc: tuple[str, ...]
    making_it_real: str
    prompts: tuple[str, ...] = ()
    interpreter_note: str = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    version: int
    audience: str  # "person" or "carer"
    title: str
    purpose: tuple[Point, ...]
    consent: tuple[Point, ...]
    questions: tuple[Question, ...]
    what_happens_next: tuple[Point, ...]
    thank_you: str
    source: str  # the file it came from, relative to the repository

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)
