"""Capture: an expert by experience holds a conversation with a person, one screen at a time."""

from flask import Blueprint

bp = Blueprint("capture", __name__, url_prefix="/conversations")

from coproduce.capture import pack_routes, routes, tablet_routes, team_routes  # noqa: E402, F401
