"""Regional learning: themes and ratings across councils and years."""

from flask import Blueprint

bp = Blueprint("regional", __name__)

from coproduce.regional import routes  # noqa: E402, F401
