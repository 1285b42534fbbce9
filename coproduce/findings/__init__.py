"""Findings: strengths, areas for consideration and recommendations, each linked to its evidence."""

from flask import Blueprint

bp = Blueprint("findings", __name__)

from coproduce.findings import routes  # noqa: E402, F401
