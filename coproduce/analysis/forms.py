from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from coproduce.fields import at_most


class CodingForm(FlaskForm):
    """Attach one theme to one answer or quote (one of these an item, each with its own prefix)."""

    theme = SelectField(_l("Add a theme"), widget=GovSelect(), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Add theme"), widget=GovSubmitInput())


class ThemeForm(FlaskForm):
    name = StringField(
        _l("Theme name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter a name for the theme")), at_most(80)],
    )
    description = TextAreaField(
        _l("What the theme means (optional)"), widget=GovTextArea(), validators=[Optional(), at_most(1000)]
    )
    parent = SelectField(_l("Group"), widget=GovSelect(), coerce=int, validate_choice=False, default=0)
    submit = SubmitField(_l("Save theme"), widget=GovSubmitInput())


class MergeForm(FlaskForm):
    """Merge a theme into another: the first post asks to confirm, the second (`confirm`) merges."""

    into = SelectField(_l("Merge into"), widget=GovSelect(), coerce=int, validate_choice=False)
    confirm = HiddenField()
    submit = SubmitField(_l("Merge themes"), widget=GovSubmitInput())

    def validate_into(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose the theme to merge into"))
