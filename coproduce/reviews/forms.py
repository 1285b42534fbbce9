from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from typing import Any

from babel.localedata import locale_identifiers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError

from coproduce.codes import choices
from coproduce.fields import WholeNumberField, at_most
from coproduce.i18n import language_name
from coproduce.spreadsheet import FORMULA_START


class DateInput(GovDateInput):
    """GOV.UK's date input with its Day, Month and Year labels in the reader's language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = None if not field.raw_data else [*field.raw_data, "", ""][:3]
        params = super().map_gov_params(field, **kwargs)
        for item, text in zip(params["items"], (_l("Day"), _l("Month"), _l("Year")), strict=True):
            item["label"] = str(text)
        return params


@cache
def _known_languages() -> dict[str, str]:
    return {code.lower(): code for code in locale_identifiers() if code != "root"}


class GovDateField(DateField):
    """A day, month and year; an impossible date gets a plain-words message."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, widget=DateInput(), format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not any(value.strip() for value in valuelist):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(value.strip() for value in valuelist)])
        except ValueError as error:
            raise ValueError(str(_l("Enter a real date, like 27 3 2026"))) from error
        if self.data is None:
            raise ValueError(str(_l("Enter a real date, like 27 3 2026")))


class YearField(WholeNumberField):
    """A year typed as digits, with a plain-words error."""

    not_a_number = _l("Enter the year as a number, like 2026")


def known_language(code: str) -> str | None:
    """The code as stored (like 'ur' or 'pa_Arab') when Babel knows it, otherwise None."""
    return _known_languages().get(code.strip().replace("-", "_").lower())


def language_choices() -> list[SelectChoice]:
    """Every language Babel knows (without regional variants), named in the reader's language."""
    codes = {code for code in locale_identifiers() if "_" not in code and code != "root"}
    named = sorted(((code, language_name(code)) for code in codes), key=lambda pair: pair[1].lower())
    return [SelectChoice("", str(_l("Choose a language")))] + [
        SelectChoice(code, f"{name} ({code})") for code, name in named
    ]


def no_formula(form: Any, field: Any) -> None:
    if field.data and str(field.data).lstrip().startswith(FORMULA_START):
        raise ValidationError(_l("Do not start this with =, +, -, or @"))


class ReviewForm(FlaskForm):
    council = SelectField(
        _l("Council"),
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Select the council being reviewed"))],
    )
    focus = RadioField(
        _l("Focus theme"),
        widget=GovRadioInput(),
        choices=choices("focus"),
        validators=[InputRequired(message=_l("Select the focus theme"))],
    )
    focus_other = StringField(
        _l("Name of the other focus theme"),
        widget=GovTextInput(),
        description=_l("Only if you chose Other"),
        validators=[at_most(200)],
    )
    guide_modules = SelectMultipleField(
        _l("Extra questions for this review's conversations"),
        widget=GovCheckboxesInput(),
        choices=[],
        description=_l(
            "Added to the guide of conversations that start from now on. "
            "A focus on preparing for adulthood or safeguarding adds its own questions."
        ),
    )
    year = YearField(
        _l("Year"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the year of the review, like 2026")),
            NumberRange(min=2015, max=2100, message=_l("Enter a year between 2015 and 2100")),
        ],
    )
    title = StringField(
        _l("Phase or name (optional)"),
        widget=GovTextInput(),
        description=_l("For example, Phase 2. Leave empty to call it after the council and year."),
        validators=[at_most(200)],
    )
    onsite_start = GovDateField(_l("First day on site (optional)"))
    onsite_end = GovDateField(_l("Last day on site (optional)"))
    report_due = GovDateField(_l("Report due (optional)"))
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=choices("review_status"),
        default="planning",
        validators=[InputRequired(message=_l("Select the status"))],
    )
    contact_phone = StringField(
        _l("Phone number for the people we talk to (optional)"),
        widget=GovTextInput(),
        description=_l(
            "The letter in each guide pack gives this number, for questions about the review. "
            "For example, the adult social care team's number."
        ),
        validators=[at_most(40)],
    )
    safeguarding_contact_name = StringField(
        _l("Safeguarding contact at the council"),
        widget=GovTextInput(),
        description=_l("A team or a person, like Adult Safeguarding Team"),
        validators=[at_most(200)],
    )
    safeguarding_contact_phone = StringField(
        _l("Safeguarding contact phone number"),
        widget=GovTextInput(),
        validators=[at_most(40)],
    )
    safeguarding_contact_hours = StringField(
        _l("When the safeguarding contact can be reached"),
        widget=GovTextInput(),
        description=_l("For example, Monday to Friday, 9am to 5pm"),
        validators=[at_most(200)],
    )
    emergency_instruction = TextAreaField(
        _l("What experts by experience do out of hours or in an emergency"),
        widget=GovTextArea(),
        description=_l("Shown to experts by experience. For example, the Emergency Duty Team's number."),
        validators=[at_most(1000)],
    )
    submit = SubmitField(_l("Save review"), widget=GovSubmitInput())

    def validate_focus_other(self, field: StringField) -> None:
        if self.focus.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of the other focus theme"))

    def validate_onsite_end(self, field: DateField) -> None:
        if field.data and self.onsite_start.data and field.data < self.onsite_start.data:
            raise ValidationError(_l("The last day on site must be the same as or after the first day"))


class ParticipantForm(FlaskForm):
    reference = StringField(
        _l("Reference"),
        widget=GovTextInput(),
        description=_l("The case reference the team already uses. Never a name."),
        validators=[
            InputRequired(message=_l("Enter the person's reference")),
            at_most(40),
            no_formula,
        ],
    )
    contact_mode = RadioField(
        _l("How the person would like to talk"),
        widget=GovRadioInput(),
        choices=choices("contact_mode"),
        validators=[InputRequired(message=_l("Select how the person would like to talk"))],
    )
    language = SelectField(
        _l("Preferred language"),
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Select the person's preferred language"))],
    )
    dialect = StringField(
        _l("Dialect (optional)"),
        widget=GovTextInput(),
        description=_l("For example, Mirpuri or Sylheti"),
        validators=[at_most(100), no_formula],
    )
    needs = SelectMultipleField(
        _l("Communication and information needs"),
        widget=GovCheckboxesInput(),
        description=_l("Select all that apply"),
        choices=choices("need"),
    )
    is_carer = RadioField(
        _l("Is the person a carer?"),
        widget=GovRadioInput(),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Select yes if the person is a carer"))],
    )
    access_notes = TextAreaField(
        _l("Notes on access needs (optional)"),
        widget=GovTextArea(),
        description=_l("Anything that helps the conversation go well. Do not write a name."),
        validators=[at_most(1000), no_formula],
    )
    submit = SubmitField(_l("Add person"), widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()


class ImportForm(FlaskForm):
    file = FileField(
        _l("Upload a CSV file"),
        widget=GovFileInput(),
        description=_l("Save it as CSV UTF-8. Up to 2 MB."),
    )
    submit = SubmitField(_l("Check and import"), widget=GovSubmitInput())


TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class AssignForm(FlaskForm):
    interviewer = SelectField(
        _l("Expert by experience"),
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Select the expert by experience who holds the conversation"))],
    )
    second_interviewer = SelectField(_l("Second expert by experience (optional)"), widget=GovSelect())
    planned_date = GovDateField(_l("Date of the conversation (optional)"))
    planned_time = StringField(
        _l("Time (optional)"),
        widget=GovTextInput(),
        description=_l("Use the 24-hour clock, like 14:30"),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def validate_second_interviewer(self, field: SelectField) -> None:
        if field.data and field.data == self.interviewer.data:
            raise ValidationError(_l("Choose a different person, or nobody, as the second expert"))

    def validate_planned_time(self, field: StringField) -> None:
        if field.data and field.data.strip():
            if not TIME.match(field.data):
                raise ValidationError(_l("Enter a time like 14:30"))
            if not self.planned_date.data:
                raise ValidationError(_l("Enter the date as well as the time"))

    def planned_at(self) -> str | None:
        if not self.planned_date.data:
            return None
        hour, minute = 0, 0
        match = TIME.match(self.planned_time.data or "")
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
        moment = datetime.combine(self.planned_date.data, datetime.min.time()).replace(
            hour=hour, minute=minute
        )
        return moment.isoformat(timespec="minutes")


class NotHeldForm(FlaskForm):
    reason = RadioField(
        _l("Why is the conversation not taking place?"),
        widget=GovRadioInput(),
        choices=choices("not_held_reason"),
        validators=[InputRequired(message=_l("Select why the conversation is not taking place"))],
    )
    note = TextAreaField(
        _l("More detail (optional)"),
        widget=GovTextArea(),
        validators=[at_most(500)],
    )
    submit = SubmitField(_l("Mark as not taking place"), widget=GovSubmitInput())


class ReviewFilters(Form):
    """The filters of the reviews list (a GET form: no CSRF token needed)."""

    council = SelectField(_l("Council"), widget=GovSelect(), validate_choice=False)
    status = SelectField(_l("Status"), widget=GovSelect(), validate_choice=False)
    year = SelectField(_l("Year"), widget=GovSelect(), validate_choice=False)
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())


def current_year() -> int:
    return datetime.now(UTC).year
