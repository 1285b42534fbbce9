"""`coproduce check-guides`: every guide, in every language, checked against the easy-read rules.

A problem is a line naming the guide file, the place in it and what is wrong. The checks:
the schema (the loader), every text translated (not fuzzy) with the same placeholders, and the
easy-read rules. Edition-2 guides and the focus modules are held to rules.py (one question a
question, answer types that fit, one idea a point, the glossary, one idea a picture); the latest
version of every guide must be edition 2. Edition-1 files (kept for the conversations held with
them) keep the first edition's checks: English person-facing sentences of at most 15 words, a
picture for every question and point, and every hard word (JARGON) explained in the sentence
after it. The briefings and notes for each kind of interpreting (guides/interpreting.toml) are
checked for translations and sentence length; the privacy notice (guides/privacy-notice.toml) for
translations and the rules of a guide's points. In each language, the edition-2 guides, the modules
and the notice use the language's glossary word wherever the English uses a glossary term
(guides/glossary/<code>.toml: one idea, one word).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import textstat
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from coproduce.guides import pictures, rules
from coproduce.guides.extract import guide_messages, module_messages
from coproduce.guides.glossary import check_words, glossary
from coproduce.guides.interpreting import PATH as INTERPRETING
from coproduce.guides.interpreting import Interpreting, interpreting
from coproduce.guides.loader import GUIDES_DIR, GuideError, all_guides, all_modules, latest
from coproduce.guides.model import Guide
from coproduce.guides.notice import notice

TRANSLATIONS = GUIDES_DIR.parent / "translations"
INTERPRETING_SOURCE = str(INTERPRETING.relative_to(GUIDES_DIR.parent))
MAX_WORDS = 15
# Hard words: each must be explained in the sentence after the one it is first used in
# ("An assessment is ...", "Advocates are ...", "... means ...").
JARGON = (
    "assessment",
    "eligibility",
    "eligible",
    "safeguarding",
    "advocate",
    "care plan",
    "support plan",
    "interpreter",
    "direct payment",
    "transition",
    "confidential",
    "capacity",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True)
class Report:
    problems: list[str]
    readability: dict[str, float]  # guide file -> Flesch reading ease of its person-facing English


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def person_facing(guide: Guide) -> Iterator[tuple[str, str]]:
    """(place, text) for the text the person hears or reads (not the interviewer's prompts)."""
    yield "title", guide.title
    for field in ("purpose", "consent", "what_happens_next"):
        for n, point in enumerate(getattr(guide, field), start=1):
            yield f"{field} {n}", point.text
    for n, question in enumerate(guide.questions, start=1):
        yield f"question {n} '{question.key}'", question.text
    yield "thank_you", guide.thank_you


def _explained(term: str, text: str) -> bool:
    """Is the first sentence using `term` followed by one that explains it?"""
    parts = sentences(text)
    word = re.compile(rf"\b{re.escape(term)}s?\b", re.IGNORECASE)
    definition = re.compile(rf"\b{re.escape(term)}s?\b[^.?!]*\b(is|are|means)\b", re.IGNORECASE)
    for n, sentence in enumerate(parts):
        if word.search(sentence):
            return n + 1 < len(parts) and bool(definition.search(parts[n + 1]))
    return True


def check_english(guide: Guide) -> list[str]:
    problems = []
    for place, text in person_facing(guide):
        for sentence in sentences(text):
            words = len(sentence.split())
            if words > MAX_WORDS:
                problems.append(f"{guide.source}, {place}: a sentence of {words} words: {sentence!r}")
        lowered = text.lower()
        for term in JARGON:
            if re.search(rf"\b{re.escape(term)}", lowered) and not _explained(term, text):
                problems.append(f"{guide.source}, {place}: '{term}' is not explained in the next sentence")
    points = [(f"{f} {n}", p) for f in ("purpose", "consent", "what_happens_next")
              for n, p in enumerate(getattr(guide, f), start=1)]  # fmt: skip
    points += [(f"question {n} '{q.key}'", q) for n, q in enumerate(guide.questions, start=1)]
    for place, item in points:
        if not item.picture or not pictures.exists(item.picture):
            problems.append(f"{guide.source}, {place}: no picture '{item.picture}' in OpenMoji")
        if not item.alt:
            problems.append(f"{guide.source}, {place}: the picture has no alternative text")
    return problems


def check_interpreting(notes: Interpreting) -> list[str]:
    """The briefings and notes for interpreting: sentences of at most MAX_WORDS words."""
    return [
        f"{INTERPRETING_SOURCE}, {place}: a sentence of {len(sentence.split())} words: {sentence!r}"
        for place, text in notes.texts()
        for sentence in sentences(text)
        if len(sentence.split()) > MAX_WORDS
    ]


def catalogue(code: str) -> dict[str, Message] | None:
    """The catalogue for `code` by message id, or None when there is none."""
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def check_translation(
    source: str, messages: list[str], code: str, have: dict[str, Message] | None = None
) -> list[str]:
    """Each of `messages` (from the file `source`) translated in the catalogue for `code`."""
    have = catalogue(code) if have is None else have
    if have is None:
        return [f"{code}: no catalogue at translations/{code}/LC_MESSAGES/messages.po"]
    problems = []
    for text in messages:
        message = have.get(text)
        if message is None or not message.string:
            problems.append(f"{source} [{code}]: not translated: {text!r}")
        elif message.fuzzy:
            problems.append(f"{source} [{code}]: fuzzy translation: {text!r}")
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(str(message.string))):
            problems.append(f"{source} [{code}]: placeholders differ: {text!r}")
    return problems


def readability(guide: Guide) -> float:
    textstat.set_lang("en")
    return float(textstat.flesch_reading_ease(" ".join(text for _place, text in person_facing(guide))))


def check_guides(codes: list[str]) -> Report:
    """Check every guide file in the English source and in each language in `codes`."""
    try:
        guides = all_guides()
        modules = tuple(all_modules().values())
        notes = interpreting()
        privacy = notice()
        glossary("en")
        for code in codes:
            glossary(code)
    except GuideError as error:
        return Report([str(error)], {})
    problems: list[str] = check_interpreting(notes) + rules.check_notice(privacy)
    scores: dict[str, float] = {}
    # (source, its texts, whether the glossary holds them): edition-1 guides and the interpreting
    # notes are not held to the glossary, as in English.
    files: list[tuple[str, list[str], bool]] = [(INTERPRETING_SOURCE, notes.messages(), False)]
    for guide in guides.values():
        if guide.edition == 1:
            problems += check_english(guide)
            if latest(guide.slug) is guide:
                problems.append(f"{guide.source}: the newest version of a guide must be edition 2")
        else:
            problems += rules.check_guide(guide, modules)
        files.append((guide.source, guide_messages(guide), guide.edition == 2))
        scores[guide.source] = readability(guide)
    for module in modules:
        problems += rules.check_items(module)
        files.append((module.source, module_messages(module), True))
    files.append((privacy.source, privacy.messages(), True))
    for code in codes:
        if code == "en":
            continue
        have = catalogue(code)
        for source, messages, held in files:
            problems += check_translation(source, messages, code, have)
            if held and have is not None:
                translated = {t: str(have[t].string) for t in messages if t in have and not have[t].fuzzy}
                problems += check_words(source, translated, code)
    return Report(list(dict.fromkeys(problems)), scores)


def catalogue_exists(code: str) -> bool:
    return Path(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").is_file()
