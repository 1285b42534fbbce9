"""The report as a Word document (python-docx), made from the report model: A4, in the report's
language, title, author and subject set, a title page and contents, headings one level at a time,
tables with a caption and a header row that repeats, charts as pictures with alt text, and every
text colour at least 4.5:1 on white."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx.document import Document as DocumentType
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from flask_babel import gettext as _

from coproduce.report import charts
from coproduce.report.model import Quote, Report, Table

INK = RGBColor(0x0B, 0x0C, 0x0C)  # GOV.UK text colour: 19:1 on white
STYLED = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Quote",
    "Caption",
    "List Bullet",
)


def word_language(code: str) -> str:
    return "en-GB" if code == "en" else code


def _setup(doc: DocumentType, report: Report) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    lang = word_language(report.language)
    for element in doc.styles.element.iter(qn("w:lang")):
        element.set(qn("w:val"), lang)
        element.set(qn("w:eastAsia"), lang)
    for name in STYLED:
        doc.styles[name].font.color.rgb = INK
    for colour in doc.styles.element.iter(qn("w:color")):  # the template's pale blues, 4.03:1 at best
        colour.set(qn("w:val"), str(INK))
        for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(theme), None)
    doc.styles["Normal"].font.size = Pt(12)
    props = doc.core_properties
    props.title = report.title
    props.author = _("%(council)s practice review team", council=report.council)
    props.last_modified_by = props.author
    props.subject = report.focus
    props.language = lang
    props.created = props.modified = datetime.now(UTC).replace(tzinfo=None)
    props.comments = ""
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")  # Word fills the contents in when the file is opened
    update.set(qn("w:val"), "true")
    settings.append(update)


def _contents(doc: DocumentType, report: Report) -> None:
    """A contents field Word updates on opening; until then it lists the sections."""
    doc.add_heading(_("Contents"), 1)
    paragraph = doc.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
    for _anchor, heading in report.sections:
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = heading
        run.append(text)
        field.append(run)
        field.append(OxmlElement("w:br"))
    paragraph._p.append(field)


def _table(doc: DocumentType, caption: str, header: list[str], rows: list[list[str]]) -> DocxTable:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_paragraph()
    return table


def _people_table(doc: DocumentType, table: Table) -> None:
    _table(doc, table.caption, [table.heading, _("People")], [[r.label, r.shown] for r in table.rows])


def _quote(doc: DocumentType, quote: Quote) -> None:
    doc.add_paragraph(f"“{quote.text}” ({quote.person}, {quote.voice})", style="Quote")


def _picture(doc: DocumentType, image: bytes, alt: str, title: str) -> None:
    doc.add_picture(io.BytesIO(image), width=Cm(15))
    for properties in doc.paragraphs[-1]._p.iter(qn("wp:docPr")):
        properties.set("descr", alt)
        properties.set("title", title)


def to_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    _setup(doc, report)
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(f"{report.council}: {report.focus}", style="Subtitle")
    _table(doc, _("About this review"), [_("About"), _("Details")], [list(fact) for fact in report.facts])
    _table(doc, _("The review team"), [_("Role"), _("Names")], [list(member) for member in report.team])
    doc.add_page_break()
    _contents(doc, report)
    doc.add_page_break()
    headings = dict(report.sections)
    doc.add_heading(headings["summary"], 1)
    for line in report.summary:
        doc.add_paragraph(line)
    doc.add_heading(headings["why"], 1)
    for line in report.why:
        doc.add_paragraph(line)
    doc.add_heading(headings["method"], 1)
    for line in report.method:
        doc.add_paragraph(line)
    for table in report.tables:
        _people_table(doc, table)
    doc.add_heading(headings["themes"], 1)
    for theme in report.themes:
        doc.add_heading(theme.name, 2)
        doc.add_paragraph(f"{theme.description} ({theme.people})" if theme.description else theme.people)
        for quote in theme.quotes:
            _quote(doc, quote)
    doc.add_heading(headings["ratings"], 1)
    for chart in report.charts:
        doc.add_heading(chart.title, 2)
        _picture(doc, charts.png(chart), chart.alt, chart.title)
        _table(doc, chart.title, [chart.heading, _("People")], [[r.label, r.shown] for r in chart.rows])
    doc.add_heading(headings["findings"], 1)
    for heading, group in report.findings:
        doc.add_heading(heading, 2)
        for finding in group:
            doc.add_heading(finding.title, 3)
            if finding.body:
                doc.add_paragraph(finding.body)
            doc.add_paragraph(finding.based_on)
            if finding.themes:
                doc.add_paragraph(_("Themes: %(themes)s", themes=", ".join(finding.themes)))
            for quote in finding.quotes:
                _quote(doc, quote)
    doc.add_heading(headings["experts"], 1)
    for heading, voices in ((_("What we noticed"), report.noticed), (_("What should change"), report.change)):
        doc.add_heading(heading, 2)
        for voice in voices:
            doc.add_paragraph(f"“{voice.text}” ({voice.credit})", style="Quote")
    doc.add_heading(headings["actions"], 1)
    _table(
        doc,
        _("The action plan"),
        [_("Recommendation"), _("The council's answer"), _("Owner at the council"), _("Actions")],
        [[r.title, r.answer, r.owner or _("Not set yet"), "\n".join(r.actions)] for r in report.plan],
    )
    doc.add_heading(headings["next"], 1)
    for line in report.next_steps:
        doc.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
