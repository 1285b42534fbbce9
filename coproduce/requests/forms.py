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
from markupsafe import Markup
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from coproduce.codes import LABELS
from coproduce.fields import at_most
from coproduce.guides.forms import interpreter_choices
from coproduce.i18n import LANGUAGES, language_name

FORMATS = ("easy_read", "large_print", "bilingual", "audio")
STATUSES = ("requested", "in_progress", "ready")


class KnownLanguages(SelectMultipleField):
    """Languages with a complete catalogue; any other code is refused with the list of those there are."""

    def pre_validate(self, form) -> None:
        unknown = [code for code in self.data or [] if code not in LANGUAGES]
        if unknown:
            raise ValidationError(
                _l(
                    "We have no translation in %(asked)s yet. Choose from: %(available)s.",
                    asked=", ".join(unknown),
                    available=", ".join(
                        f"{lang.english_name} ({lang.native_name})" for lang in LANGUAGES.values()
                    ),
                )
            )


class RequestForm(FlaskForm):
    review_id = SelectField(
        _l("Review"),
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Choose a review"))],
    )
    guide_slug = RadioField(
        _l("Guide"), widget=GovRadioInput(), validators=[InputRequired(message=_l("Choose a guide"))]
    )
    languages = KnownLanguages(
        _l("Languages"),
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message=_l("Choose at least one language"))],
    )
    formats = SelectMultipleField(
        _l("Formats"),
        choices=[SelectChoice(code, LABELS["pack_format"][code]) for code in FORMATS],
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message=_l("Choose at least one format"))],
    )
    interpreter_types = SelectMultipleField(
        _l("Interpreters needed"),
        choices=interpreter_choices(),
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message=_l("Choose the interpreters needed, or none"))],
    )
    people_count = IntegerField(
        _l("How many people will you talk with?"),
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Enter a number from 1 to 10000"))],
    )
    needed_by = DateField(
        _l("Needed by"),
        widget=GovTextInput(),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    notes = TextAreaField(
        _l("Notes"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(2000)],
    )
    submit = SubmitField(_l("Send the request"), widget=GovSubmitInput())

    def __init__(self, reviews: list[dict], guides: list[SelectChoice], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.review_id.choices = [
            SelectChoice(r["id"], f"{r['council_name']} {r['year']}: {r['title']}") for r in reviews
        ]
        self.guide_slug.choices = guides
        self.languages.choices = [SelectChoice(code, language_words(code).striptags()) for code in LANGUAGES]

    def language_items(self) -> list[dict[str, Markup]]:
        """The languages' checkbox labels, each language's own name marked with its `lang` and `dir`."""
        return [{"html": language_words(code)} for code in LANGUAGES]


def language_words(code: str) -> Markup:
    """'Soomaali (Somali)': a language's own name in its own `lang` and `dir` (so that a screen reader
    reads it in its own voice), then its name in the reader's language when that differs."""
    lang = LANGUAGES[code]
    own = Markup('<span lang="{}" dir="{}">{}</span>').format(code, lang.direction, lang.native_name)
    name = language_name(code)
    return own if name == lang.native_name else Markup("{} ({})").format(own, name)


class StatusForm(FlaskForm):
    status = RadioField(
        _l("Status"),
        choices=[SelectChoice(code, LABELS["request_status"][code]) for code in STATUSES],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose a status"))],
    )
    note = TextAreaField(
        _l("Note for the council (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), at_most(1000)],
    )
    submit = SubmitField(_l("Save the status"), widget=GovSubmitInput())
