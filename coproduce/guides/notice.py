"""The easy-read privacy notice, loaded from guides/privacy-notice.toml.

The same checked format as a guide's consent points (one idea a point, each with its own OpenMoji
picture), in sections with a heading. Shown on the privacy notice page in the reader's language and
in every guide pack; `coproduce check-guides` holds it to the easy-read rules (rules.check_notice).
Like the guides, every text is English source shown through the catalogues.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from coproduce.guides.loader import GUIDES_DIR, GuideError, _points, _text
from coproduce.guides.model import Point

PATH = GUIDES_DIR / "privacy-notice.toml"
SOURCE = "guides/privacy-notice.toml"


@dataclass(frozen=True)
class Section:
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Notice:
    title: str
    summary: str
    sections: tuple[Section, ...]
    source: str = SOURCE

    def points(self) -> list[Point]:
        return [point for section in self.sections for point in section.points]

    def messages(self) -> list[str]:
        """Every translatable text (the same texts the extractor collects)."""
        texts = [self.title, self.summary]
        for section in self.sections:
            texts.append(section.title)
            for point in section.points:
                texts += [point.text, point.alt]
        return list(dict.fromkeys(texts))


def parse(text: str, where: str = "privacy-notice.toml") -> Notice:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GuideError(f"{where}: not valid TOML ({error})") from error
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections or not all(isinstance(s, dict) for s in sections):
        raise GuideError(f"{where}: the notice needs [[sections]], each with a title and [[sections.points]]")
    return Notice(
        title=_text(data, "title", where),
        summary=_text(data, "summary", where),
        sections=tuple(
            Section(_text(s, "title", f"{where}, section {n}"), _points(s, "points", f"{where}, section {n}"))
            for n, s in enumerate(sections, start=1)
        ),
    )


@cache
def notice() -> Notice:
    """The privacy notice. A wrong file stops the load with GuideError."""
    try:
        return parse(PATH.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise GuideError(f"{SOURCE}: cannot be read ({error})") from error
