"""Follow-up: what the council did about each recommendation, and what is overdue."""

from flask import Blueprint

bp = Blueprint("followup", __name__)

from coproduce.followup import letters, plan, routes  # noqa: E402, F401
