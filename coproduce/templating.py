"""What every template can use, registered here and nowhere else.

Only what is app-wide: the page's language and the language switcher, dates in the reader's
locale, the words for stored codes and the pictures of answers, guide text in a given language,
and the response's CSP nonce
(the signed-in person is Flask-Login's `current_user`). Whatever one page shows comes from that
page's view.
"""

from __future__ import annotations

import jinja2
from flask import Flask
from flask_babel import gettext

from coproduce.codes import label, needs_of
from coproduce.guides import answers
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES, format_date, format_datetime, language, language_name
from coproduce.web import csp_nonce


def guide_text(text: str) -> str:
    """Guide text (English source from a guide file) in the language of the page."""
    return gettext(text)


def labels(codes: list[str], kind: str) -> str:
    """The words for a list of stored codes, joined with commas; kind "language" names languages."""
    return ", ".join(language_name(code) if kind == "language" else label(kind, code) for code in codes)


def init_app(app: Flask) -> None:
    app.jinja_loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(app.root_path + "/../templates"),
            jinja2.PrefixLoader(
                {
                    "govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": jinja2.PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce,
        languages=LANGUAGES,
        current_language=language,
        language_name=language_name,
        label=label,
        needs_of=needs_of,
        gt=guide_text,
        in_language=in_language,
        answer_picture=answers.picture,
        answer_words=answers.words,
    )
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, labels=labels)
