"""Every page each role reaches fits a phone (360x740) and a tablet held upright (768x1024) in all
nine languages: nothing scrolls sideways, no control is under 44 by 44 CSS pixels, and axe-core's
rules that depend on the screen's width find nothing.

Budget: the whole suite must stay under 15 minutes on two cores, and loading pages is what costs,
so each load is used as far as it goes:

- one browser context per role, signed in once; its pages are found by following links from its
  home (as `reachable_pages` does), and the English pass is that walk: every page is measured as
  it is found;
- each page loaded is measured at both widths by resizing the viewport, one page.evaluate a width
  (tests/browser/screens.py). A resize lays a page out again as a load at that width would: no
  page lays itself out by script, and GOV.UK Frontend's navigation follows media-query changes;
- English: every page. Urdu (right to left, in Nastaliq, the tallest and widest script we show):
  one page of each kind a role reaches (its address with the numbers taken out). The other seven
  languages: one page of each kind across the roles (each role's home counted apart). A page of
  the same kind is the same template with another record's data, and what changes between
  languages is the words' length, script and direction;
- axe-core at phone width on one page of each kind in English and Urdu, with only its rules whose
  outcome depends on the width and that the 44px measurement does not already check more strictly
  (screens.LAYOUT_RULES: scrolling regions, the viewport). The others read the markup, the same at
  every width, and test_accessibility.py runs all of them on every page in English and Urdu at
  1024 px. In the other seven languages only the words change, which the request-level page
  check reads.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import AXE_SOURCE, reachable_pages, sign_in
from tests.browser.screens import LAYOUT_RULES, fit_problems
from tests.route_permissions import ROLES

PHONE = {"width": 360, "height": 740}
TABLET = {"width": 768, "height": 1024}
OTHER_LANGUAGES = ("pa", "pl", "ro", "bn", "ar", "gu", "so")
LIMIT = 40  # pages a role's walk visits, as test_accessibility.py

# Kinds of page already measured in the seven other languages, across the roles' tests.
_kinds_seen: set[tuple[str, str]] = set()


def _kind(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _layout_axe(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
        LAYOUT_RULES,
    )
    return [f"axe {v['id']}: {[n['html'][:120] for n in v['nodes'][:3]]}" for v in result["violations"]]


def _measure(page: Page, path: str, lang: str, problems: list[str], axe: bool = False) -> None:
    """Both widths of the page as loaded, starting with the viewport's own, so one resize serves;
    with `axe`, axe-core's layout rules at phone width."""
    actual = page.locator("html").get_attribute("lang")
    if actual != lang:
        problems.append(f"{lang} {path}: the page is in {actual!r}")
    widths = (PHONE, TABLET) if page.viewport_size == PHONE else (TABLET, PHONE)
    for index, viewport in enumerate(widths):
        if index:
            page.set_viewport_size(viewport)
        found = fit_problems(page)
        if axe and viewport == PHONE:
            found += _layout_axe(page)
        problems.extend(f"{lang} {viewport['width']} {path}: {problem}" for problem in found)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_page_fits_phones_and_tablets_in_every_language(
    browser: Browser, live_server: str, role: str | None
) -> None:
    context = browser.new_context(base_url=live_server, viewport=PHONE, service_workers="block")
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto("/login?lang=en")
        if role:
            sign_in(page, role)
        # The English pass is the walk: each page is measured as it is found.
        pages = reachable_pages(
            page,
            "/" if role else "/login",
            LIMIT,
            visit=lambda path, before: _measure(
                page, path, "en", problems, axe=_kind(path) not in {_kind(other) for other in before}
            ),
        )
        assert len(pages) >= (2 if role else 3), pages
        kinds = {_kind(path): path for path in reversed(pages)}  # the first page of each kind
        kinds = [path for path in pages if kinds[_kind(path)] == path]
        for lang in ("ur", *OTHER_LANGUAGES):
            page.goto(f"/help?lang={lang}")  # remembered: the pages below need no ?lang=
            for path in kinds:
                key = f"{role}:{path}" if path == "/" else _kind(path)
                if lang != "ur" and (lang, key) in _kinds_seen:
                    continue
                _kinds_seen.add((lang, key))
                page.goto(path, wait_until="domcontentloaded")
                _measure(page, path, lang, problems, axe=lang == "ur")
    finally:
        page.goto("/help?lang=en")  # leave the person's language as the other tests expect it
        context.close()
    assert problems == [], "\n".join(problems[:60])
