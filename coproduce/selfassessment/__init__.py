"""The council's self-assessment before the visit, and the documents it sends the review team."""

from flask import Blueprint

bp = Blueprint("selfassessment", __name__)

from coproduce.selfassessment import routes  # noqa: E402, F401
