"""Signing in and out, and the language choice."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from coproduce.accounts import routes  # noqa: E402, F401
