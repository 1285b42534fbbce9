"""What the forms of every area share."""

from __future__ import annotations

from flask_babel import LazyString, format_number, get_translations
from wtforms.validators import Length


def at_most(limit: int) -> Length:
    """The length rule of a text field: at most `limit` characters, said in the reader's language."""

    def message() -> str:
        # Flask-Babel's ngettext fills %(num)s itself (and refuses a `num` of ours): the catalogue's
        # own ngettext, then the number as the reader's language writes it.
        text = get_translations().ngettext(
            "Enter %(num)s character or fewer", "Enter %(num)s characters or fewer", limit
        )
        return text % {"num": format_number(limit)}

    return Length(max=limit, message=LazyString(message))
