from __future__ import annotations

from flask import render_template
from flask_login import current_user

from coproduce.auth import allow
from coproduce.reviews import bp, data


@bp.route("/<int:review_id>")
@allow()
def show(review_id: int):  # type: ignore[no-untyped-def]
    review = data.review_for(current_user, review_id)
    return render_template(
        "reviews/show.html",
        review=review,
        team=data.team(review_id),
        counts=data.conversation_counts([review_id])[review_id],
    )
