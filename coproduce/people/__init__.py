"""People: invitations, setting a password from an invitation, deactivation, review teams."""

from flask import Blueprint

bp = Blueprint("people", __name__)

from coproduce.people import routes  # noqa: E402, F401
