"""What a pack says for each kind of interpreting, loaded from guides/interpreting.toml.

A pack is made for one kind of interpreting (a Mode) or for none, and holds that mode's briefing
and notes only. Like the guides, every text is English source shown through the catalogues.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coproduce.guides.loader import GUIDES_DIR, GuideError, _text, _texts

PATH = GUIDES_DIR / "interpreting.toml"
INTERPRETING_SOURCE = "guides/interpreting.toml"
MODE_KEYS = ("face-to-face", "telephone", "video", "bsl", "deafblind")
FACES = ("pictures", "large pictures", "words")
# What a conversation records, in the order that decides: who was there (capture's "present"), then
# the person's needs, then how the conversation is held for a spoken language.
PRESENT = {
    "interpreter_bsl": "bsl",
    "interpreter_deafblind": "deafblind",
    "interpreter_telephone": "telephone",
    "interpreter_video": "video",
    "interpreter_face_to_face": "face-to-face",
}
NEEDS = {"deafblind_interpreter": "deafblind", "bsl_interpreter": "bsl"}
SPOKEN_BY_CONTACT = {"phone": "telephone", "video": "video"}


@dataclass(frozen=True)
class Mode:
    key: str
    name: str
    faces: str  # one of FACES
    for_interpreter: tuple[str, ...]
    for_interviewer: tuple[str, ...]
    consent_script: tuple[str, ...]
    answer_faces: tuple[str, ...]


@dataclass(frozen=True)
class Interpreting:
    for_interpreter: tuple[str, ...]  # the start of every mode's briefing
    dialect: str  # has %(dialect)s
    modes: dict[str, Mode]

    def messages(self) -> list[str]:
        """Every translatable text of the file (the same texts the extractor collects)."""
        texts = [*self.for_interpreter, self.dialect]
        for mode in self.modes.values():
            texts += [mode.name, *mode.for_interpreter, *mode.for_interviewer]
            texts += [*mode.consent_script, *mode.answer_faces]
        return list(dict.fromkeys(texts))

    def texts(self) -> Iterable[tuple[str, str]]:
        """(place, text) for every text, for the easy-read checks."""
        yield from (("for_interpreter", text) for text in self.for_interpreter)
        yield "dialect", self.dialect
        for mode in self.modes.values():
            for field in ("for_interpreter", "for_interviewer", "consent_script", "answer_faces"):
                yield from ((f"{mode.key} {field}", text) for text in getattr(mode, field))


def parse(path: Path) -> Interpreting:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GuideError(f"{where}: not valid TOML ({error})") from error
    modes = {}
    for n, item in enumerate(data.get("modes") or [], start=1):
        place = f"{where}, mode {n}"
        key = _text(item, "key", place)
        faces = _text(item, "faces", place)
        if faces not in FACES:
            raise GuideError(f"{place}: 'faces' must be one of {', '.join(FACES)}")
        modes[key] = Mode(
            key=key,
            name=_text(item, "name", place),
            faces=faces,
            **{
                field: _texts(item, field, place)
                for field in ("for_interpreter", "for_interviewer", "consent_script", "answer_faces")
            },
        )
    if tuple(modes) != MODE_KEYS:
        raise GuideError(f"{where}: [[modes]] must be {', '.join(MODE_KEYS)}, in that order")
    dialect = _text(data, "dialect", where)
    if "%(dialect)s" not in dialect:
        raise GuideError(f"{where}: 'dialect' must have %(dialect)s where the dialect's name goes")
    return Interpreting(_texts(data, "for_interpreter", where), dialect, modes)


@cache
def interpreting() -> Interpreting:
    return parse(PATH)


NONE = "none"  # what forms and guide requests store for "no interpreter"


def key_of(choice: str | None) -> str | None:
    """The mode's key for a form's or a request's choice; None for no interpreter."""
    return None if choice in (None, NONE) else choice


def mode(choice: str | None) -> Mode | None:
    """The mode for a form's or a request's choice; None for no interpreter."""
    key = key_of(choice)
    return None if key is None else interpreting().modes[key]


def mode_for(present: list[str], needs: list[str], contact_mode: str | None) -> str | None:
    """The kind of interpreting a conversation will have: who was there if that is recorded, else what
    the person needs and how the conversation is held. None: no interpreter."""
    for code in present:
        if code in PRESENT:
            return PRESENT[code]
    for need, key in NEEDS.items():
        if need in needs:
            return key
    if "interpreter_spoken" in needs:
        return SPOKEN_BY_CONTACT.get(contact_mode or "", "face-to-face")
    return None
