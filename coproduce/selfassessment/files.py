"""What a document sent to the review may be: a PDF, a Word document or a spreadsheet, known by
what its bytes are (never by the name or type the browser gives), and not too big."""

from __future__ import annotations

import io
import re
import zipfile

# A document is at most this many bytes (the request limit, MAX_CONTENT_LENGTH, is a little above).
MAX_BYTES = 10 * 1024 * 1024
# How each kind is served back: always as a download, never shown in the browser.
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The part an Office Open XML file of each kind must have.
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def file_type(content: bytes) -> str | None:
    """'pdf', 'docx' or 'xlsx' from the file's content, or None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in OFFICE_PARTS.items() if part in names), None)


def safe_name(name: str, kind: str) -> str:
    """The uploaded name without folders or odd characters, ending in the extension of its kind."""
    stem = re.sub(r"[^\w\- ]+", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]).strip()
    return f"{stem[:80] or 'document'}.{kind}"
