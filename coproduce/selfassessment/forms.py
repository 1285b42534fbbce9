from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Optional

from coproduce.fields import at_most
from coproduce.question_sets import QuestionSet


class SelfAssessmentFormBase(FlaskForm):
    keys: tuple[str, ...] = ()  # the question keys, in the order of the fields
    submit = SubmitField(_l("Save self-assessment"), widget=GovSubmitInput())

    def answer_fields(self) -> list[Any]:
        return [self[f"answer_{n}"] for n in range(len(self.keys))]

    def values(self) -> dict[str, str]:
        return {key: field.data or "" for key, field in zip(self.keys, self.answer_fields(), strict=True)}


def self_assessment_form(template: QuestionSet, **kwargs: Any) -> SelfAssessmentFormBase:
    class SelfAssessmentForm(SelfAssessmentFormBase):
        keys = tuple(question.key for _section, question in template.questions())

    for n, (_section, question) in enumerate(template.questions()):
        setattr(
            SelfAssessmentForm,
            f"answer_{n}",
            TextAreaField(_(question.text), widget=GovTextArea(), validators=[Optional(), at_most(5000)]),
        )
    return SelfAssessmentForm(**kwargs)


class DocumentForm(FlaskForm):
    document = FileField(
        _l("Upload a document"),
        description=_l("A PDF, Word document or spreadsheet (.xlsx), up to 10 MB."),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Choose a file to upload"))],
    )
    submit = SubmitField(_l("Upload document"), widget=GovSubmitInput())
