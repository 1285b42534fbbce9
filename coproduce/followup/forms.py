from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from coproduce.codes import choices
from coproduce.fields import at_most
from coproduce.reviews.forms import GovDateField


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
        validators=[at_most(2000)],
    )
    evidence = TextAreaField(
        _l("Evidence of progress (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(4000)],
    )
    owner = StringField(
        _l("Owner at the council"),
        widget=GovTextInput(),
        validators=[Optional(), at_most(200)],
    )
    submit = SubmitField(_l("Record progress"), widget=GovSubmitInput())

    def validate_reason(self, field: TextAreaField) -> None:
        if self.progress.data == "not_doing" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the council is not doing it"))


class PlanForm(FlaskForm):
    """The council's answer to one recommendation, and (optionally) one more action for it."""

    decision = RadioField(
        _l("Does the council accept the recommendation?"),
        widget=GovRadioInput(),
        choices=choices("plan_decision"),
        validators=[InputRequired(message=_l("Choose whether the council accepts it"))],
    )
    reason = TextAreaField(
        _l("Why the council declines it"), widget=GovTextArea(), validators=[at_most(2000)]
    )
    owner = StringField(_l("Owner at the council"), widget=GovTextInput(), validators=[at_most(200)])
    what = TextAreaField(_l("An action (optional)"), widget=GovTextArea(), validators=[at_most(1000)])
    due = GovDateField(_l("When it will be done"))
    baseline = TextAreaField(
        _l("Baseline measure: where things are now, to compare with later"),
        widget=GovTextArea(),
        validators=[at_most(1000)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def validate_reason(self, field: TextAreaField) -> None:
        if self.decision.data == "declined" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the council declines it"))

    def validate_owner(self, field: StringField) -> None:
        if self.decision.data == "accepted" and not (field.data or "").strip():
            raise ValidationError(_l("Name the owner at the council"))

    def validate_due(self, field: GovDateField) -> None:
        if (self.what.data or "").strip() and field.data is None:
            raise ValidationError(_l("Enter when the action will be done"))

    def validate_baseline(self, field: TextAreaField) -> None:
        if (self.what.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Enter the baseline measure"))


class MeetingForm(FlaskForm):
    """The six-month meeting; a status field for each action is added by `meeting_form`."""

    held_on = GovDateField(
        _l("When the meeting was"), validators=[DataRequired(message=_l("Enter when the meeting was"))]
    )
    attendees = TextAreaField(
        _l("Who came"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Say who came")), at_most(1000)],
    )
    what_changed = TextAreaField(
        _l("What changed"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Say what changed")), at_most(4000)],
    )
    view = RadioField(
        _l("The council's account"),
        widget=GovRadioInput(),
        choices=choices("meeting_view"),
        validators=[InputRequired(message=_l("Choose whether the team agrees"))],
    )
    view_note = TextAreaField(
        _l("What the team challenges, and why"), widget=GovTextArea(), validators=[at_most(4000)]
    )
    submit = SubmitField(_l("Save the meeting"), widget=GovSubmitInput())

    def validate_view_note(self, field: TextAreaField) -> None:
        if self.view.data == "challenge" and not (field.data or "").strip():
            raise ValidationError(_l("Say what the team challenges"))


def meeting_form(actions: list[dict[str, Any]], **kwargs: Any) -> MeetingForm:
    """A meeting form with a status question for each action (field `status_<id>`)."""
    fields = {
        f"status_{action['id']}": RadioField(
            action["what"],
            widget=GovRadioInput(),
            choices=choices("action_status"),
            validators=[InputRequired(message=_l("Choose a status for each action"))],
        )
        for action in actions
    }
    return type("ActionsMeetingForm", (MeetingForm,), fields)(**kwargs)
