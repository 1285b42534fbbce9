""" "You said, we did": after the six-month meeting, an easy-read letter for each person who took part,
in their language (English when the app has no catalogue for it), with pictures: what the review
found and what the council changed. A printable PDF per person; the case reference is only on a
cover sheet, for the council's mailing, and never in the letter itself."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template
from flask_babel import force_locale
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.findings.data import findings
from coproduce.followup import bp
from coproduce.guides import pictures
from coproduce.i18n import LANGUAGES, language
from coproduce.report.data import action_plan, meeting, people
from coproduce.reviews.data import review_for

WHO_MAY_POST = (Role.COORDINATOR, Role.PSW, Role.AUTHORITY_CONTACT)


def _ready(review_id: int) -> dict[str, Any]:
    """The review, once its six-month meeting is recorded; letters come after it."""
    review = review_for(current_user, review_id)
    if review["report_stage"] not in ("final", "published") or meeting(review_id) is None:
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>/letters")
@allow(*WHO_MAY_POST)
def letters(review_id: int):
    review = _ready(review_id)
    return render_template(
        "followup/letters.html",
        review=review,
        people=[
            (n, row["conversation_id"], row["language"]) for n, row in enumerate(people(review_id), start=1)
        ],
    )


@bp.route("/reviews/<int:review_id>/letters/<int:conversation_id>")
@allow(*WHO_MAY_POST)
def letter(review_id: int, conversation_id: int):
    """The letter to the person of one held conversation, as a PDF: the cover sheet for the
    mailing, then the letter."""
    review = _ready(review_id)
    person = next((row for row in people(review_id) if row["conversation_id"] == conversation_id), None)
    if person is None:
        abort(404)
    code = person["language"] if person["language"] in LANGUAGES else "en"
    found = findings(review_id, signed_off_only=True)
    changed = [
        action
        for row in action_plan(review_id)
        for action in row["actions"]
        if action["status"] in ("done", "in_progress")
    ]
    from weasyprint import HTML

    with force_locale(code):
        html = render_template(
            "followup/letter.html",
            review=review,
            reference=person["reference"],
            lang=language(code),
            strengths=[f["title"] for f in found if f["kind"] == "strength"],
            to_improve=[f["title"] for f in found if f["kind"] != "strength"],
            changed=changed,
            picture=pictures.data_uri,
        )
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    audit.record("export", "conversation", conversation_id, "letter")
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="letter-{review_id}-{conversation_id}-{code}.pdf"'
        },
    )
