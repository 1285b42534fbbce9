"""The report as a PDF (WeasyPrint): A4, tagged for screen readers (PDF/UA), with its language,
title, author and subject, made from the same template as the report page in the app."""

from __future__ import annotations

from flask import render_template

from coproduce.report.model import Report


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_template("report/print.html", report=report)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
