from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from coproduce.codes import LABELS
from coproduce.guides.interpreting import NONE, interpreting
from coproduce.i18n import LANGUAGES


def interpreter_choices() -> list[SelectChoice]:
    """Each kind of interpreting a pack can be made for, then no interpreter."""
    return [
        *(SelectChoice(mode.key, _l(mode.name)) for mode in interpreting().modes.values()),
        SelectChoice(NONE, LABELS["interpreter_type"][NONE]),
    ]


class PackForm(FlaskForm):
    """Choices for a printable pack. Sent with GET: making a pack changes nothing."""

    class Meta:
        csrf = False

    language = SelectField(
        _l("Language beside English"),
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Choose a language"))],
    )
    format = RadioField(
        _l("Format"),
        choices=[
            SelectChoice("pdf", _l("PDF, to print")),
            SelectChoice("html", _l("Web page, to print from a browser")),
        ],
        default="pdf",
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose a format"))],
    )
    interpreter = RadioField(
        _l("Interpreter"),
        choices=interpreter_choices(),
        default=NONE,
        widget=GovRadioInput(),
    )
    large_print = BooleanField(_l("Large print (18 point or bigger)"), widget=GovCheckboxInput())
    submit = SubmitField(_l("Make the pack"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, lang.native_name) for code, lang in LANGUAGES.items()]
