"""Every role signs in and every page it can reach passes axe-core, in English and in Urdu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_violations, reachable_pages, sign_in
from tests.route_permissions import ROLES

HOME_HEADINGS = {
    "coordinator": "All reviews",
    "psw": "Your reviews",
    "expert_by_experience": "Your conversations",
    "authority_contact": "Your reviews",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_with_the_labelled_form(page: Page, role: str) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("Email address").fill(f"{role}@x")  # the labels lead to the fields
    sign_in(page, role)
    expect(page.locator("h1")).to_have_text(HOME_HEADINGS[role])
    expect(page.locator(".app-account-bar")).to_contain_text("Sign out")


def test_sign_out_through_the_button(page: Page) -> None:
    sign_in(page, "psw")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")
    page.goto("/")
    assert "/login" in page.url


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_signed_out_pages_pass_axe(page: Page, lang: str) -> None:
    for path in (f"/login?lang={lang}", "/help", "/no-such-page"):
        page.goto(path)
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_passes_axe(page: Page, role: str, lang: str) -> None:
    page.goto(f"/login?lang={lang}")
    sign_in(page, role)

    def check(path: str, _before: list[str]) -> None:
        assert page.locator("html").get_attribute("lang") == lang, path
        assert axe_violations(page) == [], f"{role} {lang} {path}"

    pages = reachable_pages(page, visit=check)
    assert len(pages) >= 2, pages


def test_the_password_can_be_shown_and_hidden(page: Page) -> None:
    page.goto("/login?lang=en")
    password = page.locator("#password")
    password.fill("a pasted password")
    page.get_by_role("button", name="Show password").click()
    expect(password).to_have_attribute("type", "text")
    page.get_by_role("button", name="Hide password").click()
    expect(password).to_have_attribute("type", "password")


def test_the_language_switcher_works_without_a_url_parameter(page: Page) -> None:
    page.goto("/help?lang=en")
    page.get_by_label("Language").select_option("ur")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto("/help")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
