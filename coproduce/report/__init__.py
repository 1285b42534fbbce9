"""The report of a review: its model, stages, audiences and every export of it (Word, PDF, CSV,
XLSX and REFI-QDA)."""

from flask import Blueprint

bp = Blueprint("report", __name__)

from coproduce.report import routes, stages  # noqa: E402, F401
