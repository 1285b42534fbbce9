"""A guide version as the app uses it, loaded from a TOML file under guides/ (see loader.py).

Every text field holds English source text; it is shown in another language with `in_language`
(guide text goes through the same gettext catalogues as the interface).

Two editions of the file format. Edition 1 (the first guides) let a question hold several
sentences and take a rating, notes and quotes. Edition 2 holds one question sentence a question,
with exactly one answer type (ANSWER_TYPES), and every explanation and prompt as its own point
with its own picture. Old conversations keep the version (and so the edition) they began with.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
# What an edition-1 question records.
ANSWERS = ("rating", "notes", "quotes")
# Edition 2: each question has exactly one of these. faces: five faces with words (stored as a
# rating); yes_no, better_same_worse and choose: one choice (stored as a choice code); talk: only
# what the person says. Every type also takes notes and the person's own words.
ANSWER_TYPES = ("faces", "yes_no", "better_same_worse", "choose", "talk")
# The words a question starts with, for each answer type (check-guides holds every edition-2
# question to this). Yes/no and better/same/worse questions start with a verb.
VERBS = (
    "Do", "Did", "Is", "Are", "Have", "Can", "Was", "Were", "Does", "Will", "Would", "Could", "Has",
)  # fmt: skip
FIRST_WORDS = {
    "faces": ("How",),
    "yes_no": VERBS,
    "better_same_worse": VERBS,
    "choose": ("Who", "Which", "What", "Where", "When"),
    "talk": ("What", "Why", "How", "Who", "Where", "When", "Which"),
}


@dataclass(frozen=True)
class Point:
    """One easy-read idea with its picture: a consent point, an explanation, a prompt, a next step."""

    text: str
    picture: str  # an OpenMoji hexcode, such as "1F4AC"
    alt: str


@dataclass(frozen=True)
class Option:
    """One answer of a "choose" question: stored as `key`, shown as its text and picture."""

    key: str
    text: str
    picture: str
    alt: str


@dataclass(frozen=True)
class Question:
    key: str  # stable within a guide version; answers are stored against it
    text: str
    picture: str
    alt: str
    answers: tuple[str, ...]  # what is recorded: some of ANSWERS, plus "choice" in edition 2
    cqc: tuple[str, ...]
    making_it_real: str
    prompts: tuple[Point, ...] = ()  # for the interviewer (edition 1: no pictures)
    interpreter_note: str = ""
    answer_type: str = "faces"  # one of ANSWER_TYPES (edition 1: faces, or talk without a rating)
    points: tuple[Point, ...] = ()  # explanations for the person, after the question
    options: tuple[Option, ...] = ()  # the short list of a "choose" question


def answers_for(answer_type: str) -> tuple[str, ...]:
    """What an edition-2 question of `answer_type` records."""
    if answer_type == "faces":
        return ("rating", "notes", "quotes")
    if answer_type == "talk":
        return ("notes", "quotes")
    return ("choice", "notes", "quotes")


@dataclass(frozen=True)
class Module:
    """Extra questions for a review's focus, added to a core guide (guides/modules/<slug>/v<N>.toml)."""

    slug: str
    version: int
    title: str
    questions: tuple[Question, ...]
    source: str


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
    edition: int = 1
    modules: tuple[Module, ...] = ()  # focus modules added for a review (see with_modules)

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def with_modules(self, modules: tuple[Module, ...]) -> Guide:
        """The guide with each module's questions added before its last question (the closing
        "what else" question), in the order given."""
        if not modules:
            return self
        extra = tuple(q for module in modules for q in module.questions)
        *core, last = self.questions
        return replace(self, questions=(*core, *extra, last), modules=modules)
