from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from coproduce.codes import LABELS, choices
from coproduce.fields import TextPerQuestion, WholeNumberField, at_most, text_per_question
from coproduce.question_sets import QuestionSet
from coproduce.reviews.forms import GovDateField


class CountField(WholeNumberField):
    """How many people, typed as digits."""

    not_a_number = _l("Enter a number from 0 to 500")


class SessionFormBase(TextPerQuestion):
    prefix = "note"
    version = HiddenField()
    kind = RadioField(
        _l("Kind of session"),
        widget=GovRadioInput(),
        choices=choices("session_kind"),
        validators=[InputRequired(message=_l("Choose the kind of session"))],
    )
    held_on = GovDateField(
        _l("Date of the session"), validators=[InputRequired(message=_l("Enter the date of the session"))]
    )
    key_messages = TextAreaField(
        _l("Key messages agreed (optional)"), widget=GovTextArea(), validators=[Optional(), at_most(5000)]
    )
    submit = SubmitField(_l("Save session"), widget=GovSubmitInput())

    def attendance_fields(self) -> list[Any]:
        return [self[f"attended_{role}"] for role in LABELS["attendee_role"]]

    def attendance(self) -> dict[str, int]:
        return {role: self[f"attended_{role}"].data or 0 for role in LABELS["attendee_role"]}


def session_form(prompts: QuestionSet, **kwargs: Any) -> SessionFormBase:
    """The form for one session: its kind, date, numbers by role and notes for each prompt."""

    questions = [(question.key, _(question.text)) for _section, question in prompts.questions()]
    form_class = text_per_question(SessionFormBase, questions)
    for role, text in LABELS["attendee_role"].items():
        setattr(
            form_class,
            f"attended_{role}",
            CountField(
                text,
                widget=GovTextInput(),
                validators=[
                    Optional(),
                    NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500")),
                ],
            ),
        )
    return form_class(**kwargs)
