from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from coproduce.codes import choices
from coproduce.fields import at_most


class CommentForm(FlaskForm):
    kind = RadioField(
        _l("What kind of comment is it?"),
        widget=GovRadioInput(),
        choices=choices("comment_kind"),
        validators=[InputRequired(message=_l("Choose what kind of comment it is"))],
    )
    body = TextAreaField(
        _l("Your comment"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Enter your comment")), at_most(4000)],
    )
    submit = SubmitField(_l("Send the comment"), widget=GovSubmitInput())


class ResponseForm(FlaskForm):
    response = RadioField(
        _l("Does the team accept the comment?"),
        widget=GovRadioInput(),
        choices=choices("comment_response"),
        validators=[InputRequired(message=_l("Choose whether the team accepts the comment"))],
    )
    reason = TextAreaField(
        _l("Why"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Say why")), at_most(4000)],
    )
    submit = SubmitField(_l("Save the answer"), widget=GovSubmitInput())


class QuoteChecksForm(FlaskForm):
    """One group of checkboxes a quote (`quote-<id>`: "checked", "hidden"), drawn by the page."""

    submit = SubmitField(_l("Save the checks"), widget=GovSubmitInput())


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it needs to change"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Say why")), at_most(2000)],
    )
    submit = SubmitField(_l("Reopen the finding"), widget=GovSubmitInput())
