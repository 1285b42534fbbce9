"""Checks every HTML page must pass, applied to each response the test client gets."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup

from coproduce.i18n import LANGUAGES

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
    title = title.split(" ", 1)[1] if title.startswith(("Error:", "غلطی:")) else title
    assert title.startswith(h1), f"the <title> {title!r} must start with the <h1> {h1!r}"

    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    # Markup escaped into text (a template joining safe and unsafe strings) shows its tags to people.
    shown = soup.body.get_text(" ") if soup.body else ""
    tag = MARKUP_AS_TEXT.search(shown)
    assert tag is None, f"markup shown as text: {tag.group(0)!r}"

    summary = soup.select_one(".govuk-error-summary")
    if summary is not None:
        for link in summary.select("a[href^='#']"):
            assert link["href"][1:] in ids, f"the error summary links to #{link['href'][1:]}, not on the page"
    return soup
