"""What people do in the browser shows in the coordinator's audit log."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_violations, sign_in


def test_the_coordinator_sees_an_experts_sign_in_and_sign_out(page: Page) -> None:
    sign_in(page, "expert2@example.org")
    page.locator(".app-account-bar__signout button").click()
    page.wait_for_url("**/signed-out")
    sign_in(page, "coordinator")
    page.goto("/privacy/audit?who=expert2%40example.org&lang=en")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("sign_out")
    # Between them, perhaps, the tablet keeping the expert's conversations for use with no connection.
    signed_in = rows.filter(has_text="sign_in").first
    expect(signed_in).to_contain_text("expert2@example.org")
    assert axe_violations(page) == []
