"""REFI-QDA exports for NVivo, MAXQDA, ATLAS.ti and QualCoder: a project (.qdpx) with every source
of the review as a text source (conversations, case file audits, sessions, the self-assessment),
each with its variables and coded selections, or the codebook alone (.qdc).

Each coder's codings of an item are one PlainTextSelection carrying that coder and the time of
their first coding, so a program that keeps one coder a selection (QualCoder) keeps both coders.
GUIDs are made from the installation's own random namespace, so they are stable across re-exports
and never the same as another installation's."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

from babel import Locale, UnknownLocaleError

from coproduce.analysis import sources_data
from coproduce.analysis.coding_data import themes
from coproduce.analysis.data import question_texts
from coproduce.db import now
from coproduce.report import data

QDA_NS = "urn:QDA-XML:project:1.0"
QDC_NS = "urn:QDA-XML:codebook:1.0"
# The export's own words (not the reader's language): the values of the "Source type" variable.
SOURCE_TYPES = {
    "conversation": "Conversation",
    "audit_rating": "Case file audit",
    "practitioner_session": "Practitioner session",
    "manager_session": "Manager session",
    "self_assessment": "Self-assessment",
}
VARIABLES = ("Source type", "Council", "Language", "Interpreter")
AUDIT_RATINGS = {
    "good": "Good",
    "adequate": "Adequate",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "not_applicable": "Not applicable",
}


def _guid(kind: str, number: int | str) -> str:
    """A stable GUID for a row, made from this installation's namespace."""
    return str(uuid.uuid5(data.guid_namespace(), f"coproduce:{kind}:{number}"))


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


def _language(code: str | None) -> str:
    """A language's English name (the export's words), or its code when Babel does not know it."""
    try:
        return Locale.parse(code or "").get_display_name("en") or code or ""
    except (ValueError, UnknownLocaleError):
        return code or ""


def document_text(document: dict[str, Any]) -> dict[str, Any]:
    """A case file audit, a session or the self-assessment as plain text, with each item's span."""
    text, spans = "", {}
    for item in document["items"]:
        start = len(text)
        text += f"{item['heading']}\n"
        if item["rating"]:
            text += f"Rating: {AUDIT_RATINGS.get(item['rating'], item['rating'])}\n"
        text += f"{item['text']}\n"
        spans[(item["source"], item["id"])] = (start, len(text) - 1)
    if document.get("key_messages"):
        text += f"Key messages agreed\n{document['key_messages']}\n"
    return {"text": text, "spans": spans}


def _sources(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Every source of the review: guid, name, text, spans of its items, and its variables."""
    council = review["council_name"]
    facts = data.conversation_facts(review["id"])
    out = []
    for conv in conversation_texts(review["id"]):
        fact = facts.get(conv["id"], {})
        out.append(
            {
                **conv,
                "guid": _guid("conversation", conv["id"]),
                "name": conv["reference"],
                "variables": {
                    "Source type": SOURCE_TYPES["conversation"],
                    "Council": council,
                    "Language": _language(fact.get("language")),
                    "Interpreter": "Yes" if fact.get("interpreter") == "yes" else "No",
                },
            }
        )
    for document in sources_data.documents(review["id"]):
        kind = SOURCE_TYPES[document["source_type"]]
        if document["kind"] == "audit":
            name = f"{kind} {document['reference']} ({document['auditor']})"
        elif document["kind"] == "session":
            name = f"{kind} {document['held_on']} ({document['session_kind'].replace('_', ' ')})"
        else:
            name = kind
        out.append(
            {
                **document_text(document),
                "guid": _guid(document["kind"], document["id"]),
                "name": name,
                "variables": {"Source type": kind, "Council": council},
            }
        )
    return out


def _selections(
    source: ET.Element, item: tuple[str, int], span: tuple[int, int], codings: list[dict[str, Any]],
    guids: dict[int, str], name: str,
) -> None:  # fmt: skip
    """One PlainTextSelection an item and coder, with that coder's codings of the item."""
    n = f"{{{QDA_NS}}}"
    kind, item_id = item
    by_coder: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for coding in codings:
        by_coder[coding["coder_id"]].append(coding)
    for coder_id, mine in by_coder.items():
        first = min(coding["created_at"] for coding in mine).replace("+00:00", "Z")
        user = _guid("user", coder_id)
        selection = ET.SubElement(
            source,
            f"{n}PlainTextSelection",
            {"guid": _guid(f"selection:{kind}:{item_id}", coder_id), "name": f"{name} {kind} {item_id}",
             "startPosition": str(span[0]), "endPosition": str(span[1]), "creatingUser": user,
             "creationDateTime": first},
        )  # fmt: skip
        for coding in mine:
            element = ET.SubElement(
                selection,
                f"{n}Coding",
                {"guid": _guid(f"coding:{kind}", coding["id"]), "creatingUser": user,
                 "creationDateTime": coding["created_at"].replace("+00:00", "Z")},
            )  # fmt: skip
            ET.SubElement(element, f"{n}CodeRef", {"targetGUID": guids[coding["theme_id"]]})


def to_qdpx(review: dict[str, Any]) -> bytes:
    """A REFI-QDA project: project.qde (users, codebook, variables, text sources with their variable
    values and coded selections) and the sources as UTF-8 plain text files under sources/."""
    review_id = review["id"]
    ET.register_namespace("", QDA_NS)
    n = f"{{{QDA_NS}}}"
    project = ET.Element(
        f"{n}Project",
        {
            "name": f"{review['council_name']} practice review {review['year']}",
            "origin": "coproduce",
            "creationDateTime": now().replace("+00:00", "Z"),
        },
    )
    codings = {**data.codings(review_id), **sources_data.codings(review_id)}
    coder_rows = data.users_named({c["coder_id"] for rows in codings.values() for c in rows})
    # The schema wants at least one User and one source where the elements appear at all.
    if coder_rows:
        users = ET.SubElement(project, f"{n}Users")
        for user in coder_rows:
            ET.SubElement(users, f"{n}User", {"guid": _guid("user", user["id"]), "name": user["name"]})
    codebook = ET.SubElement(project, f"{n}CodeBook")
    guids = _codes(codebook, review_id, QDA_NS)
    files: dict[str, str] = {}
    found = _sources(review)
    if found:
        variables = ET.SubElement(project, f"{n}Variables")
        for name in VARIABLES:
            ET.SubElement(variables, f"{n}Variable", {"guid": _guid("variable", name), "name": name,
                                                      "typeOfVariable": "Text"})  # fmt: skip
    sources = ET.SubElement(project, f"{n}Sources") if found else None
    for found_source in found:
        path = f"{found_source['guid']}.txt"
        files[path] = found_source["text"]
        source = ET.SubElement(
            sources,
            f"{n}TextSource",
            {
                "guid": found_source["guid"],
                "name": found_source["name"],
                "plainTextPath": f"internal://{path}",
            },
        )
        for item, span in found_source["spans"].items():
            if codings.get(item):
                _selections(source, item, span, codings[item], guids, found_source["name"])
        for name, value in found_source["variables"].items():
            holder = ET.SubElement(source, f"{n}VariableValue")
            ET.SubElement(holder, f"{n}VariableRef", {"targetGUID": _guid("variable", name)})
            ET.SubElement(holder, f"{n}TextValue").text = value
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(project, encoding="utf-8", xml_declaration=True))
        for path, text in files.items():
            archive.writestr(f"sources/{path}", text.encode("utf-8"))
    return buffer.getvalue()
