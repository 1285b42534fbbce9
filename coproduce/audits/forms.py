from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from coproduce.codes import choices
from coproduce.fields import at_most


class AddAuditForm(FlaskForm):
    reference = StringField(
        _l("Case record reference"),
        description=_l("The reference the council uses for the record. Never a name."),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the case record reference")), at_most(60)],
    )
    auditor = SelectField(
        _l("Principal Social Worker who audits it"),
        widget=GovSelect(),
        coerce=int,
        validators=[InputRequired(message=_l("Choose who audits the record"))],
    )
    submit = SubmitField(_l("Add case record"), widget=GovSubmitInput())


class FocusQuestionForm(FlaskForm):
    domain = SelectField(_l("Domain"), widget=GovSelect())
    text = StringField(
        _l("Question"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the question")), at_most(300)],
    )
    submit = SubmitField(_l("Add question"), widget=GovSubmitInput())


class AuditFormBase(FlaskForm):
    keys: tuple[str, ...] = ()  # the question keys, in the order of the fields
    version = HiddenField()
    save = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())
    finish = SubmitField(_l("Save and mark as done"), widget=GovSubmitInput())

    def pairs(self) -> list[tuple[Any, Any]]:
        """Each question's rating and notes fields, in order."""
        return [(self[f"rating_{n}"], self[f"notes_{n}"]) for n in range(len(self.keys))]

    def values(self) -> dict[str, tuple[str | None, str]]:
        pairs = zip(self.keys, self.pairs(), strict=True)
        return {key: (rating.data, notes.data or "") for key, (rating, notes) in pairs}

    def validate(self, extra_validators: Any = None) -> bool:
        """A finished audit rates every question (Not applicable is a rating)."""
        ok = super().validate(extra_validators)
        if self.finish.data:
            for rating, _notes in self.pairs():
                if not rating.data:
                    rating.errors = [*rating.errors, _("Choose a rating, or Not applicable")]
                    ok = False
        return ok


def audit_form(questions: list[dict[str, Any]], **kwargs: Any) -> AuditFormBase:
    """The form for one audit: a rating and notes for each question (numbered from 1)."""

    class AuditForm(AuditFormBase):
        keys = tuple(q["key"] for q in questions)

    for n, question in enumerate(questions):
        text = question["text"]  # the template's English text, or the review's own words
        if not question["own"]:
            text = _(text)
        setattr(
            AuditForm,
            f"rating_{n}",
            RadioField(
                f"{n + 1}. {text}",
                widget=GovRadioInput(),
                choices=choices("audit_rating"),
                validators=[Optional()],
            ),
        )
        setattr(
            AuditForm,
            f"notes_{n}",
            TextAreaField(
                _("Notes on question %(number)d (optional)", number=n + 1),
                widget=GovTextArea(),
                validators=[Optional(), at_most(3000)],
            ),
        )
    return AuditForm(**kwargs)
