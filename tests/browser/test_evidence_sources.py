"""Every source of a review in a browser: case file audits with moderation, sessions, the
self-assessment and a document, coding a source and the regional learning; axe on each page at a
tablet's and a phone's width, and the session form filled in with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_violations, sign_in

COVENTRY = "/reviews/3"
BIRMINGHAM = "/reviews/1"
VIEWPORTS = [{"width": 768, "height": 1024}, {"width": 360, "height": 740}]
PSW_PAGES = [
    f"{COVENTRY}/audits",
    f"{COVENTRY}/audits/3001",
    f"{COVENTRY}/audits/3002/record",
    f"{COVENTRY}/sessions",
    f"{COVENTRY}/sessions/new",
    f"{COVENTRY}/sessions/3001",
    f"{COVENTRY}/self-assessment",
    f"{COVENTRY}/self-assessment/answers",
    f"{COVENTRY}/coding",
    f"{COVENTRY}/coding/audit/3002",
    f"{COVENTRY}/coding/session/3003",
    f"{COVENTRY}/coding/self-assessment/3",
    f"{COVENTRY}/dashboard",
    f"{COVENTRY}/findings",
    f"{COVENTRY}/findings/2",
    f"{COVENTRY}/findings/5/evidence?theme=19",
    "/findings/regional",
]


def _too_wide(page: Page) -> list[str]:
    """What makes the page wider than the window (a wide table belongs in a scrollable region)."""
    return page.evaluate(
        """() => window.innerWidth >= document.documentElement.scrollWidth ? [] :
        [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .filter(e => !e.closest('.app-findings-scroll'))
            .slice(0, 3).map(e => e.outerHTML.slice(0, 120))"""
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["768", "360"])
def test_every_new_page_passes_axe_and_fits(page: Page, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    page.goto("/login?lang=en")
    sign_in(page, "psw")
    problems = {}
    for path in PSW_PAGES:
        page.goto(path)
        if found := axe_violations(page) + _too_wide(page):
            problems[path] = found
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


@pytest.mark.parametrize("lang", ["ur", "pa"])
def test_the_pages_pass_axe_in_another_language(page: Page, lang: str) -> None:
    page.goto(f"/login?lang={lang}")
    sign_in(page, "psw")
    for path in (f"{COVENTRY}/audits/3002/record", f"{COVENTRY}/sessions/3001", f"{COVENTRY}/dashboard"):
        page.goto(path)
        assert axe_violations(page) == [], path


def test_a_session_is_recorded_with_the_keyboard_alone(page: Page) -> None:
    page.set_viewport_size(VIEWPORTS[1])
    page.goto("/login?lang=en")
    sign_in(page, "psw")
    page.goto(f"{COVENTRY}/sessions/new")
    page.locator("#kind").focus()
    page.keyboard.press("ArrowDown")  # the second kind: frontline managers
    page.keyboard.press("Tab")
    for part in ("14", "3", "2024"):
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past social workers
    page.keyboard.press("Tab")  # past occupational therapists
    page.keyboard.press("Tab")  # past social care practitioners
    page.keyboard.type("5")  # team managers
    expect(page.locator("#attended_team_managers")).to_have_value("5")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Sessions:")
    row = page.locator("tbody tr", has_text="2024")
    expect(row).to_contain_text("Frontline managers")
    expect(row).to_contain_text("14")
    expect(row.locator("td").last).to_match_aria_snapshot('- cell "5"')  # the label is hidden


def test_an_audit_is_filled_in_and_its_moderation_shown(page: Page) -> None:
    page.goto("/login?lang=en")
    sign_in(page, "psw")
    page.goto(f"{COVENTRY}/audits")
    page.get_by_label("Case record reference").fill("COV-ASC-50001")
    page.get_by_label("Principal Social Worker who audits it").select_option(label="Sam Patel")
    page.get_by_role("button", name="Add case record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case record added")
    page.get_by_role("link", name="COV-ASC-50001 (your audit)").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save and mark as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a rating, or Not applicable")
    assert axe_violations(page) == []
    page.locator(".govuk-error-summary a").first.click()
    expect(page.locator("#rating_0")).to_be_focused()
    for group in page.locator(".govuk-radios").all():
        group.get_by_label("Not applicable").check()
    page.get_by_label("Notes on question 1 (optional)").fill("Nothing on file about what matters to them.")
    page.get_by_role("button", name="Save and mark as done").click()
    expect(page.locator("tr", has_text="COV-ASC-50001")).to_contain_text("Done")

    page.goto(f"{COVENTRY}/audits/3002/record")
    expect(page.locator("h1")).to_have_text("Case record COV-ASC-20131")
    expect(page.get_by_text("Rated differently")).to_have_count(4)
    expect(page.get_by_role("heading", name="What the person told us")).to_be_visible()


def test_the_council_answers_the_self_assessment_and_sends_a_document(page: Page, tmp_path) -> None:
    page.goto("/login?lang=en")
    sign_in(page, "authority_contact")
    page.goto(f"{BIRMINGHAM}/self-assessment")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Answer the self-assessment").click()
    page.get_by_label("Why did you choose this focus for the review?").fill(
        "People told us they felt unheard."
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save self-assessment").click()
    expect(page.locator("main")).to_contain_text("People told us they felt unheard.")
    fake = tmp_path / "notes.pdf"
    fake.write_text("<html>not a pdf</html>")
    page.get_by_label("Upload a document").set_input_files(str(fake))
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a PDF")
    assert axe_violations(page) == []
    real = tmp_path / "plan.pdf"
    real.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Upload a document").set_input_files(str(real))
    page.get_by_role("button", name="Upload document").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="plan.pdf", exact=True).click()
    assert download.value.suggested_filename == "plan.pdf"
    # Sent by mistake: deleted after a page that asks, and gone from the list.
    page.get_by_role("link", name="Delete plan.pdf").click()
    expect(page.locator("h1")).to_have_text("Delete “plan.pdf”?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, delete the document").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("“plan.pdf” deleted")
    expect(page.get_by_role("link", name="plan.pdf", exact=True)).to_have_count(0)


def test_a_psw_codes_a_session_and_sees_regional_learning(page: Page) -> None:
    page.goto("/login?lang=en")
    sign_in(page, "psw")
    page.goto(f"{COVENTRY}/coding")
    page.locator(f"a[href='{COVENTRY}/coding/session/3003']").click()
    section = page.locator("section").first
    section.get_by_label("Add a theme to this").select_option(label="Advocacy")
    section.get_by_role("button", name="Add theme").click()
    expect(page.locator("section").first.locator(".govuk-tag")).to_contain_text(["Advocacy"])
    assert axe_violations(page) == []
    page.goto("/")
    page.get_by_role("link", name="Learning across the region").click()
    expect(page.locator("main")).to_contain_text("Offer every carer a carer's assessment")
    expect(page.get_by_role("link", name="Download the findings as CSV")).to_have_count(0)
