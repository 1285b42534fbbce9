"""REFI-QDA exports for NVivo, MAXQDA, ATLAS.ti and QualCoder: a project (.qdpx) with the
conversations as text sources and their codings, or the codebook alone (.qdc)."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from coproduce.analysis.coding_data import coders, themes
from coproduce.analysis.data import question_texts
from coproduce.db import now
from coproduce.report import data

QDA_NS = "urn:QDA-XML:project:1.0"
QDC_NS = "urn:QDA-XML:codebook:1.0"


def _guid(kind: str, number: int | str) -> str:
    """A stable GUID for a row, so a re-export keeps the same identities."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"coproduce:{kind}:{number}"))


def _codes(parent: ET.Element, review_id: int, ns: str) -> dict[int, str]:
    review_themes = themes(review_id)
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    guids: dict[int, str] = {}
    elements: dict[int, ET.Element] = {}
    for theme in review_themes:
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
    texts = question_texts(review_id)
    convs: dict[int, dict[str, Any]] = {}
    for row in data.answers_and_quotes(review_id):
        conv = convs.setdefault(
            row["conversation_id"], {"reference": row["reference"], "text": "", "spans": {}, "last": None}
        )
        if conv["last"] != row["answer_id"]:
            conv["last"] = row["answer_id"]
            block = f"{texts.get(row['question_key'], row['question_key'])}\n"
            if row["rating"]:
                block += f"Rating: {row['rating']}\n"
            if row["choice"]:
                block += f"Answer: {row['choice']}\n"
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
    ET.register_namespace("", QDA_NS)
    n = f"{{{QDA_NS}}}"
    stamp = now().replace("+00:00", "Z")
    coder_rows = coders(review_id)
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
    codings = data.codings(review_id)
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
