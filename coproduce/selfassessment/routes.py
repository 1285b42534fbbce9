"""The self-assessment and documents, in the order of their screens: the page with the answers and
documents (uploading one), answering, downloading a document and deleting one."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.reviews.data import review_for
from coproduce.selfassessment import bp, data, files
from coproduce.selfassessment.forms import DeleteDocumentForm, DocumentForm, self_assessment_form

# The review team and the council: the contact fills the self-assessment in with the host PSW.
WHO = (Role.COORDINATOR, Role.PSW, Role.AUTHORITY_CONTACT)


@bp.route("/reviews/<int:review_id>/self-assessment", methods=["GET", "POST"])
@allow(*WHO)
def index(review_id: int):
    """The self-assessment's answers and the documents; posting uploads a document."""
    review = review_for(current_user, review_id)
    form = DocumentForm()
    if form.validate_on_submit():
        content = form.document.data.read(files.MAX_BYTES + 1)
        kind = files.file_type(content)
        if len(content) > files.MAX_BYTES:
            form.document.errors = [_("The file must be 10 MB or smaller")]
        elif kind is None:
            form.document.errors = [
                _("The file must be a PDF, a Word document (.docx) or a spreadsheet (.xlsx)")
            ]
        else:
            name = files.safe_name(form.document.data.filename or "", kind)
            document_id = data.add_document(review_id, name, kind, content, current_user.id)
            audit.record("add", "document", document_id)
            flash(_("Document uploaded"), "success")
            return redirect(url_for(".index", review_id=review_id))
    template = data.template_of(review_id)
    return render_template(
        "selfassessment/index.html",
        review=review,
        template=template,
        answers=data.answers(review_id),
        documents=data.documents(review_id),
        form=form,
    )


@bp.route("/reviews/<int:review_id>/self-assessment/answers", methods=["GET", "POST"])
@allow(*WHO)
def edit(review_id: int):
    review = review_for(current_user, review_id)
    template = data.template_of(review_id)
    stored = data.answers(review_id)
    values = None
    if request.method == "GET":
        values = {}
        for n, (_section, question) in enumerate(template.questions()):
            answer = (stored.get(question.key) or {}).get("answer")
            values[f"answer_{n}"] = answer
            values[f"seen_{n}"] = data.fingerprint(answer)
    form = self_assessment_form(template, data=values)
    if form.validate_on_submit():
        conflicts = data.save_answers(review_id, form.texts(), form.seen(), current_user.id)
        audit.record("change", "self_assessment", review_id)
        if not conflicts:
            flash(_("Self-assessment saved"), "success")
            return redirect(url_for(".index", review_id=review_id))
        # Keep what this person typed; show what the other person saved; the next save is theirs.
        for n, key in enumerate(form.keys):
            if key in conflicts:
                form[f"seen_{n}"].data = data.fingerprint(conflicts[key])
                form[f"answer_{n}"].errors = [
                    _(
                        "Someone else changed this answer since you opened the page. They wrote: "
                        "“%(answer)s”. Keep your words or theirs, then save again.",
                        answer=conflicts[key],
                    )
                ]
    return render_template("selfassessment/edit.html", review=review, template=template, form=form)


@bp.route("/reviews/<int:review_id>/documents/<int:document_id>")
@allow(*WHO)
def document(review_id: int, document_id: int):
    """A document, always as a download: never shown in the browser, never sniffed."""
    review_for(current_user, review_id)
    row = data.document_in(review_id, document_id)
    audit.record("view", "document", document_id)
    return Response(
        row["content"],
        mimetype=files.MIMETYPES[row["file_type"]],
        headers={
            "Content-Disposition": f'attachment; filename="{row["name"]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.route("/reviews/<int:review_id>/documents/<int:document_id>/delete", methods=["GET", "POST"])
@allow(*WHO)
def delete_document(review_id: int, document_id: int):
    """A document uploaded by mistake (the wrong file, or one with a person's name in it) can be
    deleted, after a page that asks: it is gone for good, so nothing is deleted by one click."""
    review = review_for(current_user, review_id)
    row = data.document_in(review_id, document_id)
    form = DeleteDocumentForm()
    if form.validate_on_submit():
        data.delete_document(review_id, document_id)
        audit.record("delete", "document", document_id)
        flash(_("“%(name)s” deleted", name=row["name"]), "success")
        return redirect(url_for(".index", review_id=review_id))
    return render_template("selfassessment/delete.html", review=review, document=row, form=form)
