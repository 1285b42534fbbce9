"""Printable, interpreter-aware guide packs: HTML with a print stylesheet, or PDF through WeasyPrint.

A pack holds the guide side by side in English and one other language (each in its own script,
direction and font), for one kind of interpreting or none: the interpreter's briefing and the
interviewer's notes for that kind only (guides/interpreting.toml), the answer faces and the consent
sheet as that kind needs them (read out as words by telephone, large pictures for BSL), the easy-read
privacy notice after the consent sheet (guides/privacy-notice.toml), the questions and the easy-read
"what happens next" letter for the person. A person's pack adds their dialect to the interpreter's briefing.

Easy read on paper: one question a page (picture, both languages, the answer faces, kept together),
at least 14 point everywhere (18 in large print), a face sheet to point at, and a letter with the
review's reference and whom to phone. The PDF is tagged, in the pack's language, with each passage's
language, and its text extracts in every script (coproduce/pdf.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import LazyString, force_locale
from markupsafe import Markup

from coproduce.codes import LABELS
from coproduce.guides import answers, pictures
from coproduce.guides.interpreting import Mode, interpreting, mode_for
from coproduce.guides.model import Guide, Question
from coproduce.guides.notice import notice
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES, Language

log = logging.getLogger(__name__)
FORMATS = ("pdf", "html")


def N_(text: str) -> str:
    return text


# The pack's sheet headings and the words it shows in both languages (through t()). N_ marks them
# for extraction. The briefings and notes for each kind of interpreting are in guides/interpreting.toml.
HEADINGS = (
    N_("Briefing for the interpreter"),
    N_("Notes for the interviewer"),
    N_("The answer faces"),
    N_("Consent sheet"),
    N_("The questions"),
    N_("What happens next"),
    N_("Hands pressed together, meaning thank you"),
    N_("The picture shows: %(alt)s"),
    N_("Point to the face that fits best."),
    N_("Note for the interpreter:"),
    N_("You can also ask:"),
    N_("Our reference: %(reference)s"),
    N_("If you have a question about this review, please phone %(phone)s."),
    N_("If you have a question about this review, phone your council's adult social care team."),
    N_("Ask for the practice review team."),
    N_("A telephone"),
)
CONSENT_RECORD = (
    N_("The person agrees to take part."),
    N_("The person agrees that we write down what they say."),
)
# The five faces of the answer sheet and of each question, best first (the capture screens' order,
# coproduce/guides/answers.py), without "not sure" and "prefer not to say".
SCALE = tuple(code for code in answers.FACE_ORDER if code.isdigit())


def answer_words(question: Question, code: str) -> str:
    """The answers a question offers (not its faces: they have their own sheet), in language `code`."""
    if question.answer_type == "faces":
        with force_locale(code):
            return str(LABELS["answer_type"]["faces"])
    with force_locale(code):
        return " / ".join(answers.words(question, "choice", c) for c in answers.choice_codes(question))


class PackError(RuntimeError):
    """The pack could not be made; the message says why in words a person can act on."""


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, for the page footer (shown with `| safe`: a style element is not
    HTML-escaped, so every character that could end the string or the element is escaped the CSS way)."""
    if isinstance(text, Markup):  # what _() gives in a template, with its arguments HTML-escaped
        text = text.unescape()
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>&\n' else c for c in text)
    return f'"{escaped}"'


def _both(words: LazyString, code: str) -> tuple[str, str]:
    """Interface words (a label) in English and in the language `code`."""
    with force_locale("en"):
        english = str(words)
    with force_locale(code):
        return english, str(words)


@dataclass(frozen=True)
class Contact:
    """Whom the person can ask about the review, for the "what happens next" letter."""

    reference: str  # the review, as the person can name it on the phone
    phone: str | None = None


def review_contact(title: str, council: str, phone: str | None) -> Contact:
    """The contact for a review: its title (with the council's name, when the title lacks it) and
    the phone number set on the review, if any."""
    reference = title if council.casefold() in title.casefold() else f"{council}: {title}"
    return Contact(reference, phone.strip() if phone and phone.strip() else None)


def shows_faces(question: Question) -> bool:
    """Whether the question is answered with the faces (a rating)."""
    return question.answer_type == "faces"


@dataclass(frozen=True)
class Options:
    """What a pack is made for, beyond its guide and language."""

    large_print: bool = False
    interpreter: str | None = None  # a key of interpreting.MODE_KEYS; None: no interpreter
    dialect: str | None = None  # the person's dialect, for a person's pack
    contact: Contact | None = None  # the review the pack is for; None: made from the guide alone

    def mode(self) -> Mode | None:
        if self.interpreter is None:
            return None
        try:
            return interpreting().modes[self.interpreter]
        except KeyError:
            raise PackError(f"unknown interpreter '{self.interpreter}'") from None


def render_html(guide: Guide, code: str, options: Options | None = None) -> str:
    """The pack as one self-contained HTML page (pictures inside it, print stylesheet inline)."""
    options = options or Options()
    if code not in LANGUAGES:
        raise PackError(f"no complete catalogue for language '{code}'")
    lang: Language = LANGUAGES[code]
    mode = options.mode()

    def t(text: str) -> str:
        return in_language(text, code)

    briefing: list[str] = []
    if mode:
        briefing = [*interpreting().for_interpreter, *mode.for_interpreter]
    return render_template(
        "guides/pack.html",
        guide=guide,
        other=lang,
        english=LANGUAGES["en"],
        bilingual=code != "en",
        large_print=options.large_print,
        mode=mode,
        modes=interpreting().modes.values(),
        dialect=options.dialect if mode else None,
        dialect_line=interpreting().dialect,
        t=t,
        picture=pictures.data_uri,
        briefing=briefing,
        faces=[(answers.FACES[score], *_both(LABELS["rating"][score], code)) for score in answers.FACES],
        scale=[(answers.FACES[score], *_both(LABELS["rating"][score], code)) for score in SCALE],
        shows_faces=shows_faces,
        contact=options.contact,
        consent_record=CONSENT_RECORD,
        openmoji=pictures,
        css_string=css_string,
        answer_words=answer_words,
        notice=notice(),
    )


def render_pdf(guide: Guide, code: str, options: Options | None = None) -> bytes:
    """The pack as a tagged PDF made by WeasyPrint with Debian's Noto fonts."""
    html = render_html(guide, code, options)
    try:
        from coproduce.pdf import write_pdf

        return write_pdf(html)
    except Exception as error:
        log.exception("WeasyPrint could not make the %s pack for %s", code, guide.slug)
        raise PackError(f"the PDF could not be made ({type(error).__name__})") from error


def render(guide: Guide, code: str, fmt: str, options: Options | None = None) -> bytes:
    if fmt not in FORMATS:
        raise PackError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        return render_pdf(guide, code, options)
    return render_html(guide, code, options).encode("utf-8")


def filename(guide: Guide, code: str, fmt: str, options: Options | None = None) -> str:
    options = options or Options()
    interpreter = f"-{options.interpreter}" if options.interpreter else ""
    size = "-large-print" if options.large_print else ""
    return f"{guide.slug}-v{guide.version}-{code}{interpreter}{size}.{fmt}"


def options_for(conversation: dict[str, Any]) -> Options:
    """The person's pack: for the interpreting they will have, with their dialect, in large print
    when they need it."""
    return Options(
        large_print="large_print" in conversation["needs"],
        interpreter=mode_for(conversation["present"], conversation["needs"], conversation["contact_mode"]),
        dialect=conversation["dialect"],
        contact=review_contact(
            conversation["review_title"], conversation["council_name"], conversation["review_contact_phone"]
        ),
    )
