"""Guide text in a given language, whatever language the interface is in."""

from __future__ import annotations

from functools import lru_cache

from flask import has_app_context
from flask_babel import force_locale, gettext


def _translated(text: str, code: str) -> str:
    with force_locale(code):
        return gettext(text)


# The catalogues are read once, when a process starts, and never change while it runs; so a text's
# translation into one language is the same for every request and every person (it holds nothing
# of theirs): each is looked up once a process.
_cached = lru_cache(maxsize=16384)(_translated)


def in_language(text: str, code: str) -> str:
    """`text` (English source from a guide file) as the catalogue for `code` has it."""
    if not has_app_context():  # no catalogue to read: English, and nothing kept
        return _translated(text, code)
    return _cached(text, code)
