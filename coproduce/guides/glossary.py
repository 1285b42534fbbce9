"""The glossary of hard words, one data file a language: guides/glossary/<code>.toml.

English (en.toml) gives each term and the one sentence that explains it. Another language's file
gives, for each English term, the one word that language uses for it (`word`), and any other forms
of that word (`forms`: plurals, cases), so a checker can see that one idea has one word: `check_words`
holds every translated guide text to it (a text whose English uses the term uses the word).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from coproduce.guides.loader import GUIDES_DIR, GuideError, _text, _texts

GLOSSARY_DIR = GUIDES_DIR / "glossary"


@dataclass(frozen=True)
class Term:
    term: str  # the English term
    explanation: str = ""  # English: the sentence that explains it
    word: str = ""  # another language: the one word for it
    forms: tuple[str, ...] = ()  # another language: other forms of that word

    def pattern(self) -> re.Pattern[str]:
        """The English term as a whole word, with a plural and a possessive."""
        words = r"\s+".join(re.escape(part) for part in self.term.split())
        return re.compile(rf"(?<![\w']){words}(?:s|'s|s')?(?![\w'])", re.IGNORECASE)


@cache
def glossary(code: str = "en") -> tuple[Term, ...]:
    """The terms of one language, longest English term first. A missing file is an empty glossary
    for a language other than English."""
    path = GLOSSARY_DIR / f"{code}.toml"
    if not path.is_file():
        if code == "en":
            raise GuideError("guides/glossary/en.toml is missing")
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GuideError(f"{path.name}: not valid TOML ({error})") from error
    terms = []
    for n, item in enumerate(data.get("terms") or [], start=1):
        where = f"glossary/{path.name}, term {n}"
        if code == "en":
            terms.append(Term(_text(item, "term", where), explanation=_text(item, "explanation", where)))
        else:
            terms.append(
                Term(
                    _text(item, "term", where),
                    word=_text(item, "word", where),
                    forms=_texts(item, "forms", where),
                )
            )
    if code == "en" and not terms:
        raise GuideError("glossary/en.toml: no [[terms]]")
    return tuple(sorted(terms, key=lambda t: -len(t.term)))


def terms_in(sentence: str, terms: tuple[Term, ...]) -> list[Term]:
    """The glossary terms a sentence uses, longest first; a longer term hides the shorter ones in it
    ("carer's assessment" is not also "assessment")."""
    found = []
    for term in terms:
        pattern = term.pattern()
        if pattern.search(sentence):
            found.append(term)
            sentence = pattern.sub(" ", sentence)
    return found


def uses_word(translation: str, term: Term) -> bool:
    """Does a translated text use the glossary's word for `term` (or one of its forms)?"""
    text = translation.casefold()
    return any(word.casefold() in text for word in (term.word, *term.forms))


def check_words(source: str, translated: dict[str, str], code: str) -> list[str]:
    """One idea, one word: each translated text whose English uses a glossary term uses that
    language's word for it (guides/glossary/<code>.toml). `translated` maps English to the
    translation; a text not yet translated is left to the translation check."""
    english, words = glossary("en"), {t.term: t for t in glossary(code)}
    missing = [t.term for t in english if t.term not in words]
    if missing:
        return [f"guides/glossary/{code}.toml: no word for {', '.join(map(repr, missing))}"]
    problems = []
    for text, translation in translated.items():
        if not translation:
            continue
        for term in terms_in(text, english):
            word = words[term.term]
            if not uses_word(translation, word):
                problems.append(
                    f"{source} [{code}]: '{term.term}' is not {word.word!r} (guides/glossary/{code}.toml): "
                    f"{text!r} is {translation!r}"
                )
    return problems
