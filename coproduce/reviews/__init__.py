"""Reviews: what each person may see of them, and the review page."""

from flask import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

from coproduce.reviews import routes  # noqa: E402, F401
