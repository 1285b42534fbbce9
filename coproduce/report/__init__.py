"""The report of a review and every export of it: Word, CSV, XLSX and REFI-QDA."""

from flask import Blueprint

bp = Blueprint("report", __name__)

from coproduce.report import routes  # noqa: E402, F401
