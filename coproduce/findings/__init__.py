"""Findings: dashboard, reading and coding, codebook, equity view, findings, follow-up, exports."""

from flask import Blueprint

bp = Blueprint("findings", __name__)

from coproduce.findings import data  # noqa: E402

bp.add_app_template_global(data.value_label, "value_label")

from coproduce.findings import routes  # noqa: E402, F401
