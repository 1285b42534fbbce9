"""What the forms of every area share."""

from __future__ import annotations

from flask_babel import LazyString, format_number, ngettext
from wtforms.validators import Length


def at_most(limit: int) -> Length:
    """The length rule of a text field: at most `limit` characters, said in the reader's language."""

    def message() -> str:
        return ngettext(
            "Enter %(limit)s character or fewer",
            "Enter %(limit)s characters or fewer",
            limit,
            limit=format_number(limit),
        )

    return Length(max=limit, message=LazyString(message))
