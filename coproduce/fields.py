"""What the forms of every area share."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, format_number, ngettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import IntegerField, TextAreaField
from wtforms.validators import Length, Optional


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


class WholeNumberField(IntegerField):
    """A whole number typed as digits (in any script Python reads as digits); anything else gets
    the plain-words message `not_a_number`, which each kind of number sets."""

    not_a_number: Any

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(str(self.not_a_number)) from error


class TextPerQuestion(FlaskForm):
    """A form with a text field for each question of a question set, named `<prefix>_<n>`."""

    keys: tuple[str, ...] = ()  # the question keys, in the order of the fields
    prefix = "answer"

    def question_fields(self) -> list[Any]:
        return [self[f"{self.prefix}_{n}"] for n in range(len(self.keys))]

    def texts(self) -> dict[str, str]:
        """What was typed for each question, by its key."""
        return {key: field.data or "" for key, field in zip(self.keys, self.question_fields(), strict=True)}


def text_per_question(base: type[TextPerQuestion], questions: list[tuple[str, str]]) -> type[TextPerQuestion]:
    """A form class of `base` with a text area for each (key, label) question."""

    class Form(base):
        keys = tuple(key for key, _label in questions)

    for n, (_key, label) in enumerate(questions):
        field = TextAreaField(label, widget=GovTextArea(), validators=[Optional(), at_most(5000)])
        setattr(Form, f"{base.prefix}_{n}", field)
    return Form
