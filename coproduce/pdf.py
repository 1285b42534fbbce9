"""PDFs through WeasyPrint: tagged (PDF/UA-1), with the language of every passage, and text that
extracts (copy and paste, pdftotext, screen readers) in every script we print.

WeasyPrint maps each glyph to the text it was first drawn for (one ToUnicode entry a glyph). That is
right for Latin and mostly right for Arabic script, but wrong for:

- Indic scripts (Bengali, Gurmukhi, Gujarati): a vowel sign drawn before its consonant, a conjunct,
  a two-part vowel. The glyph of "া" first drawn as half of "ো" then reads "ো" everywhere.
- Nastaliq (Noto Nastaliq Urdu): letters share one skeleton glyph and take their dots as separate
  glyphs, so no one-glyph-one-text table can be right. The packs print Urdu in Noto Sans Arabic
  (coproduce.i18n.URDU_FONTS), whose glyphs map back to their letters. Arabic is printed in Noto
  Naskh Arabic, whose lam-alef reads back in order (Noto Sans Arabic's ligature reads back reversed
  in poppler) but whose letter under a tanween is drawn from parts ("آمنًا" reads "آم ًئنا").

So each line of an Indic script is wrapped in a marked-content span whose /ActualText is the line's
text, as PDF readers (poppler, Acrobat) expect for shaped text. Right-to-left lines keep their
glyph mapping: poppler lays an ActualText out left to right and so would reverse it. Every line
also carries its /Lang, and every structure element made from an element with a `lang` attribute
carries it too, so a screen reader switches voice for the Urdu beside the English.

WeasyPrint has no hook for either, so two of its drawing functions are wrapped once, on import.
tests/test_packs.py reads packs back and fails if a WeasyPrint upgrade breaks this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pydyf
from weasyprint import HTML
from weasyprint.draw import text as draw_text
from weasyprint.pdf import tags

# Scripts whose glyphs do not map one to one to text: Devanagari to Sinhala (Bengali, Gurmukhi,
# Gujarati among them), Thai to Khmer, Myanmar.
SHAPED = re.compile(r"[\u0900-\u0DFF\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF]")
RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def _wrap_lines() -> None:
    original = draw_text.draw_first_line
    if getattr(original, "coproduce", False):
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text, lang = textbox.text, textbox.style["lang"]
        properties = pydyf.Dictionary()
        if lang:
            properties["Lang"] = pydyf.String(lang)
        if SHAPED.search(text) and not RIGHT_TO_LEFT.search(text):
            properties["ActualText"] = pydyf.String(text)
        if not properties:
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", properties)
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    setattr(draw_first_line, "coproduce", True)  # noqa: B010 (a mark on a function)
    draw_text.draw_first_line = draw_first_line


def _tag_languages() -> None:
    original = tags._build_box_tree
    if getattr(original, "coproduce", False):
        return

    def build_box_tree(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        for structure in original(box, *args, **kwargs):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    setattr(build_box_tree, "coproduce", True)  # noqa: B010 (a mark on a function)
    tags._build_box_tree = build_box_tree


_wrap_lines()
_tag_languages()


def write_pdf(html: str) -> bytes:
    """The page as a tagged PDF/UA-1 document; its language is the <html> element's `lang`."""
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
