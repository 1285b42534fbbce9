"""The coordinator's view of themes and ratings across the region, and its CSV download."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.paging import requested
from coproduce.regional import bp, data
from coproduce.regional.forms import RegionalFilters
from coproduce.report.tables import csv_bytes


@bp.route("/findings/regional")
@allow(Role.COORDINATOR)
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
