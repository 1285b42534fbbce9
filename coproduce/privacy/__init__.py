"""Privacy: the audit log for the coordinator, retention, subject access exports, the privacy notice."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

from coproduce.privacy import routes  # noqa: E402, F401
