"""Guide requests: a council contact asks for guide packs for a review; the coordinator gets them ready."""

from flask import Blueprint

bp = Blueprint("requests", __name__, url_prefix="/requests")

from coproduce.requests import routes  # noqa: E402, F401
