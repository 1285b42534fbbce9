"""Case file audits: each PSW's rated reading of case records against the audit template."""

from flask import Blueprint

bp = Blueprint("audits", __name__)

from coproduce.audits import routes  # noqa: E402, F401
