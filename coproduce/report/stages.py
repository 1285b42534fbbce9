"""Moving the report through its stages, in the order they happen: the lead PSW sends it to the team
and then to the council; the team and the council comment on findings and the team answers each
comment; the team checks every quote for identifying details; the lead PSW and one other team member
approve the final report; the council publishes it. Findings reopen only before the report is final."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.codes import label
from coproduce.findings.data import finding_in
from coproduce.report import bp, identifying, model, stages_data
from coproduce.report.forms import CommentForm, QuoteChecksForm, ReasonForm, ResponseForm
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)
# Who moves the report from each stage, and to where (approvals make it final).
MOVES = {
    "draft": ("lead", "team_check"),
    "team_check": ("lead", "factual_accuracy"),
    "final": ("council", "published"),
}
BEFORE_FINAL = ("draft", "team_check", "factual_accuracy")


def _to_report(review_id: int):
    return redirect(url_for("report.show", review_id=review_id))


@bp.route("/reviews/<int:review_id>/report/stage", methods=["POST"])
@allow(Role.PSW, Role.AUTHORITY_CONTACT)
def stage(review_id: int):
    review = review_for(current_user, review_id)
    now_at = review["report_stage"]
    who, to = MOVES.get(now_at, ("", ""))
    lead = stages_data.team_role(review_id, current_user.id) == "lead_psw"
    if (
        not who
        or (who == "lead" and not lead)
        or (who == "council" and current_user.role != Role.AUTHORITY_CONTACT)
    ):
        abort(403)
    if stages_data.set_stage(review_id, now_at, to):
        audit.record("report_stage", "review", review_id, f"{now_at} -> {to}")
        flash(_("The report is now at this stage: %(stage)s", stage=label("report_stage", to)), "success")
    return _to_report(review_id)


@bp.route("/reviews/<int:review_id>/report/findings/<int:finding_id>/comment", methods=["GET", "POST"])
@allow(Role.PSW, Role.EXPERT_BY_EXPERIENCE, Role.AUTHORITY_CONTACT)
def comment(review_id: int, finding_id: int):
    """The team comments at team check; the council at factual accuracy. Nobody edits the finding."""
    review = review_for(current_user, review_id)
    now_at = review["report_stage"]
    council = current_user.role == Role.AUTHORITY_CONTACT
    if council and now_at not in ("factual_accuracy", "final", "published"):
        abort(404)
    finding = finding_in(review_id, finding_id, signed_off_only=True)
    allowed = now_at == "factual_accuracy" if council else (
        now_at == "team_check" and stages_data.team_role(review_id, current_user.id) is not None
    )  # fmt: skip
    if not allowed:
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        stages_data.add_comment(
            review_id, finding_id, current_user.id, now_at, form.kind.data, form.body.data
        )
        audit.record("comment", "report", review_id, f"finding {finding_id}")
        flash(_("Comment sent"), "success")
        return _to_report(review_id)
    return render_template("report/comment.html", review=review, finding=finding, form=form)


@bp.route("/reviews/<int:review_id>/report/comments/<int:comment_id>", methods=["GET", "POST"])
@allow(*TEAM)
def respond(review_id: int, comment_id: int):
    """The team accepts or declines a comment, with a reason kept with the report."""
    review = review_for(current_user, review_id)
    row = stages_data.comment_in(review_id, comment_id)
    if row["response"] or review["report_stage"] not in ("team_check", "factual_accuracy"):
        abort(403)
    finding = finding_in(review_id, row["finding_id"], signed_off_only=True)
    form = ResponseForm()
    if form.validate_on_submit():
        stages_data.respond(review_id, comment_id, current_user.id, form.response.data, form.reason.data)
        audit.record("respond", "report", review_id, f"comment {comment_id}: {form.response.data}")
        flash(_("Answer saved"), "success")
        return _to_report(review_id)
    return render_template("report/respond.html", review=review, finding=finding, comment=row, form=form)


@bp.route("/reviews/<int:review_id>/report/quotes", methods=["GET", "POST"])
@allow(*TEAM)
def quotes(review_id: int):
    """Every quote in the report, its possible names, places, dates and numbers highlighted, to mark
    as checked and, where needed, not for publication."""
    review = review_for(current_user, review_id)
    editable = review["report_stage"] in BEFORE_FINAL
    report = model.build(review, "team", str(get_locale() or "en"))
    quotes = report.quotes()
    form = QuoteChecksForm()
    if request.method == "POST":
        if not editable:
            abort(403)
        if form.validate_on_submit():
            ids = {q.id for q in quotes}
            checked = {q for q in ids if "checked" in request.form.getlist(f"quote-{q}")}
            hidden = {q for q in ids if "hidden" in request.form.getlist(f"quote-{q}")}
            stages_data.save_checks(review_id, current_user.id, checked, hidden)
            audit.record("check_quotes", "report", review_id, f"{len(checked)} checked")
            flash(_("Checks saved"), "success")
            return redirect(url_for(".quotes", review_id=review_id))
    return render_template(
        "report/quotes.html",
        review=review,
        quotes=quotes,
        parts=identifying.parts,
        form=form,
        editable=editable,
    )


@bp.route("/reviews/<int:review_id>/report/approve", methods=["POST"])
@allow(Role.PSW, Role.EXPERT_BY_EXPERIENCE)
def approve(review_id: int):
    """A team member approves the final report: once every comment has its answer and every quote is
    checked. The lead PSW and one other make it final."""
    review = review_for(current_user, review_id)
    if (
        review["report_stage"] != "factual_accuracy"
        or stages_data.team_role(review_id, current_user.id) is None
    ):
        abort(403)
    report = model.build(review, "team")
    if any(model.open_items(review_id, report).values()):
        flash(_("Answer every comment and check every quote first."), "error")
        return _to_report(review_id)
    final = stages_data.approve(review_id, current_user.id)
    audit.record("approve", "report", review_id, "final" if final else None)
    flash(_("The report is final.") if final else _("Approval recorded"), "success")
    return _to_report(review_id)


@bp.route("/reviews/<int:review_id>/report/named", methods=["POST"])
@allow(Role.EXPERT_BY_EXPERIENCE)
def named(review_id: int):
    """An expert by experience chooses whether the report names them beside what they said."""
    review_for(current_user, review_id)
    if stages_data.team_role(review_id, current_user.id) is None:
        abort(403)
    stages_data.set_named(review_id, current_user.id, request.form.get("named") == "yes")
    audit.record(
        "change", "report", review_id, "named" if request.form.get("named") == "yes" else "not named"
    )
    return _to_report(review_id)


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/reopen", methods=["GET", "POST"])
@allow(Role.PSW)
def reopen(review_id: int, finding_id: int):
    """The lead PSW reopens a signed-off finding, with a reason for the audit log; only before final."""
    review = review_for(current_user, review_id)
    finding = finding_in(review_id, finding_id, signed_off_only=True)
    if (
        stages_data.team_role(review_id, current_user.id) != "lead_psw"
        or review["report_stage"] not in BEFORE_FINAL
    ):
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit():
        stages_data.reopen(review_id, finding_id)
        audit.record("reopen", "finding", finding_id, form.reason.data.strip())
        flash(_("Finding reopened"), "success")
        return redirect(url_for("findings.show", review_id=review_id, finding_id=finding_id))
    return render_template("report/reopen.html", review=review, finding=finding, form=form)
