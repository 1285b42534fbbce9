from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, ValidationError

from coproduce.accounts.passwords import NewPassword
from coproduce.codes import choices
from coproduce.fields import at_most


class InviteForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the person's name")),
            at_most(200),
        ],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the person's email address")),
            at_most(254),
            Email(message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=choices("role"),
        validators=[InputRequired(message=_l("Select the person's role"))],
    )
    council = SelectField(
        _l("Council"),
        widget=GovSelect(),
        description=_l("Needed for a council contact. Leave empty for others."),
        coerce=str,
        validate_choice=True,
    )
    submit = SubmitField(_l("Invite and make a link"), widget=GovSubmitInput())

    def validate_council(self, field: SelectField) -> None:
        if self.role.data == "authority_contact" and not field.data:
            raise ValidationError(_l("Select the council of this council contact"))


class SetPasswordForm(FlaskForm):
    account_email: str | None = None  # whose password it is (the rules refuse their own email)
    password = PasswordField(
        _l("Create a password"),
        widget=GovPasswordInput(),
        description=_l("Use at least 12 characters. A few unrelated words together make a good password."),
        validators=[InputRequired(message=_l("Enter a password")), NewPassword()],
    )
    submit = SubmitField(_l("Save password and sign in"), widget=GovSubmitInput())


class AddMemberForm(FlaskForm):
    user = SelectField(
        _l("Person"),
        widget=GovSelect(),
        coerce=str,
        validators=[InputRequired(message=_l("Select a person to add"))],
    )
    team_role = RadioField(
        _l("Role in this review"),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select the person's role in this review"))],
    )
    submit = SubmitField(_l("Add to the team"), widget=GovSubmitInput())
