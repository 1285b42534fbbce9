"""Findings: dashboard, reading and coding, codebook, equity view, findings, follow-up, exports."""

from flask import Blueprint

bp = Blueprint("findings", __name__)

from coproduce.findings import data  # noqa: E402

bp.add_app_template_global(data.value_label, "value_label")


@bp.app_context_processor
def _expert_reviews() -> dict:
    """On an expert by experience's home, the reviews they are on, to reach the draft findings."""
    from flask import request
    from flask_login import current_user

    from coproduce.auth import Role
    from coproduce.reviews.data import visible_reviews

    if request.endpoint == "home.index" and getattr(current_user, "role", None) == Role.EXPERT_BY_EXPERIENCE:
        return {"expert_reviews": visible_reviews(current_user)}
    return {}


from coproduce.findings import routes  # noqa: E402, F401
