"""Help for checking quotes for identifying details: the parts of a quote that look like a name, a
place, a date, a number or a phone number, for the page to highlight. It finds candidates only; the
team decides."""

from __future__ import annotations

import re

# Phone numbers first (they hold numbers), then dates, numbers, and capitalised words that are not
# the first word of a sentence (names and places).
PATTERN = re.compile(
    r"(?P<phone>(?:\+44\s?|\b0)\d[\d\s]{8,12}\d\b)"
    r"|(?P<date>\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b|\b(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b)"
    r"|(?P<number>\b\d+\b)"
    r"|(?<![.!?]\s)(?<!^)(?P<name>\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\b)"
)
NOT_NAMES = frozenset({"I", "I'm", "I've", "English", "Council"})


def parts(text: str) -> list[tuple[str, bool]]:
    """The quote cut into (text, looks identifying) pieces, in order."""
    out: list[tuple[str, bool]] = []
    last = 0
    for match in PATTERN.finditer(text):
        if match.lastgroup == "name" and match.group() in NOT_NAMES:
            continue
        if match.start() > last:
            out.append((text[last : match.start()], False))
        out.append((match.group(), True))
        last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
