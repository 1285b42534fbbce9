"""Exports of one review: CSV and XLSX of answers and quotes with their themes, the Word report,
and a REFI-QDA project (.qdpx) or codebook (.qdc) for NVivo, MAXQDA and ATLAS.ti.

People appear by their pseudonymous reference only. Every function works inside an app context
(web or CLI) and returns bytes.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

from flask_babel import gettext as _

from coproduce.db import get_db, now
from coproduce.findings import data
from coproduce.labels import label
from coproduce.text import printable, printable_reads

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "qdpx": ("application/zip", "qdpx"),
    "qdc": ("application/xml", "qdc"),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QDA_NS = "urn:QDA-XML:project:1.0"
QDC_NS = "urn:QDA-XML:codebook:1.0"


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will never run as a formula: text starting = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(review_id: int) -> list[dict[str, Any]]:
    """One row per answer and per quote of the review's held conversations, with their themes."""
    db = get_db()
    texts = data.question_texts(review_id)
    themes: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row in db.query(
        """SELECT cd.answer_id, cd.quote_id, t.name FROM codings cd JOIN themes t ON t.id = cd.theme_id
        WHERE t.review_id = ? AND t.merged_into IS NULL""",
        [review_id],
    ):
        key = ("quote", row["quote_id"]) if row["quote_id"] else ("answer", row["answer_id"])
        themes[key].add(row["name"])
    out = []
    for row in db.query(
        f"""SELECT p.reference, a.id AS answer_id, a.question_key, a.rating, a.notes, q.id AS quote_id,
        q.text AS quote, q.kind FROM answers a {data.joined("a.conversation_id")}
        LEFT JOIN quotes q ON q.answer_id = a.id
        WHERE p.review_id = ? AND {data.HELD} ORDER BY p.reference, a.id, q.id""",
        [review_id],
    ):
        base = {
            "reference": row["reference"],
            "question_key": row["question_key"],
            "question": texts.get(row["question_key"], row["question_key"]),
        }
        if not out or out[-1]["answer_id"] != row["answer_id"]:
            out.append(
                {
                    **base,
                    "answer_id": row["answer_id"],
                    "type": "answer",
                    "rating": row["rating"] or "",
                    "text": row["notes"] or "",
                    "themes": "; ".join(sorted(themes[("answer", row["answer_id"])])),
                }
            )
        if row["quote_id"]:
            out.append(
                {
                    **base,
                    "answer_id": row["answer_id"],
                    "type": f"quote ({row['kind']})",
                    "rating": "",
                    "text": row["quote"],
                    "themes": "; ".join(sorted(themes[("quote", row["quote_id"])])),
                }
            )
    return out


COLUMNS = ("reference", "question_key", "question", "type", "rating", "text", "themes")


def to_csv(review_id: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows(review_id):
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(review_id: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers and quotes"
    sheet.append(list(COLUMNS))
    for row in rows(review_id):
        sheet.append([safe_cell(row[c]) for c in COLUMNS])
    codebook = book.create_sheet("Codebook")
    codebook.append(["theme", "group", "description", "people"])
    names = {t["id"]: t["name"] for t in data.themes(review_id)}
    for theme in data.themes(review_id):
        codebook.append(
            [safe_cell(theme["name"]), safe_cell(names.get(theme["parent_id"], "")),
             safe_cell(theme["description"] or ""), theme["people"]]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
    counts = data.status_counts(review_id)
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
    mix = data.mix(review_id)
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
            cells[0].text = data.value_label(name, row["value"])
            cells[1].text = str(row["people"])
        doc.add_paragraph()

    doc.add_heading(_("Ratings"), 1)
    for chart in data.rating_charts(review_id):
        doc.add_paragraph(chart["text"], style="Heading 3")
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = _("Rating")
        table.rows[0].cells[1].text = _("People")
        for bar in chart["bars"]:
            cells = table.add_row().cells
            cells[0].text = data.rating_label(bar["rating"])
            cells[1].text = str(bar["people"])
        doc.add_paragraph()

    signed = data.findings(review_id, signed_off_only=True)
    voices = data.reflections(review_id, [f["id"] for f in signed])
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
            for quote in data.evidence(review_id, finding["id"])["quotes"]:
                doc.add_paragraph(f"“{quote['text']}” ({quote['reference']})", style="Intense Quote")
            for voice in voices.get(finding["id"], []):
                text = " ".join(t for t in (voice["reflection_noticed"], voice["reflection_change"]) if t)
                doc.add_paragraph(
                    _("%(expert)s, expert by experience: %(text)s", expert=voice["expert"], text=text)
                )

    doc.add_heading(_("In the words of the experts by experience"), 1)
    for voice in data.all_reflections(review_id):
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


# ---------------------------------------------------------------- REFI-QDA


def _guid(kind: str, number: int | str) -> str:
    """A stable GUID for a row, so a re-export keeps the same identities."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"coproduce:{kind}:{number}"))


def _codes(parent: ET.Element, review_id: int, ns: str) -> dict[int, str]:
    themes = data.themes(review_id)
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    guids: dict[int, str] = {}
    elements: dict[int, ET.Element] = {}
    for theme in themes:
        guids[theme["id"]] = _guid("theme", theme["id"])
        holder = elements.get(theme["parent_id"], codes) if theme["parent_id"] else codes
        code = ET.SubElement(
            holder, f"{{{ns}}}Code", {"guid": guids[theme["id"]], "name": theme["name"], "isCodable": "true"}
        )
        if theme["description"]:
            ET.SubElement(code, f"{{{ns}}}Description").text = theme["description"]
        elements[theme["id"]] = code
    return guids


def to_qdc(review_id: int) -> bytes:
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", {"origin": "coproduce"})
    _codes(root, review_id, QDC_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def conversation_texts(review_id: int) -> list[dict[str, Any]]:
    """Each held conversation as plain text, with the character span of every answer and quote."""
    db = get_db()
    texts = data.question_texts(review_id)
    convs: dict[int, dict[str, Any]] = {}
    for row in db.query(
        f"""SELECT c.id AS conversation_id, p.reference, a.id AS answer_id, a.question_key, a.rating, a.notes,
        q.id AS quote_id, q.text AS quote FROM answers a {data.joined("a.conversation_id")}
        LEFT JOIN quotes q ON q.answer_id = a.id WHERE p.review_id = ? AND {data.HELD}
        ORDER BY p.reference, a.id, q.id""",
        [review_id],
    ):
        conv = convs.setdefault(
            row["conversation_id"], {"reference": row["reference"], "text": "", "spans": {}, "last": None}
        )
        if conv["last"] != row["answer_id"]:
            conv["last"] = row["answer_id"]
            block = f"{texts.get(row['question_key'], row['question_key'])}\n"
            if row["rating"]:
                block += f"Rating: {row['rating']}\n"
            block += f"{row['notes'] or ''}\n"
            start = len(conv["text"])
            conv["text"] += block
            conv["spans"][("answer", row["answer_id"])] = (start, len(conv["text"]) - 1)
        if row["quote_id"]:
            start = len(conv["text"]) + 1
            conv["text"] += f"“{row['quote']}”\n"
            conv["spans"][("quote", row["quote_id"])] = (start, start + len(row["quote"]))
            conv["spans"][("answer", row["answer_id"])] = (
                conv["spans"][("answer", row["answer_id"])][0],
                len(conv["text"]) - 1,
            )
        conv["id"] = row["conversation_id"]
    return list(convs.values())


def to_qdpx(review: dict[str, Any]) -> bytes:
    """A REFI-QDA project: project.qde (users, codebook, text sources with coded selections) and
    the sources as UTF-8 plain text files under sources/."""
    review_id = review["id"]
    db = get_db()
    ET.register_namespace("", QDA_NS)
    n = f"{{{QDA_NS}}}"
    stamp = now().replace("+00:00", "Z")
    coder_rows = list(
        db.query(
            """SELECT DISTINCT u.id, u.name FROM codings cd JOIN users u ON u.id = cd.coder_id
            JOIN themes t ON t.id = cd.theme_id WHERE t.review_id = ?""",
            [review_id],
        )
    )
    project = ET.Element(
        f"{n}Project",
        {
            "name": f"{review['council_name']} practice review {review['year']}",
            "origin": "coproduce",
            "creationDateTime": stamp,
        },
    )
    # The schema wants at least one User and one source where the elements appear at all.
    if coder_rows:
        users = ET.SubElement(project, f"{n}Users")
        for user in coder_rows:
            ET.SubElement(users, f"{n}User", {"guid": _guid("user", user["id"]), "name": user["name"]})
    codebook = ET.SubElement(project, f"{n}CodeBook")
    guids = _codes(codebook, review_id, QDA_NS)
    codings: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(
        """SELECT cd.id, cd.answer_id, cd.quote_id, cd.theme_id, cd.coder_id, cd.created_at FROM codings cd
        JOIN themes t ON t.id = cd.theme_id WHERE t.review_id = ? AND t.merged_into IS NULL ORDER BY cd.id""",
        [review_id],
    ):
        key = ("quote", row["quote_id"]) if row["quote_id"] else ("answer", row["answer_id"])
        codings[key].append(row)
    files: dict[str, str] = {}
    texts = conversation_texts(review_id)
    sources = ET.SubElement(project, f"{n}Sources") if texts else None
    for conv in texts:
        source_guid = _guid("conversation", conv["id"])
        path = f"{source_guid}.txt"
        files[path] = conv["text"]
        source = ET.SubElement(
            sources,
            f"{n}TextSource",
            {"guid": source_guid, "name": conv["reference"], "plainTextPath": f"internal://{path}"},
        )
        for (kind, item_id), (start, end) in conv["spans"].items():
            item_codings = codings.get((kind, item_id))
            if not item_codings:
                continue
            selection = ET.SubElement(
                source,
                f"{n}PlainTextSelection",
                {"guid": _guid(kind, item_id), "name": f"{conv['reference']} {kind} {item_id}",
                 "startPosition": str(start), "endPosition": str(end)},
            )  # fmt: skip
            for coding in item_codings:
                element = ET.SubElement(
                    selection,
                    f"{n}Coding",
                    {"guid": _guid("coding", coding["id"]), "creatingUser": _guid("user", coding["coder_id"]),
                     "creationDateTime": coding["created_at"].replace("+00:00", "Z")},
                )  # fmt: skip
                ET.SubElement(element, f"{n}CodeRef", {"targetGUID": guids[coding["theme_id"]]})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(project, encoding="utf-8", xml_declaration=True))
        for path, text in files.items():
            archive.writestr(f"sources/{path}", text.encode("utf-8"))
    return buffer.getvalue()


def export(review: dict[str, Any], fmt: str) -> bytes:
    """The review in this format. Text stored before the text rule (coproduce/text.py) comes out
    with U+FFFD in place of a control character, so no export fails on it."""
    review = {key: printable(value) if isinstance(value, str) else value for key, value in review.items()}
    with printable_reads(get_db().conn):
        return _export(review, fmt)


def _export(review: dict[str, Any], fmt: str) -> bytes:
    review_id = review["id"]
    if fmt == "csv":
        return to_csv(review_id)
    if fmt == "xlsx":
        return to_xlsx(review_id)
    if fmt == "docx":
        return to_docx(review)
    if fmt == "qdpx":
        return to_qdpx(review)
    if fmt == "qdc":
        return to_qdc(review_id)
    raise ValueError(fmt)


def regional_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["measure", "theme", "council", "year", "focus", "people", "average_rating"])
    for row in data.regional_themes():
        writer.writerow(
            [
                safe_cell(v)
                for v in ("theme", row["theme"], row["council"], row["year"], row["focus"], row["people"], "")
            ]
        )
    for row in data.regional_ratings():
        writer.writerow(
            ["ratings", "", row["council"], row["year"], row["focus"], row["people"], row["average"] or ""]
        )
    return buffer.getvalue().encode("utf-8-sig")
