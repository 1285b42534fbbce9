"""Each role's home page, help, and the health check."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from coproduce.home import routes  # noqa: E402, F401
