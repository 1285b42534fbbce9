from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from coproduce.codes import choices
from coproduce.fields import at_most


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
