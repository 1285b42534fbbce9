"""Practitioner and manager sessions: focus groups and meetings, with numbers by role, never names."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)

from coproduce.sessions import routes  # noqa: E402, F401
