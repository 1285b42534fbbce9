from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from coproduce.fields import at_most
from coproduce.privacy.data import RETENTION_CHOICES


class AuditSearchForm(FlaskForm):
    """Filters for the audit log. A GET form: it changes nothing, so it has no CSRF token."""

    class Meta:
        csrf = False

    who = StringField(
        _l("Person (name or email)"),
        widget=GovTextInput(),
        validators=[Optional(), at_most(254)],
    )
    action = SelectField(
        _l("What they did"), widget=GovSelect(), validators=[Optional()], validate_choice=True
    )
    object_type = SelectField(_l("Kind of record"), widget=GovSelect(), validators=[Optional()])
    object_id = IntegerField(
        _l("Record number"),
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, message=_l("Enter a record number of 1 or more"))],
    )
    date_from = DateField(
        _l("From (YYYY-MM-DD)"),
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    date_to = DateField(
        _l("To (YYYY-MM-DD)"), widget=GovTextInput(), validators=[Optional()], format="%Y-%m-%d"
    )
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())


def _months_label(months: int) -> str:
    return lazy_ngettext(
        "%(num)d month after the review closes", "%(num)d months after the review closes", months
    )


class RetentionForm(FlaskForm):
    months = RadioField(
        _l("How long to keep what people said"),
        widget=GovRadioInput(),
        choices=[SelectChoice("", _l("Not set: keep it until someone decides"))]
        + [SelectChoice(str(months), _months_label(months)) for months in RETENTION_CHOICES],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class SubjectAccessForm(FlaskForm):
    review = SelectField(_l("Review"), widget=GovSelect(), coerce=int)
    reference = StringField(
        _l("Reference of the person"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the person's reference")),
            at_most(100),
        ],
    )
    submit = SubmitField(_l("Download what we hold"), widget=GovSubmitInput())


class TwoFactorRolesForm(FlaskForm):
    roles = SelectMultipleField(
        _l("Who must use an authenticator app to sign in"),
        widget=GovCheckboxesInput(),
        choices=[
            SelectChoice("psw", _l("Principal Social Workers")),
            SelectChoice("coordinator", _l("Coordinators")),
        ],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ResetTwoFactorForm(FlaskForm):
    email = StringField(
        _l("Email address of the person"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the person's email address")),
            at_most(254),
        ],
    )
    submit = SubmitField(_l("Reset their authenticator app"), widget=GovSubmitInput())
