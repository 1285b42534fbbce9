"""The forms of a conversation. Labels and messages are translated; choices are stored codes."""

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
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from coproduce.codes import INTERPRETER_NEEDS, LABELS, PROFESSIONAL_INTERPRETERS, choices, chosen
from coproduce.fields import at_most
from coproduce.guides import answers
from coproduce.guides.model import Question

MAX_TEXT = 20_000

PRESENT_CODES = list(LABELS["present"])
LANGUAGES_USED = ["en", "ur", "pa", "bn", "ar", "ro", "pl", "so", "ps", "gu", "bfi"]


class PresenceForm(FlaskForm):
    present = SelectMultipleField(
        _l("Who is with the person?"),
        choices=choices("present"),
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message=_l("Select who is with the person, or 'Nobody'"))],
    )
    language_used = SelectField(_l("Which language are you talking in?"), widget=GovSelect())
    interpreter_accepted = RadioField(
        _l("Did the person accept the interpreter?"),
        choices=choices("interpreter_accepted"),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select whether the person accepted the interpreter"))],
    )
    reason = TextAreaField(
        _l("Why is this the support the person has?"),
        description=_l(
            "You must write why when a family member or friend interprets, "
            "or when the person needs an interpreter and there is none."
        ),
        widget=GovTextArea(),
        validators=[at_most(MAX_TEXT)],
    )
    submit = SubmitField(_l("Save and continue"), widget=GovSubmitInput())

    def __init__(self, *args: object, needs: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs or []

    def validate_present(self, field: SelectMultipleField) -> None:
        if "nobody" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Select 'Nobody' on its own, or only the people who are there"))

    def validate_reason(self, field: TextAreaField) -> None:
        present = set(self.present.data or [])
        no_interpreter = INTERPRETER_NEEDS & set(self.needs) and not PROFESSIONAL_INTERPRETERS & present
        if (field.data or "").strip():
            return
        if "family_interpreting" in present:
            raise ValidationError(_l("Write why a family member or friend is interpreting"))
        if no_interpreter:
            raise ValidationError(_l("Write why there is no interpreter, although the person needs one"))
        if "other" in present:
            raise ValidationError(_l("Write who else is with the person"))


class ConsentForm(FlaskForm):
    consent = RadioField(
        _l("Does the person agree to talk with you?"),
        choices=choices("consent"),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select whether the person agrees to talk"))],
    )
    how = RadioField(
        _l("How did they say yes?"),
        choices=choices("consent_how"),
        widget=GovRadioInput(),
        validate_choice=False,
    )
    support = StringField(
        _l("Who said yes, and with what help?"),
        description=_l("For example: the person, with the telephone interpreter."),
        widget=GovTextInput(),
        validators=[at_most(500)],
    )
    submit = SubmitField(_l("Save and continue"), widget=GovSubmitInput())

    def validate_how(self, field: RadioField) -> None:
        if field.data and chosen(field) is None:
            raise ValidationError(_l("Select how the person said yes"))
        if self.consent.data == "yes" and not field.data:
            raise ValidationError(_l("Select how the person said yes"))

    def validate_support(self, field: StringField) -> None:
        if self.consent.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Write who said yes, and with what help"))


class QuoteForm(Form):
    id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    client_id = HiddenField(validators=[Optional(), Length(max=64)])
    text = TextAreaField(
        _l("What the person said"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(MAX_TEXT)],
    )
    kind = RadioField(
        _l("Are these the person's own words?"),
        choices=choices("quote_kind"),
        default="verbatim",
        widget=GovRadioInput(),
        validators=[Optional()],
    )


class AnswerForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), default=0, validators=[Optional()])
    rating = RadioField(
        _l("How does the person feel about this?"),
        choices=choices("rating"),
        widget=GovRadioInput(),
        validators=[Optional()],
    )
    # Yes / no / not sure, better / same / worse, or one of a "choose" question's options: the
    # route gives the question's choices (coproduce/guides/answers.py).
    choice = RadioField(
        _l("The person's answer"),
        choices=[],
        widget=GovRadioInput(),
        validators=[Optional()],
        validate_choice=False,
    )
    notes = TextAreaField(
        _l("Notes"),
        description=_l("What the person told you, in short."),
        widget=GovTextArea(),
        validators=[Optional(), at_most(MAX_TEXT)],
    )
    quotes = FieldList(FormField(QuoteForm), min_entries=1)
    # Every button saves: on to the next screen, back, skip, or one more quote box.
    next = SubmitField(_l("Save and continue"), widget=GovSubmitInput())
    back = SubmitField(_l("Save and go back"), widget=GovSubmitInput())
    skip = SubmitField(_l("Skip this question"), widget=GovSubmitInput())
    add_quote = SubmitField(_l("Add another quote"), widget=GovSubmitInput())

    def validate_choice(self, field: RadioField) -> None:
        if field.data and chosen(field) is None:
            raise ValidationError(_l("Select one of the answers"))


def answer_choices(question: Question) -> list[SelectChoice]:
    """The choices a question takes (none for faces or talk), with their words in the page's language."""
    return [
        SelectChoice(code, answers.words(question, "choice", code)) for code in answers.choice_codes(question)
    ]


class ConcernForm(FlaskForm):
    what_was_said = TextAreaField(
        _l("What did the person say?"),
        description=_l("Write their own words, as they said them."),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Write what the person said")),
            at_most(MAX_TEXT),
        ],
    )
    when_said = StringField(
        _l("When did they say it?"),
        description=_l("For example: today, at the start of our talk."),
        widget=GovTextInput(),
        validators=[Optional(), at_most(500)],
    )
    person_knows = RadioField(
        _l("Does the person know you will pass this on?"),
        choices=choices("person_knows"),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select whether the person knows you will pass this on"))],
    )
    submit = SubmitField(_l("Save and tell the team"), widget=GovSubmitInput())


class ActionForm(FlaskForm):
    action = TextAreaField(
        _l("What did you do, and when?"),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Write what you did and when")),
            at_most(MAX_TEXT),
        ],
    )
    submit = SubmitField(_l("Record what was done"), widget=GovSubmitInput())


class ReflectionForm(FlaskForm):
    noticed = TextAreaField(
        _l("What I noticed"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(MAX_TEXT)],
    )
    change = TextAreaField(
        _l("What I think should change"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(MAX_TEXT)],
    )
    submit = SubmitField(_l("Save my reflection"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A form with only a button (and the CSRF token): start, submit, reopen, withdraw."""

    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())
