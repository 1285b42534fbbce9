"""Analysis: a review's dashboard and equity view, its codebook, reading and coding, coder comparison."""

from flask import Blueprint

bp = Blueprint("analysis", __name__)

from coproduce.analysis import routes  # noqa: E402, F401
