"""The action plan and the six-month follow-up, in the order they happen: the council answers each
recommendation (accepts or declines it, names an owner, adds actions with dates and baselines); the
lead PSW records the six-month meeting and whether the team agrees with the council's account."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.findings.data import finding_in, is_lead
from coproduce.followup import bp, plan_data
from coproduce.followup.forms import PlanForm, meeting_form
from coproduce.report.data import action_plan, meeting
from coproduce.reviews.data import review_for

AFTER_FINAL = ("final", "published")


def _review(review_id: int) -> dict:
    """The review, once its report is final: before that there is no action plan to see."""
    review = review_for(current_user, review_id)
    if review["report_stage"] not in AFTER_FINAL:
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>/action-plan")
@allow()
def plan(review_id: int):
    review = _review(review_id)
    return render_template(
        "followup/plan.html",
        review=review,
        plan=action_plan(review_id),
        meeting=meeting(review_id),
        is_lead=is_lead(review_id, current_user.id),
    )


@bp.route("/reviews/<int:review_id>/action-plan/<int:finding_id>", methods=["GET", "POST"])
@allow(Role.AUTHORITY_CONTACT)
def decide(review_id: int, finding_id: int):
    review = _review(review_id)
    finding = finding_in(review_id, finding_id, signed_off_only=True)
    if finding["kind"] != "recommendation":
        abort(404)
    row = next(r for r in action_plan(review_id) if r["id"] == finding_id)
    form = PlanForm(
        data={"decision": row["decision"], "reason": row["reason"], "owner": row["owner"]}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        plan_data.decide(
            finding_id, current_user.id, form.decision.data, form.reason.data or "", form.owner.data or ""
        )
        if (form.what.data or "").strip():
            plan_data.add_action(
                finding_id, current_user.id, form.what.data, form.due.data, form.baseline.data
            )
        audit.record("action_plan", "finding", finding_id, form.decision.data)
        flash(_("Action plan saved"), "success")
        return redirect(url_for(".decide", review_id=review_id, finding_id=finding_id))
    return render_template("followup/decide.html", review=review, finding=finding, row=row, form=form)


@bp.route("/reviews/<int:review_id>/six-month-meeting", methods=["GET", "POST"])
@allow(Role.PSW)
def six_months(review_id: int):
    """The lead PSW records the six-month meeting with the council's Director."""
    review = _review(review_id)
    if not is_lead(review_id, current_user.id):
        abort(403)
    actions = [a for row in action_plan(review_id) for a in row["actions"]]
    held = meeting(review_id)
    initial = None
    if request.method == "GET" and held:
        initial = {**held, **{f"status_{a['id']}": a["status"] for a in actions}}
        initial["held_on"] = date.fromisoformat(held["held_on"])
    form = meeting_form(actions, data=initial)
    if form.validate_on_submit():
        values = {
            "held_on": form.held_on.data.isoformat(),
            "attendees": form.attendees.data.strip(),
            "what_changed": form.what_changed.data.strip(),
            "view": form.view.data,
            "view_note": (form.view_note.data or "").strip() or None,
        }
        statuses = {a["id"]: form[f"status_{a['id']}"].data for a in actions}
        plan_data.record_meeting(review_id, current_user.id, values, statuses)
        audit.record("follow_up_meeting", "review", review_id, form.view.data)
        flash(_("Six-month meeting saved"), "success")
        return redirect(url_for(".plan", review_id=review_id))
    return render_template("followup/meeting.html", review=review, form=form, actions=actions)
