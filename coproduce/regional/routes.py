"""Learning across the region: themes, ratings and signed-off findings for every PSW (councils
named where the report is published) and the coordinator (every name, and the CSV downloads)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.paging import requested
from coproduce.regional import bp, data, learning_data
from coproduce.regional.forms import RegionalFilters
from coproduce.spreadsheet import csv_bytes


@bp.route("/findings/regional")
@allow(Role.COORDINATOR, Role.PSW)
def index():
    """The regional view, filtered by region and year, each table a page of 50 rows at a time:
    the national data has thousands of rows. The CSV download has every row."""
    choices = data.regional_choices()
    filters = RegionalFilters(request.args)
    filters.region.choices = [("", _("All regions"))] + [(r, r) for r in choices["regions"]]
    filters.year.choices = [("", _("All years"))] + [(str(y), str(y)) for y in choices["years"]]
    region = request.args.get("region") if request.args.get("region") in choices["regions"] else None
    year = request.args.get("year", type=int)
    return render_template(
        "regional/index.html",
        filters=filters,
        **{
            table: data.regional_page(table, region, year, requested(f"{table}_page"))
            for table in ("ratings", "themes")
        },
        findings=learning_data.findings_page(region, year, requested("findings_page")),
        names_all=current_user.role == Role.COORDINATOR,
        published=learning_data.published_groups(),
    )


@bp.route("/findings/regional/download")
@allow(Role.COORDINATOR)
def download():
    """The regional view as CSV (linked as ?format=csv, so the link is plainly a download)."""
    audit.record("export", "region", None, "csv")
    return Response(
        csv_bytes(data.DOWNLOAD_COLUMNS, data.download_rows()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="regional-themes.csv"'},
    )


@bp.route("/findings/regional/findings.csv")
@allow(Role.COORDINATOR)
def findings_download():
    """Every signed-off finding across the region, with its follow-up, as CSV."""
    audit.record("export", "region", None, "findings csv")
    return Response(
        csv_bytes(learning_data.FINDINGS_COLUMNS, learning_data.findings_rows()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="regional-findings.csv"'},
    )
