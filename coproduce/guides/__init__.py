"""Guides: versioned easy-read question sets kept as files under guides/, their pictures and packs."""

from flask import Blueprint

bp = Blueprint("guides", __name__)

from coproduce.guides import routes  # noqa: E402, F401
