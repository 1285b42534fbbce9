"""The one rule for text, whichever way it enters (a form, JSON, a CSV file, a guide file), and
the one way text leaves for an export.

Refused: control characters (tab and line breaks are fine), Unicode noncharacters and lone
surrogates. No one types them; a database, a web page, an XML file (Word, XLSX, REFI-QDA) or a
screen reader cannot keep or show them, and a lone surrogate cannot even be stored. Text that holds
one is refused with a message, never changed quietly. Text stored before this rule (or put into the
database by other means) is made safe on the way out: `printable` puts U+FFFD, the replacement
character, in place of each such character, so an export never fails and no position moves.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
# C0 controls but tab, LF and CR; DEL and the C1 controls; surrogates (in a Python string a
# surrogate is always a lone one: a pair arrives as one character); the noncharacters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + re.escape(_NONCHARACTERS) + "]"
)
REPLACEMENT = "\ufffd"

# JSON nested deeper than this is refused before anything reads it (ours is 3 deep at most).
MAX_JSON_DEPTH = 20


def allowed(text: str) -> bool:
    """Whether the text passes the rule."""
    return FORBIDDEN.search(text) is None


def printable(text: str) -> str:
    """The text with U+FFFD in place of every character the rule refuses (same length)."""
    return FORBIDDEN.sub(REPLACEMENT, text)


class TooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH."""


def strings_in(value: Any) -> Iterator[str]:
    """Every string (keys too) inside parsed JSON, without recursion; TooDeep past the limit."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise TooDeep
            if isinstance(item, dict):
                for key, inner in item.items():
                    yield key
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)


def _printable_text(raw: bytes) -> str:
    return printable(raw.decode("utf-8", errors="replace"))


@contextmanager
def printable_reads(connection: sqlite3.Connection) -> Iterator[None]:
    """While inside, every text this connection reads comes out printable (see `printable`), and
    bytes that are not UTF-8 come out as U+FFFD too: for exports, which must never fail."""
    before = connection.text_factory
    connection.text_factory = _printable_text
    try:
        yield
    finally:
        connection.text_factory = before
