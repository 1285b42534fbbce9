"""The easy-read privacy notice and the dashboard's chosen answers in a real browser: axe-core finds
nothing, nothing scrolls sideways at 360 and 768 px, and in right to left each picture sits at the
start of its line (on the right)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import axe_violations, sign_in
from tests.browser.screens import fit_problems

WALSALL = 6


def _fits(page: Page) -> list[str]:
    problems = []
    for width, height in ((360, 740), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        problems += [f"{width}: {p}" for p in fit_problems(page)]
    page.set_viewport_size({"width": 1024, "height": 768})
    return problems


@pytest.mark.parametrize("lang", ["en", "ur", "ar", "pl"])
def test_the_privacy_notice_passes_axe_and_fits(page: Page, lang: str) -> None:
    page.goto(f"/privacy/notice?lang={lang}")
    points = page.locator(".app-point")
    assert points.count() >= 20
    assert page.locator(".app-point img.app-picture").count() == points.count()
    assert axe_violations(page) == []
    assert _fits(page) == []
    picture = points.first.locator("img").bounding_box()
    text = points.first.locator(".app-point__text").bounding_box()
    assert picture and text
    if lang in ("ur", "ar"):
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert picture["x"] > text["x"]  # the picture first, on the right
    else:
        assert picture["x"] < text["x"]
    page.goto("/help?lang=en")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_dashboards_chosen_answers_pass_axe_and_fit(page: Page, lang: str) -> None:
    page.goto(f"/login?lang={lang}")
    sign_in(page, "psw")
    page.goto(f"/reviews/{WALSALL}/dashboard")
    assert page.locator("table", has_text="An interpreter" if lang == "en" else "ترجمان").count() >= 1
    assert axe_violations(page) == []
    assert _fits(page) == []
    page.goto("/help?lang=en")
