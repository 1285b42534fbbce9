"""The Word report: how the review was done, who we talked with, ratings, the signed-off findings
with their quotes, and the experts by experience's voice."""

from __future__ import annotations

import io
from typing import Any

from flask_babel import gettext as _

from coproduce.analysis import data as analysis
from coproduce.codes import label
from coproduce.findings import data as findings
from coproduce.report import data


def to_docx(review: dict[str, Any]) -> bytes:
    """The Word report: method, numbers, ratings as tables, signed-off findings with their quotes,
    and the experts by experience's voice."""
    from docx import Document

    review_id = review["id"]
    doc = Document()
    doc.add_heading(
        _("%(council)s practice review %(year)d", council=review["council_name"], year=review["year"]), 0
    )
    doc.add_heading(_("How we did the review"), 1)
    counts = analysis.status_counts(review_id)
    doc.add_paragraph(
        _(
            "The review team talked with %(held)d people about their care and support, using an easy-read "
            "conversation guide. Experts by experience held the conversations; Principal Social Workers "
            "read them and coded what people said into themes.",
            held=counts.get("submitted", 0),
        )
    )
    doc.add_paragraph(_("Focus: %(focus)s", focus=review["focus_other"] or label("focus", review["focus"])))

    doc.add_heading(_("Who we talked with"), 1)
    mix = analysis.mix(review_id)
    for name, title in (
        ("language", _("Language")),
        ("interpreter", _("Interpreter")),
        ("mode", _("How we talked")),
    ):
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = title
        table.rows[0].cells[1].text = _("People")
        for row in mix[name]:
            cells = table.add_row().cells
            cells[0].text = analysis.value_label(name, row["value"])
            cells[1].text = str(row["people"])
        doc.add_paragraph()

    doc.add_heading(_("Ratings"), 1)
    for chart in analysis.rating_charts(review_id):
        doc.add_paragraph(chart["text"], style="Heading 3")
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = _("Rating")
        table.rows[0].cells[1].text = _("People")
        for bar in chart["bars"]:
            cells = table.add_row().cells
            cells[0].text = label("rating", bar["rating"])
            cells[1].text = str(bar["people"])
        doc.add_paragraph()

    signed = findings.findings(review_id, signed_off_only=True)
    voices = findings.reflections(review_id, [f["id"] for f in signed])
    headings = {
        "strength": _("Strengths"),
        "area_for_consideration": _("Areas for consideration"),
        "recommendation": _("Recommendations"),
    }
    for kind, heading in headings.items():
        doc.add_heading(heading, 1)
        for finding in (f for f in signed if f["kind"] == kind):
            doc.add_heading(finding["title"], 2)
            if finding["body"]:
                doc.add_paragraph(finding["body"])
            doc.add_paragraph(_("Based on what %(n)d people told us.", n=finding["people"]))
            if finding["owner"]:
                doc.add_paragraph(
                    _(
                        "Owner: %(owner)s. Follow-up due: %(due)s.",
                        owner=finding["owner"],
                        due=finding["follow_up_due"] or "",
                    )
                )
            for quote in findings.evidence(review_id, finding["id"])["quotes"]:
                doc.add_paragraph(f"“{quote['text']}” ({quote['reference']})", style="Intense Quote")
            for voice in voices.get(finding["id"], []):
                text = " ".join(t for t in (voice["reflection_noticed"], voice["reflection_change"]) if t)
                doc.add_paragraph(
                    _("%(expert)s, expert by experience: %(text)s", expert=voice["expert"], text=text)
                )

    doc.add_heading(_("In the words of the experts by experience"), 1)
    for voice in data.reflections(review_id):
        if voice["reflection_noticed"]:
            doc.add_paragraph(
                _("What I noticed: %(text)s", text=voice["reflection_noticed"]), style="List Bullet"
            )
        if voice["reflection_change"]:
            doc.add_paragraph(
                _("What should change: %(text)s", text=voice["reflection_change"]), style="List Bullet"
            )
        doc.add_paragraph(f"— {voice['expert']}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
