from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from coproduce.codes import choices
from coproduce.fields import at_most


class FindingForm(FlaskForm):
    kind = RadioField(
        _l("Kind of finding"),
        widget=GovRadioInput(),
        choices=choices("finding_kind"),
        validators=[InputRequired(message=_l("Choose the kind of finding"))],
    )
    title = StringField(
        _l("Finding"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the finding in one sentence")),
            at_most(300),
        ],
    )
    body = TextAreaField(
        _l("More detail (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(5000)],
    )
    owner = StringField(
        _l("Owner at the council (for a recommendation)"),
        widget=GovTextInput(),
        validators=[Optional(), at_most(200)],
    )
    submit = SubmitField(_l("Save finding"), widget=GovSubmitInput())


class EvidenceForm(FlaskForm):
    quotes = SelectMultipleField(_l("Quotes"), widget=GovCheckboxesInput(), validate_choice=False)
    answers = SelectMultipleField(_l("Answers"), widget=GovCheckboxesInput(), validate_choice=False)
    sources = SelectMultipleField(
        _l("Case file audits, sessions and self-assessment"),
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )
    themes = SelectMultipleField(_l("Themes"), widget=GovCheckboxesInput(), validate_choice=False)
    submit = SubmitField(_l("Link evidence"), widget=GovSubmitInput())


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter your comment")),
            at_most(2000),
        ],
    )
    submit = SubmitField(_l("Add comment"), widget=GovSubmitInput())
