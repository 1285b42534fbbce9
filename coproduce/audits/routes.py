"""Case file audits, in the order of their screens: the review's audits (with adding a record and a
focus question), one audit's form, and a record's audits side by side with the conversation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce import audit
from coproduce.audits import bp, data
from coproduce.audits.forms import AddAuditForm, FocusQuestionForm, audit_form
from coproduce.auth import Role, allow
from coproduce.capture.data import answers as conversation_answers
from coproduce.capture.data import guide_of
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)


def _forms(review_id: int) -> tuple[AddAuditForm, FocusQuestionForm]:
    add = AddAuditForm(prefix="add")
    add.auditor.choices = [SelectChoice(row["id"], row["name"]) for row in data.by_auditor(review_id)]
    focus = FocusQuestionForm(prefix="focus")
    focus.domain.choices = [SelectChoice(s.key, _(s.title)) for s in data.template_of().sections]
    return add, focus


@bp.route("/reviews/<int:review_id>/audits", methods=["GET", "POST"])
@allow(*TEAM)
def index(review_id: int):
    """The review's case file audits; posting assigns a case record to a PSW."""
    review = review_for(current_user, review_id)
    add, focus = _forms(review_id)
    if add.submit.data and add.validate_on_submit():
        if add.auditor.data not in data.auditor_ids(review_id):
            abort(400)
        audit_id = data.add_audit(review_id, add.reference.data, add.auditor.data)
        if audit_id is None:
            add.reference.errors = [_("That Principal Social Worker already audits this record")]
        else:
            audit.record("add", "case_audit", audit_id)
            flash(_("Case record added"), "success")
            return redirect(url_for(".index", review_id=review_id))
    return render_template(
        "audits/index.html",
        review=review,
        audits=data.audits(review_id),
        auditors=data.by_auditor(review_id),
        each=data.AUDITS_EACH,
        focus_questions=data.focus_questions(review_id),
        domains={s.key: s.title for s in data.template_of().sections},
        add=add,
        focus=focus,
        form=add,  # the layout's error summary and "Error:" title follow `form`
    )


@bp.route("/reviews/<int:review_id>/audits/focus", methods=["POST"])
@allow(*TEAM)
def focus(review_id: int):
    """Add a question for the review's focus to every audit of the review."""
    review_for(current_user, review_id)
    _add, form = _forms(review_id)
    if not form.validate_on_submit():
        abort(400)
    data.add_focus_question(review_id, form.domain.data, form.text.data)
    audit.record("add", "audit_question", review_id)
    flash(_("Question added"), "success")
    return redirect(url_for(".index", review_id=review_id))


@bp.route("/reviews/<int:review_id>/audits/<int:audit_id>", methods=["GET", "POST"])
@allow(Role.PSW)
def edit(review_id: int, audit_id: int):
    """One audit, filled in by its auditor: a rating and notes for each question."""
    review = review_for(current_user, review_id)
    case_audit = data.audit_in(review_id, audit_id)
    if case_audit["auditor_id"] != current_user.id:
        abort(403)
    questions = data.questions(review_id, case_audit)
    stored = data.ratings(audit_id)
    if request.method == "GET":
        values = {"version": case_audit["version"]}
        for n, question in enumerate(questions):
            row = stored.get(question["key"]) or {}
            values[f"rating_{n}"] = row.get("rating")
            values[f"notes_{n}"] = row.get("notes")
        form = audit_form(questions, data=values)
    else:
        form = audit_form(questions)
    if form.validate_on_submit():
        try:
            data.save_audit(audit_id, int(form.version.data or 0), form.values(), bool(form.finish.data))
        except data.Changed:
            form.version.data = str(data.audit_in(review_id, audit_id)["version"])
            flash(_("This audit was saved in another window. Check your answers and save again."), "error")
        else:
            audit.record("change", "case_audit", audit_id)
            flash(_("Audit saved"), "success")
            return redirect(url_for(".index", review_id=review_id))
    return render_template(
        "audits/edit.html", review=review, audit=case_audit, questions=questions, form=form
    )


@bp.route("/reviews/<int:review_id>/audits/<int:audit_id>/record")
@allow(*TEAM)
def record(review_id: int, audit_id: int):
    """Every audit of this audit's case record side by side, the differences marked to talk
    through, and what the person said when the experts by experience talked with them."""
    review = review_for(current_user, review_id)
    case_audit = data.audit_in(review_id, audit_id)
    questions = data.questions(review_id, case_audit)
    audits = data.record(review_id, case_audit["reference"])
    conversation = data.conversation_of(review_id, case_audit["reference"])
    audit.record("view", "case_audit", audit_id)
    if conversation:
        audit.record("view", "conversation", conversation["id"], "beside a case file audit")
    return render_template(
        "audits/record.html",
        review=review,
        reference=case_audit["reference"],
        questions=questions,
        audits=audits,
        differ=data.differences(audits, [q["key"] for q in questions]),
        conversation=conversation,
        answers=conversation_answers(conversation["id"]) if conversation else {},
        guide_questions=guide_of(conversation).questions if conversation else (),
    )
