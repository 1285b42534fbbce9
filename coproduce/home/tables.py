"""The expert's home's tables of conversations (to do, finished), drawn for each request but cheaply.

Each row is one person the expert will talk to or has talked to (their reference, needs, language):
nothing of a row is ever kept. What is kept is the table's frame: govukTable (through `app_table`'s
`stacked_table`) drawn once for each shape (to do or finished, how many rows, the caption, the
page's language) with a mark in every cell, and split at the marks. A request then fills the frame
with its own rows' cells, escaped here: the same HTML govukTable draws for them, at the cost of a
join instead of a macro call a cell (a third of the page's time before, and its row loop in Jinja as
much again). tests/test_expert_home.py compares it with the Jinja macro it replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from coproduce.codes import INTERPRETER_NEEDS, label, needs_of
from coproduce.i18n import format_datetime, language, language_name
from coproduce.paging import Page
from coproduce.templating import TABLE_MACRO, stacked_table

MARKED = Markup("\x00")  # never in a page: the text rule keeps control characters out of what is stored
BREAK = Markup("<br>")
NOTE = Markup('<p class="govuk-body-s govuk-!-margin-bottom-0">%s</p>')
ANY_ID = 918273645  # a conversation's address is made once a table, then each row's id put in
FRAMES_LIMIT = 256
_frames: dict[tuple[Any, ...], list[str]] = {}
_TAG_COLOURS = {
    "not_started": "govuk-tag--grey",
    "in_progress": "",
    "submitted": "govuk-tag--green",
    "did_not_take_place": "govuk-tag--yellow",
}


def conversations_table(
    title: str, items: Sequence[Mapping[str, Any]], to_do: bool, page: Page | None = None
) -> Markup:
    """The table of `items` (rows of `capture.data.to_hold` or `finished`): the person, when, how,
    language, interpreter and access needs (to do), the council and the status."""
    code = language().code
    head = [_("Person"), _("When")]
    if to_do:
        head += [_("How"), _("Language"), _("Interpreter"), _("Access needs")]
    head += [_("Council"), _("Status")]
    caption = _macros().rows_caption(title, page)
    frame = _frame(code, str(caption), tuple(head), len(items))
    before, _mark, after = url_for("capture.prepare", conversation_id=ANY_ID).partition(str(ANY_ID))
    words = _Words()
    cells: list[str] = []
    for item in items:
        href = f"{before}{int(item['id'])}{after}"
        reference = f'<a class="govuk-link" href="{href}"><bdi>{escape(item["reference"])}</bdi></a>'
        when = escape(_when(item["planned_at"], code)) if item["planned_at"] else words.not_planned
        cells += [reference, when]
        if to_do:
            cells += _to_do_cells(item, words)
        cells += [escape(item["council_name"]), _status_tag(item["status"], code)]
    parts = [frame[0]]
    for cell, rest in zip(cells, frame[1:], strict=True):
        parts += [cell, rest]
    return Markup("".join(parts))  # noqa: S704 (govukTable's frame, each cell escaped above)  # nosec B704


class _Words:
    """The app's words a table shows, each looked up once a table rather than once a row."""

    def __init__(self) -> None:
        self.not_planned = escape(_("Not planned yet"))
        self.carer = BREAK + escape(_("The person is a carer"))
        self.no_interpreter = escape(_("None"))
        self._labels: dict[tuple[str, str], Markup] = {}

    def label(self, kind: str, code: str) -> Markup:
        words = self._labels.get((kind, code))
        if words is None:
            words = self._labels[kind, code] = escape(label(kind, code))
        return words


def _to_do_cells(item: Mapping[str, Any], words: _Words) -> list[Markup]:
    """How, language, interpreter and access needs: what the expert prepares for."""
    needs = needs_of(item["needs"])
    spoken = escape(language_name(item["language"]))
    if item["dialect"]:
        spoken += Markup(" (%s)") % item["dialect"]
    interpreter = BREAK.join(words.label("need", need) for need in needs if need in INTERPRETER_NEEDS)
    access = BREAK.join(words.label("need", need) for need in needs if need not in INTERPRETER_NEEDS)
    if item["is_carer"]:
        access += words.carer
    if item["access_notes"]:
        access += NOTE % item["access_notes"]
    how = words.label("contact_mode", item["contact_mode"])
    return [how, spoken, interpreter or words.no_interpreter, access]


def _frame(code: str, caption: str, head: tuple[str, ...], rows: int) -> list[str]:
    """govukTable, as `app_table` draws it, of `rows` rows of marked cells, split at the marks."""
    key = (code, caption, head, rows)
    frame = _frames.get(key)
    if frame is None:
        macro = current_app.jinja_env.get_template(TABLE_MACRO).module.govukTable
        params = {
            "caption": Markup(caption),  # noqa: S704 (rows_caption's escaped output)  # nosec B704
            "captionClasses": "govuk-table__caption--m",
            "head": list(head),
            "rows": [[{"html": MARKED} for _name in head] for _row in range(rows)],
            "firstCellIsHeader": True,
            "stack": "desktop",
        }
        frame = str(macro(stacked_table(params))).split(MARKED)
        if len(_frames) >= FRAMES_LIMIT:
            _frames.clear()
        _frames[key] = frame
    return frame


@lru_cache(maxsize=4096)
def _when(value: str, _language: str) -> str:
    """A planned time in the page's language (`_language`, its code, keys the cache)."""
    return format_datetime(value)


@lru_cache(maxsize=64)
def _status_tag(status: str, _language: str) -> str:
    """A conversation's status as `conversation_status_tag` (templates/_macros.html) draws it."""
    words = escape(label("conversation_status", status))
    return f'<strong class="govuk-tag {_TAG_COLOURS.get(status, "")}">{words}</strong>'


def _macros() -> Any:
    return current_app.jinja_env.get_template("_macros.html").module
