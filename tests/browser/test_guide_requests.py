"""A council request for guide packs goes from request to download, through the pages, with CSRF on."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from coproduce.guides.loader import latest
from tests.browser.helpers import axe_violations, sign_in


def test_a_council_request_goes_from_request_to_download(browser: Browser, live_server: str) -> None:
    contact_context = browser.new_context(base_url=live_server, accept_downloads=True)
    coordinator_context = browser.new_context(base_url=live_server)
    try:
        contact = contact_context.new_page()
        contact.goto("/login?lang=en")
        sign_in(contact, "authority_contact")
        contact.get_by_role("link", name="Guide requests").click()
        contact.get_by_role("button", name="Request guide packs").click()
        expect(contact.locator("h1")).to_have_text("Request guide packs")
        assert axe_violations(contact) == []
        contact.get_by_label("Caring for someone").check()
        contact.get_by_label("اردو (Urdu)").check()
        expect(contact.locator('label span[lang="ur"][dir="rtl"]')).to_have_text("اردو")
        contact.get_by_label("Large print").check()
        contact.get_by_label("British Sign Language (BSL)").check()
        contact.get_by_label("How many people will you talk with?").fill("4")
        contact.get_by_label("Needed by").fill("2030-05-01")
        contact.get_by_label("Notes").fill("One person is deafblind and uses hands-on signing.")
        contact.get_by_role("button", name="Send the request").click()
        expect(contact.locator(".govuk-notification-banner")).to_contain_text("Your request has been sent")
        expect(contact.locator(".govuk-tag").first).to_have_text("Requested")
        request_url = contact.url
        assert axe_violations(contact) == []

        coordinator = coordinator_context.new_page()
        coordinator.goto("/login?lang=en")
        sign_in(coordinator, "coordinator")
        coordinator.goto(request_url)
        coordinator.get_by_label("Ready to download").check()
        coordinator.get_by_label("Note for the council (optional)").fill("Packs are ready.")
        coordinator.get_by_role("button", name="Save the status").click()
        expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("The status is saved.")
        assert axe_violations(coordinator) == []

        contact.reload()
        expect(contact.locator(".govuk-tag").first).to_have_text("Ready to download")
        expect(contact.locator(".app-request-history")).to_contain_text("Packs are ready.")
        with contact.expect_download() as download_info:
            name = "Urdu pack (British Sign Language (BSL)), large print PDF"
            contact.get_by_role("link", name=name).click()
        download = download_info.value
        assert (
            download.suggested_filename
            == f"caring-for-someone-v{latest('caring-for-someone').version}-ur-bsl-large-print.pdf"
        )
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    finally:
        contact_context.close()
        coordinator_context.close()


def test_the_guide_and_pack_pages_pass_axe_in_urdu(page: Page) -> None:
    page.goto("/login?lang=ur")
    sign_in(page, "expert_by_experience")
    for path in ("/guides/your-care-and-support", "/guides/caring-for-someone/pack", "/guides/pictures"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert axe_violations(page) == [], path
        if path == "/guides/your-care-and-support":
            expect(page.get_by_role("button", name="بلند آواز سے پڑھیں").first).to_be_visible()
