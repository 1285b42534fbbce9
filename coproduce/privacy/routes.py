from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from coproduce.audit import record
from coproduce.auth import Role, allow, public
from coproduce.db import now
from coproduce.guides.notice import notice as notice_text
from coproduce.privacy import bp, data
from coproduce.privacy.forms import (
    AuditSearchForm,
    ResetTwoFactorForm,
    RetentionForm,
    SubjectAccessForm,
    TwoFactorRolesForm,
)


@bp.route("/")
@allow(Role.COORDINATOR)
def index():
    return render_template("privacy/index.html")


@bp.route("/notice")
@public
def notice():
    return render_template("privacy/notice.html", notice=notice_text())


def _audit_search() -> tuple[AuditSearchForm, dict[str, object] | None]:
    form = AuditSearchForm(request.args)
    actions, types = data.audit_choices()
    form.action.choices = [SelectChoice("", _("Anything"))] + [SelectChoice(a, a) for a in actions]
    form.object_type.choices = [SelectChoice("", _("Any kind"))] + [SelectChoice(k, k) for k in types]
    if request.args and not form.validate():
        return form, None
    return form, {
        name: form[name].data
        for name in ("who", "action", "object_type", "object_id", "date_from", "date_to")
    }


@bp.route("/audit")
@allow(Role.COORDINATOR)
def audit():
    form, filters = _audit_search()
    rows, total = data.search_audit(filters) if filters is not None else ([], 0)
    return render_template(
        "privacy/audit.html", form=form, rows=rows, total=total, searched=filters is not None
    )


@bp.route("/audit.csv")
@allow(Role.COORDINATOR)
def audit_export():
    _form, filters = _audit_search()
    if filters is None:
        return redirect(url_for("privacy.audit", **request.args))
    rows, _total = data.search_audit(filters, limit=data.AUDIT_EXPORT_LIMIT)
    record("audit_export", detail=f"{len(rows)} records")
    return Response(
        data.audit_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="coproduce-audit-log.csv"'},
    )


@bp.route("/retention")
@allow(Role.COORDINATOR)
def retention():
    return render_template("privacy/retention.html", reviews=data.reviews_with_retention())


@bp.route("/retention/<int:review_id>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def retention_edit(review_id: int):
    review = next((r for r in data.reviews_with_retention() if r["id"] == review_id), None)
    if review is None:
        abort(404)
    form = RetentionForm(months=str(review["retention_months"] or ""))
    if form.validate_on_submit():
        months = int(form.months.data) if form.months.data else None
        data.set_retention(review_id, months)
        record("retention_set", "review", review_id, detail=f"months={months}")
        flash(_("Retention saved for %(council)s.", council=review["council_name"]), "success")
        return redirect(url_for("privacy.retention"))
    return render_template("privacy/retention_edit.html", form=form, review=review)


@bp.route("/subject-access", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def subject_access():
    reviews = data.reviews_with_retention()
    form = SubjectAccessForm()
    form.review.choices = [SelectChoice(r["id"], f"{r['council_name']} {r['year']}") for r in reviews]
    if form.validate_on_submit():
        participant = data.participant_in(form.review.data, form.reference.data)
        if participant is None:
            form.reference.errors.append(_("No one has this reference in this review"))
        else:
            held = data.subject_access(participant)
            record("subject_access_export", "participant", participant["id"])
            review = next(r for r in reviews if r["id"] == form.review.data)
            html = render_template(
                "privacy/subject_access_export.html", held=held, review=review, now_day=now()[:10]
            )
            return Response(
                html,
                mimetype="text/html",
                headers={
                    "Content-Disposition": f'attachment; filename="subject-access-{participant["id"]}.html"'
                },
            )
    return render_template("privacy/subject_access.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def two_factor_roles():
    form = TwoFactorRolesForm(roles=sorted(data.two_factor_required_roles()))
    if form.validate_on_submit():
        data.set_two_factor_required_roles(form.roles.data or [])
        record("two_factor_requirement_set", detail=",".join(form.roles.data or []) or "none")
        flash(_("Two-factor sign-in settings saved."), "success")
        return redirect(url_for("privacy.index"))
    return render_template("privacy/two_factor_roles.html", form=form)


@bp.route("/two-factor/reset", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def two_factor_reset():
    """When someone loses their phone: forget their authenticator app."""
    form = ResetTwoFactorForm()
    if form.validate_on_submit():
        user_id = data.reset_two_factor(form.email.data)
        if user_id is None:
            form.email.errors.append(_("No one has this email address"))
        else:
            record("two_factor_reset", "user", user_id)
            flash(
                _("Their authenticator app is reset. They set up a new one when they next sign in."),
                "success",
            )
            return redirect(url_for("privacy.two_factor_roles"))
    return render_template("privacy/two_factor_reset.html", form=form)
