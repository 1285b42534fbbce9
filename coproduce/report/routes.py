"""Downloads of a review's report and data, for the roles that may have each."""

from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.report import bp, formats
from coproduce.reviews.data import review_for


@bp.route("/reviews/<int:review_id>/export")
@allow()
def export(review_id: int):  # type: ignore[no-untyped-def]
    """Downloads (?format=docx|csv|xlsx|qdpx|qdc). The team may have every format; a council contact
    the Word report (signed-off findings only); an expert by experience none."""
    review = review_for(current_user, review_id)
    fmt = request.args.get("format", "")
    if fmt not in formats.FORMATS:
        abort(404)
    role = current_user.role
    if role == Role.EXPERT_BY_EXPERIENCE or (role == Role.AUTHORITY_CONTACT and fmt != "docx"):
        abort(403)
    content = formats.export(review, fmt)
    audit.record("export", "review", review_id, fmt)
    mimetype, extension = formats.FORMATS[fmt]
    name = (
        f"review-{review_id}-{review['council_name'].lower().replace(' ', '-')}-{review['year']}.{extension}"
    )
    return Response(
        content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
