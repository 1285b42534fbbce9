from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import HiddenField, SubmitField

from coproduce.fields import TextPerQuestion, text_per_question
from coproduce.question_sets import QuestionSet


class SelfAssessmentForm(TextPerQuestion):
    submit = SubmitField(_l("Save self-assessment"), widget=GovSubmitInput())

    def seen(self) -> dict[str, str]:
        """The fingerprint of each answer as the page showed it, by question key."""
        return {key: self[f"seen_{n}"].data or "" for n, key in enumerate(self.keys)}


def self_assessment_form(template: QuestionSet, **kwargs: Any) -> SelfAssessmentForm:
    """The self-assessment's form: a text area for each of its questions, and what each answer was
    when the page was shown (hidden), so two people answering at once never lose words."""
    questions = [(question.key, _(question.text)) for _section, question in template.questions()]
    form_class = text_per_question(SelfAssessmentForm, questions)
    for n in range(len(questions)):
        setattr(form_class, f"seen_{n}", HiddenField())
    return form_class(**kwargs)


class DocumentForm(FlaskForm):
    document = FileField(
        _l("Upload a document"),
        description=_l("A PDF, Word document or spreadsheet (.xlsx), up to 10 MB."),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Choose a file to upload"))],
    )
    submit = SubmitField(_l("Upload document"), widget=GovSubmitInput())


class DeleteDocumentForm(FlaskForm):
    submit = SubmitField(_l("Yes, delete the document"), widget=GovSubmitInput())
