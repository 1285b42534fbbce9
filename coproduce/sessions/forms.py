from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from coproduce.codes import LABELS, choices
from coproduce.fields import at_most
from coproduce.question_sets import QuestionSet
from coproduce.reviews.forms import GovDateField


class CountField(IntegerField):
    """How many people, typed as digits, with a plain-words error."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(str(_l("Enter a number from 0 to 500"))) from error


class SessionFormBase(FlaskForm):
    keys: tuple[str, ...] = ()  # the question keys, in the order of the fields
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

    def note_fields(self) -> list[Any]:
        return [self[f"note_{n}"] for n in range(len(self.keys))]

    def notes(self) -> dict[str, str]:
        return {key: field.data or "" for key, field in zip(self.keys, self.note_fields(), strict=True)}


def session_form(prompts: QuestionSet, **kwargs: Any) -> SessionFormBase:
    """The form for one session: its kind, date, numbers by role and notes for each prompt."""

    class SessionForm(SessionFormBase):
        keys = tuple(question.key for _section, question in prompts.questions())

    for role, text in LABELS["attendee_role"].items():
        setattr(
            SessionForm,
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
    for n, (_section, question) in enumerate(prompts.questions()):
        setattr(
            SessionForm,
            f"note_{n}",
            TextAreaField(_(question.text), widget=GovTextArea(), validators=[Optional(), at_most(5000)]),
        )
    return SessionForm(**kwargs)
