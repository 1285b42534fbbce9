"""Checks every HTML page must pass, applied to each response the test client gets."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import html5lib
from babel.support import Translations
from bs4 import BeautifulSoup

from coproduce.i18n import LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# "Error:" before the title of a page with a form error, in every language.
ERROR_PREFIXES = tuple(
    Translations.load(str(TRANSLATIONS), [code]).gettext("Error:") + " " for code in LANGUAGES
)


CHOICES = "input[type=radio], input[type=checkbox]"


def unnamed_choice_groups(soup: BeautifulSoup) -> list[str]:
    """The names of the radios or checkboxes in each fieldset whose <legend> is missing or has no
    text: a screen reader then reads the answers without their question."""
    found = []
    for fieldset in soup.find_all("fieldset"):
        choice = fieldset.select_one(CHOICES)
        legend = fieldset.find("legend", recursive=False)
        if choice is not None and (legend is None or not legend.get_text().strip()):
            found.append(choice.get("name", ""))
    return found


MARKUP_AS_TEXT = re.compile(r"</?(span|a|strong|p|div|br|em|ul|li)(\s[^>]*)?/?>")


def check_page(html: str) -> BeautifulSoup:
    """Fail with a plain reason when the page breaks one of the rules every page keeps."""
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any HTML parse error
    soup = BeautifulSoup(html, "html.parser")

    root = soup.find("html")
    assert root is not None and root.get("lang") in LANGUAGES, "the <html> element needs a known lang"
    assert root.get("dir") == LANGUAGES[root["lang"]].direction, "the <html> dir must match the language"

    headings = soup.find_all("h1")
    assert len(headings) == 1, f"a page has exactly one <h1>, found {len(headings)}"
    h1 = " ".join(headings[0].get_text().split())
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    title = next((title[len(p) :] for p in ERROR_PREFIXES if title.startswith(p)), title)
    assert title.startswith(h1), f"the <title> {title!r} must start with the <h1> {h1!r}"

    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    unnamed = set(unnamed_choice_groups(soup))
    assert not unnamed, f"choice groups {sorted(unnamed)} need their question as the text of their <legend>"
    # Markup escaped into text (a template joining safe and unsafe strings) shows its tags to people.
    shown = soup.body.get_text(" ") if soup.body else ""
    tag = MARKUP_AS_TEXT.search(shown)
    assert tag is None, f"markup shown as text: {tag.group(0)!r}"

    summary = soup.select_one(".govuk-error-summary")
    if summary is not None:
        for link in summary.select("a[href^='#']"):
            assert link["href"][1:] in ids, f"the error summary links to #{link['href'][1:]}, not on the page"
    return soup
