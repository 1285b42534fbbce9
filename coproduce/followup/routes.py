"""Follow-up pages: the council records progress on a recommendation; the coordinator sees what is
overdue across councils."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.codes import COUNCIL_STAGES
from coproduce.findings.data import finding_in
from coproduce.followup import bp, data, plan_data
from coproduce.followup.forms import FollowUpForm
from coproduce.reviews.data import review_for


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/follow-up", methods=["GET", "POST"])
@allow(Role.AUTHORITY_CONTACT)
def record(review_id: int, finding_id: int):
    review = review_for(current_user, review_id)
    if review["report_stage"] not in COUNCIL_STAGES:
        abort(404)
    finding = finding_in(review_id, finding_id, signed_off_only=True)
    if finding["kind"] != "recommendation":
        abort(404)
    form = FollowUpForm(data={"owner": finding["owner"]} if request.method == "GET" else None)
    if form.validate_on_submit():
        data.record_follow_up(
            finding_id, current_user.id, form.progress.data, form.reason.data or "",
            form.evidence.data or "", form.owner.data or "",
        )  # fmt: skip
        audit.record("follow_up", "finding", finding_id)
        flash(_("Progress recorded"), "success")
        return redirect(url_for("findings.show", review_id=review_id, finding_id=finding_id))
    return render_template("followup/follow_up.html", review=review, finding=finding, form=form)


@bp.route("/findings/overdue")
@allow(Role.COORDINATOR)
def overdue():
    return render_template(
        "followup/overdue.html",
        rows=data.overdue(),
        actions_due=plan_data.actions_due(),
        meetings_due=plan_data.meetings_due(),
        today=date.today().isoformat(),
    )
