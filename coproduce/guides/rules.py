"""The easy-read rules of the guides' second edition, as `coproduce check-guides` applies them.

- A question is one sentence with one question mark, at its end, and its answer type fits its
  first word (model.FIRST_WORDS): faces start "How", yes/no and better/same/worse start with a verb,
  a better/same/worse question names all three, and only such a question asks "better or worse".
- No sentence the person or the interviewer reads is over MAX_WORDS words.
- Each point is one idea: one sentence, not starting with a pronoun that points back to another.
- Every hard word in the glossary is explained where the person first meets it: that sentence is
  its explanation, or the next one is.
- Every question, point, prompt and option has a picture that exists, and a picture stands for one
  idea (one alternative text) in a guide with all its modules, the answer pictures included.
- The privacy notice (notice.py) is held to the same rules for its points, glossary and pictures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from coproduce.guides import answers, pictures
from coproduce.guides.glossary import Term, glossary, terms_in
from coproduce.guides.model import FIRST_WORDS, Guide, Module, Option, Point, Question
from coproduce.guides.notice import Notice

MAX_WORDS = 15
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# A point that starts with one of these points back to another point: say the thing again.
POINTING_BACK = ("it", "they", "this", "that", "these", "those", "them", "he", "she")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def first_word(text: str) -> str:
    match = re.match(r"[\w']+", text.strip())
    return match.group(0) if match else ""


def check_question(question: Question, where: str) -> list[str]:
    """The question sentence and its answer type."""
    text, kind = question.text, question.answer_type
    problems = []
    if text.count("?") != 1 or not text.endswith("?"):
        problems.append(f"{where}: a question has one question mark, at its end: {text!r}")
    elif len(sentences(text)) != 1:
        problems.append(f"{where}: a question is one sentence; put the rest in its points: {text!r}")
    starts = FIRST_WORDS[kind]
    if first_word(text) not in starts:
        problems.append(
            f"{where}: a '{kind}' question starts with {' or '.join(starts)}, not '{first_word(text)}'"
        )
    words = set(re.findall(r"[a-z']+", text.lower()))
    if kind == "better_same_worse" and not {"better", "same", "worse"} <= words:
        problems.append(f"{where}: a 'better_same_worse' question names better, the same and worse")
    if kind != "better_same_worse" and {"better", "worse"} <= words:
        problems.append(f"{where}: a question asking better or worse is 'better_same_worse'")
    return problems


def _points(guide: Guide | Module) -> Iterator[tuple[str, str, Point | Question | Option]]:
    """(place, field, item) for every picture-bearing item of a guide or module."""
    if isinstance(guide, Guide):
        for field in ("purpose", "consent", "what_happens_next"):
            for n, point in enumerate(getattr(guide, field), start=1):
                yield f"{field} {n}", "point", point
    for n, question in enumerate(guide.questions, start=1):
        place = f"question {n} '{question.key}'"
        yield place, "question", question
        for m, point in enumerate(question.points, start=1):
            yield f"{place} point {m}", "point", point
        for m, prompt in enumerate(question.prompts, start=1):
            yield f"{place} prompt {m}", "prompt", prompt
        for option in question.options:
            yield f"{place} option '{option.key}'", "option", option


def check_items(guide: Guide | Module) -> list[str]:
    """Each question's rules, each point one short sentence, each picture there."""
    problems = []
    for n, question in enumerate(guide.questions, start=1):
        problems += check_question(question, f"{guide.source}, question {n} '{question.key}'")
    for place, field, item in _points(guide):
        problems += check_item(f"{guide.source}, {place}", field, item)
    return problems


def check_item(where: str, field: str, item: Point | Question | Option) -> list[str]:
    """Short sentences; a point or prompt one idea in one sentence, not pointing back; a picture."""
    problems = []
    text = item.text
    for sentence in sentences(text):
        if len(sentence.split()) > MAX_WORDS:
            problems.append(f"{where}: a sentence of {len(sentence.split())} words: {sentence!r}")
    if field in ("point", "prompt") and len(sentences(text)) > 1:
        problems.append(f"{where}: a point is one idea in one sentence: {text!r}")
    if field == "point" and first_word(text).lower() in POINTING_BACK:
        problems.append(f"{where}: '{first_word(text)}' points back to another point; say what it is")
    picture = item.picture
    if not picture or not pictures.exists(picture):
        problems.append(f"{where}: no picture '{picture}' in OpenMoji")
    return problems


def check_notice(notice: Notice) -> list[str]:
    """The privacy notice: the rules of a guide's points, the glossary and one idea a picture."""
    problems = []
    ordered: list[tuple[str, str]] = [("summary", notice.summary)]
    ideas = []
    for n, section in enumerate(notice.sections, start=1):
        for m, point in enumerate(section.points, start=1):
            place = f"section {n} '{section.title}' point {m}"
            problems += check_item(f"{notice.source}, {place}", "point", point)
            ordered += [(place, s) for s in sentences(point.text)]
            ideas.append((place, point.picture, point.alt))
    problems += check_glossary(notice.source, ordered)
    problems += check_pictures(notice.source, ideas)
    return problems


def person_sentences(guide: Guide) -> Iterator[tuple[str, str]]:
    """(place, sentence) in the order the person meets them (not the interviewer's prompts)."""
    for n, point in enumerate((*guide.purpose, *guide.consent), start=1):
        for sentence in sentences(point.text):
            yield ("purpose" if n <= len(guide.purpose) else "consent"), sentence
    for n, question in enumerate(guide.questions, start=1):
        place = f"question {n} '{question.key}'"
        yield place, question.text
        for point in question.points:
            yield from ((place, s) for s in sentences(point.text))
        yield from ((place, option.text) for option in question.options)
    for point in guide.what_happens_next:
        yield from (("what_happens_next", s) for s in sentences(point.text))
    yield from (("thank_you", s) for s in sentences(guide.thank_you))


def check_glossary(
    source: str, ordered: list[tuple[str, str]], terms: tuple[Term, ...] | None = None
) -> list[str]:
    """Every glossary term explained where it is first met (that sentence, or the next)."""
    terms = glossary("en") if terms is None else terms
    problems, seen = [], set()
    for n, (place, sentence) in enumerate(ordered):
        for term in terms_in(sentence, terms):
            if term.term in seen:
                continue
            seen.add(term.term)
            following = ordered[n + 1][1] if n + 1 < len(ordered) else ""
            if term.explanation not in (sentence, following):
                problems.append(
                    f"{source}, {place}: '{term.term}' is not explained where it is first used; "
                    f"the next sentence must be {term.explanation!r}"
                )
    return problems


def check_pictures(source: str, items: list[tuple[str, str, str]]) -> list[str]:
    """(place, picture, idea): a picture stands for one idea (its alternative text) in a guide."""
    ideas: dict[str, dict[str, str]] = defaultdict(dict)
    for place, picture, idea in items:
        ideas[picture].setdefault(idea, place)
    return [
        f"{source}: picture {picture} is used for different ideas: "
        + "; ".join(f"{idea!r} ({place})" for idea, place in used.items())
        for picture, used in ideas.items()
        if len(used) > 1
    ]


def picture_ideas(guide: Guide) -> list[tuple[str, str, str]]:
    """Every picture of a guide (its modules included) with its idea, and the answer pictures."""
    items = [(place, item.picture, item.alt) for place, _f, item in _points(guide)]
    kinds = {q.answer_type for q in guide.questions}
    if "faces" in kinds:
        items += [("the faces", answers.FACES[c], answers.english(None, "rating", c)) for c in answers.FACES]
    for question in guide.questions:
        for code in answers.choice_codes(question):
            if not any(option.key == code for option in question.options):
                items.append(
                    ("the answers", answers.CHOICE_PICTURES[code], answers.english(None, "choice", code))
                )
    items.append(("the thank-you", "1F64F", "Hands pressed together, meaning thank you"))
    return items


def check_guide(guide: Guide, modules: tuple[Module, ...]) -> list[str]:
    """Every edition-2 rule for a guide and, with all its modules added, glossary and pictures."""
    problems = check_items(guide)
    whole = guide.with_modules(modules)
    problems += check_glossary(guide.source, list(person_sentences(whole)))
    problems += check_pictures(guide.source, picture_ideas(whole))
    return list(dict.fromkeys(problems))
