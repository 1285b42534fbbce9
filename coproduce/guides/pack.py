"""Printable, interpreter-aware guide packs: HTML with a print stylesheet, or PDF through WeasyPrint.

A pack holds the guide side by side in English and one other language (each in its own script,
direction and font), a briefing sheet for the interpreter, notes for BSL and deafblind interpreting,
the consent sheet and the easy-read "what happens next" letter for the person.
"""

from __future__ import annotations

import logging

from flask import render_template
from markupsafe import Markup

from coproduce.codes import LABELS
from coproduce.guides import pictures
from coproduce.guides.model import Guide
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES, Language

log = logging.getLogger(__name__)
FORMATS = ("pdf", "html")


def N_(text: str) -> str:
    return text


# Each sheet is English source text, shown beside its translation. N_ marks it for extraction.
INTERPRETER_BRIEFING = (
    N_("This conversation is part of a practice review of the council's adult social care."),
    N_("We ask people what their care and support is like, so that the council can do better."),
    N_("Everything said is confidential. Do not share it with anyone outside the review team."),
    N_("Interpret everything in the first person. Say 'I', as the speaker does."),
    N_("Do not add, leave out or summarise anything, even if it seems unimportant."),
    N_(
        "Speak to the person directly, not to the interviewer. "
        "Say 'you' to the person, as the interviewer does."
    ),
    N_("The interviewer speaks to the person, not to you. Please sit where the person can see you both."),
    N_("Ask the interviewer to stop or repeat if you need it. Say when a word has no easy translation."),
    N_("If you have any worry about the person's safety, tell the interviewer at once."),
    N_("Tell the interviewer before you start if you know the person."),
)
BSL_DEAFBLIND_NOTES = (
    N_("A BSL interpreter needs a break about every 20 minutes. Plan the breaks before you start."),
    N_("Sit so that the person can see the interpreter's face and hands in good light."),
    N_("The pictures in this guide can be shown while the question is signed."),
    N_("A deafblind person may use hands-on signing or deafblind manual. Ask what they prefer."),
    N_("Allow about twice the usual time. Check understanding after each question."),
)
# The pack's sheet headings and the thank-you picture, shown in both languages (through t()).
HEADINGS = (
    N_("Briefing for the interpreter"),
    N_("Notes for BSL and deafblind interpreting"),
    N_("Consent sheet"),
    N_("The questions"),
    N_("What happens next"),
    N_("Hands pressed together, meaning thank you"),
)
CONSENT_RECORD = (
    N_("The person agrees to take part."),
    N_("The person agrees that we write down what they say."),
)


class PackError(RuntimeError):
    """The pack could not be made; the message says why in words a person can act on."""


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, for the page footer (shown with `| safe`: a style element is not
    HTML-escaped, so every character that could end the string or the element is escaped the CSS way)."""
    if isinstance(text, Markup):  # what _() gives in a template, with its arguments HTML-escaped
        text = text.unescape()
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>&\n' else c for c in text)
    return f'"{escaped}"'


def _sheet(texts: tuple[str, ...], code: str) -> list[tuple[str, str]]:
    return [(text, in_language(text, code)) for text in texts]


def render_html(guide: Guide, code: str, large_print: bool = False) -> str:
    """The pack as one self-contained HTML page (pictures inside it, print stylesheet inline)."""
    if code not in LANGUAGES:
        raise PackError(f"no complete catalogue for language '{code}'")
    lang: Language = LANGUAGES[code]

    def t(text: str) -> str:
        return in_language(text, code)

    return render_template(
        "guides/pack.html",
        guide=guide,
        other=lang,
        english=LANGUAGES["en"],
        bilingual=code != "en",
        large_print=large_print,
        t=t,
        picture=pictures.data_uri,
        briefing=_sheet(INTERPRETER_BRIEFING, code),
        bsl_notes=_sheet(BSL_DEAFBLIND_NOTES, code),
        consent_record=_sheet(CONSENT_RECORD, code),
        openmoji=pictures,
        interpreter_types=tuple(LABELS["interpreter_type"]),
        css_string=css_string,
    )


def render_pdf(guide: Guide, code: str, large_print: bool = False) -> bytes:
    """The pack as a PDF made by WeasyPrint with Debian's Noto fonts."""
    html = render_html(guide, code, large_print)
    try:
        from weasyprint import HTML

        return HTML(string=html).write_pdf()
    except Exception as error:
        log.exception("WeasyPrint could not make the %s pack for %s", code, guide.slug)
        raise PackError(f"the PDF could not be made ({type(error).__name__})") from error


def render(guide: Guide, code: str, fmt: str, large_print: bool = False) -> bytes:
    if fmt not in FORMATS:
        raise PackError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        return render_pdf(guide, code, large_print)
    return render_html(guide, code, large_print).encode("utf-8")


def filename(guide: Guide, code: str, fmt: str, large_print: bool = False) -> str:
    size = "-large-print" if large_print else ""
    return f"{guide.slug}-v{guide.version}-{code}{size}.{fmt}"
