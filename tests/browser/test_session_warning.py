"""The warning before an idle session ends opens, passes axe, and "Stay signed in" keeps the session."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_violations, sign_in


def test_the_idle_warning_opens_and_extends_the_session(page: Page) -> None:
    page.clock.install()
    sign_in(page, "psw")
    dialog = page.locator("#session-warning")
    expect(dialog).to_be_hidden()
    idle = int(dialog.get_attribute("data-idle-seconds"))
    warn = int(dialog.get_attribute("data-warn-seconds"))
    page.clock.run_for((idle - warn + 1) * 1000)
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_id("session-warning-title")  # in whatever language psw has now
    assert axe_violations(page) == []
    with page.expect_response(lambda response: "/session/extend" in response.url) as extended:
        dialog.locator("button[type=submit]").click()
    assert extended.value.status == 200
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/")  # the page was not left
