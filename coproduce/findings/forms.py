from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

import coproduce.findings.labels  # noqa: F401  (adds finding_kind and progress to LABELS)
from coproduce.labels import choices


class CodingForm(FlaskForm):
    """Attach one theme to one answer or quote (one of these a item, each with its own prefix)."""

    theme = SelectField(_l("Add a theme"), widget=GovSelect(), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Add theme"), widget=GovSubmitInput())


class ThemeForm(FlaskForm):
    name = StringField(
        _l("Theme name"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter a name for the theme")),
            Length(max=80, message=_l("Enter a name of 80 characters or fewer")),
        ],
    )
    description = TextAreaField(
        _l("What the theme means (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=1000, message=_l("Enter 1,000 characters or fewer"))],
    )
    parent = SelectField(_l("Group"), widget=GovSelect(), coerce=int, validate_choice=False, default=0)
    submit = SubmitField(_l("Save theme"), widget=GovSubmitInput())


class MergeForm(FlaskForm):
    into = SelectField(_l("Merge into"), widget=GovSelect(), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Merge themes"), widget=GovSubmitInput())

    def validate_into(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose the theme to merge into"))


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
            Length(max=300, message=_l("Enter 300 characters or fewer")),
        ],
    )
    body = TextAreaField(
        _l("More detail (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=5000, message=_l("Enter 5,000 characters or fewer"))],
    )
    owner = StringField(
        _l("Owner at the council (for a recommendation)"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message=_l("Enter 200 characters or fewer"))],
    )
    submit = SubmitField(_l("Save finding"), widget=GovSubmitInput())


class EvidenceForm(FlaskForm):
    quotes = SelectMultipleField(_l("Quotes"), widget=GovCheckboxesInput(), validate_choice=False)
    answers = SelectMultipleField(_l("Answers"), widget=GovCheckboxesInput(), validate_choice=False)
    themes = SelectMultipleField(_l("Themes"), widget=GovCheckboxesInput(), validate_choice=False)
    submit = SubmitField(_l("Link evidence"), widget=GovSubmitInput())


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter your comment")),
            Length(max=2000, message=_l("Enter 2,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Add comment"), widget=GovSubmitInput())


class FollowUpForm(FlaskForm):
    progress = RadioField(
        _l("Progress"),
        widget=GovRadioInput(),
        choices=choices("progress"),
        validators=[InputRequired(message=_l("Choose how far the council has got"))],
    )
    reason = TextAreaField(
        _l("Why the council is not doing it"),
        widget=GovTextArea(),
        validators=[Length(max=2000, message=_l("Enter 2,000 characters or fewer"))],
    )
    evidence = TextAreaField(
        _l("Evidence of progress (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=4000, message=_l("Enter 4,000 characters or fewer"))],
    )
    owner = StringField(
        _l("Owner at the council"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message=_l("Enter 200 characters or fewer"))],
    )
    submit = SubmitField(_l("Record progress"), widget=GovSubmitInput())

    def validate_reason(self, field: TextAreaField) -> None:
        if self.progress.data == "not_doing" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the council is not doing it"))


class RegionalFilters(Form):
    """The filters of the regional view (a GET form: no CSRF token needed)."""

    region = SelectField(_l("Region"), widget=GovSelect(), validate_choice=False)
    year = SelectField(_l("Year"), widget=GovSelect(), validate_choice=False)
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())
