"""Guide text in a given language, whatever language the interface is in."""

from __future__ import annotations

from flask_babel import force_locale, gettext


def in_language(text: str, code: str) -> str:
    """`text` (English source from a guide file) as the catalogue for `code` has it."""
    with force_locale(code):
        return gettext(text)
