"""The report of a review: the report page for each audience, its downloads, and the published
report anyone may read. Who may read which version at which stage is in report/access.py."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow, public
from coproduce.report import access, bp, formats, model, stages_data
from coproduce.report.data import review_row, team_for_report
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)


def _audience(review: dict, allowed: list[str]) -> str:
    """The audience asked for (?audience=), or the first this person may read; 404 when they may read
    none yet, 403 for a version that is not theirs."""
    if not allowed:
        abort(404)
    audience = request.args.get("audience") or allowed[0]
    if audience not in allowed:
        abort(403)
    return audience


def _download(review: dict, fmt: str, audience: str) -> Response:
    content = formats.export(review, fmt, audience, str(get_locale() or "en"))
    mimetype, extension = formats.FORMATS[fmt]
    council = review["council_name"].lower().replace(" ", "-")
    suffix = "" if fmt not in formats.REPORT_FORMATS else f"-{audience}"
    name = f"review-{review['id']}-{council}-{review['year']}{suffix}.{extension}"
    return Response(
        content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/reviews/<int:review_id>/report")
@allow()
def show(review_id: int):
    """The report for one audience, with its stage, what each person can do now, the comments on its
    findings and its downloads."""
    review = review_for(current_user, review_id)
    allowed = access.audiences(current_user, review)
    audience = _audience(review, allowed)
    report = model.build(review, audience, str(get_locale() or "en"))
    team_role = stages_data.team_role(review_id, current_user.id)
    comments = stages_data.comments(review_id)
    if current_user.role == Role.AUTHORITY_CONTACT:
        comments = [c for c in comments if c["stage"] == "factual_accuracy"]
    audit.record("view", "report", review_id, audience)
    return render_template(
        "report/show.html",
        review=review,
        report=report,
        audience=audience,
        audiences=allowed,
        team_role=team_role,
        comments=comments,
        open_items=model.open_items(review_id, report),
        approvals=stages_data.approvals(review_id),
        named={m["id"] for m in team_for_report(review_id) if m["named_in_report"]},
    )


@bp.route("/reviews/<int:review_id>/export")
@allow()
def export(review_id: int):
    """Downloads (?format=docx|pdf|csv|xlsx|qdpx|qdc, &audience= for the report). The report (Word,
    PDF) in the versions this person may read; the data formats, with case references, to the team."""
    review = review_for(current_user, review_id)
    fmt = request.args.get("format", "")
    if fmt not in formats.FORMATS:
        abort(404)
    if fmt in formats.REPORT_FORMATS:
        audience = _audience(review, access.audiences(current_user, review))
    elif current_user.role not in TEAM:
        abort(403)
    else:
        audience = "team"
    response = _download(review, fmt, audience)
    audit.record("export", "review", review_id, f"{fmt} {audience}")
    return response


@bp.route("/published/<int:review_id>")
@public
def published(review_id: int):
    """A published report, for anyone: the public version (no case references, no small numbers)."""
    review = review_row(review_id)
    if review is None or not access.audiences(None, review):
        abort(404)
    report = model.build(review, "public", str(get_locale() or "en"))
    return render_template("report/published.html", review=review, report=report)


@bp.route("/published/<int:review_id>/download")
@public
def published_download(review_id: int):
    review = review_row(review_id)
    fmt = request.args.get("format", "")
    if review is None or not access.audiences(None, review) or fmt not in formats.REPORT_FORMATS:
        abort(404)
    return _download(review, fmt, "public")
