"""A coordinator sets up a review from nothing to assigned conversations, in a real browser.

Every new page on the way is checked with axe; the invitation page in Urdu too (the crawl in
test_accessibility.py checks the pages reachable by links in both languages).
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import axe_violations, sign_in

PEOPLE_CSV = (
    "reference,contact_mode,language,dialect,needs,is_carer,access_notes\r\n"
    "WSL-ASC-001,phone,ur,Mirpuri,interpreter_spoken,no,Prefers mornings\r\n"
    "WSL-ASC-002,home,en,,easy_read;carer_present,yes,\r\n"
    "WSL-ASC-003,video,pl,,,no,\r\n"
)


def _no_axe_violations(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def test_a_coordinator_sets_up_a_review_to_assigned_conversations(
    page: Page, browser: Browser, live_server: str
) -> None:
    page.goto("/login?lang=en")
    sign_in(page, "coordinator")

    # 1. The review.
    page.get_by_role("link", name="Set up a review").first.click()
    _no_axe_violations(page)
    page.get_by_role("button", name="Save review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the council being reviewed")
    _no_axe_violations(page)
    page.locator("#council").select_option(label="Walsall")
    page.locator("input[name=focus][value=edi]").check()
    page.locator("#year").fill("2030")
    page.locator("#onsite_start-day").fill("3")
    page.locator("#onsite_start-month").fill("3")
    page.locator("#onsite_start-year").fill("2030")
    page.locator("#safeguarding_contact_name").fill("Walsall Adult Safeguarding")
    page.locator("#safeguarding_contact_phone").fill("01922 555 0100")
    page.get_by_role("button", name="Save review").click()
    expect(page.locator("h1")).to_have_text("Walsall review 2030")
    _no_axe_violations(page)
    review_url = page.url

    # 2. A new expert by experience is invited and sets a password from the link.
    page.get_by_role("link", name="Change the team").click()
    page.get_by_role("link", name="Invite someone new").click()
    page.locator("#name").fill("Farah Ali")
    page.locator("#email").fill("farah.ali@example.org")
    page.locator("input[name=role][value=expert_by_experience]").check()
    page.get_by_role("button", name="Invite and make a link").click()
    link = page.locator("#invite-link").inner_text()
    _no_axe_violations(page)

    invited = browser.new_context(base_url=live_server).new_page()
    invited.goto(link + "?lang=ur")
    expect(invited.locator("html")).to_have_attribute("dir", "rtl")
    _no_axe_violations(invited)
    invited.goto(link + "?lang=en")
    invited.locator("#password").fill("short")
    invited.get_by_role("button", name="Save password and sign in").click()
    expect(invited.locator(".govuk-error-summary")).to_contain_text("at least 12 characters")
    _no_axe_violations(invited)
    invited.locator("#password").fill("walsall kettle river morning")
    invited.get_by_role("button", name="Save password and sign in").click()
    expect(invited.locator("h1")).to_have_text("Your conversations")

    # 3. The team.
    page.goto(review_url + "/team")
    _no_axe_violations(page)
    page.locator("#user").select_option(label="Farah Ali (Expert by experience, farah.ali@example.org)")
    page.locator("input[name=team_role][value=expert_by_experience]").check()
    page.get_by_role("button", name="Add to the team").click()
    page.locator("#user").select_option(label="Sam Patel (Principal Social Worker, psw@example.org)")
    page.locator("input[name=team_role][value=lead_psw]").check()
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator("table")).to_contain_text("Farah Ali")
    expect(page.locator("table")).to_contain_text("Sam Patel")

    # 4. The people to talk to, from a CSV file: first with a problem, then clean.
    page.goto(review_url)
    page.get_by_role("button", name="Import from a CSV file").click()
    _no_axe_violations(page)
    bad = PEOPLE_CSV.replace("pl,", "klingon,")
    page.locator("#file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#problems")).to_contain_text("klingon is not a language code we know")
    _no_axe_violations(page)
    page.locator("#file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE_CSV.encode()}
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 people are imported")

    # 5. Assigning: the first person to the new expert, with a date and time.
    page.get_by_role("link", name="Assign WSL-ASC-001").click()
    _no_axe_violations(page)
    page.locator("#interviewer").select_option(label="Farah Ali")
    page.locator("#planned_date-day").fill("4")
    page.locator("#planned_date-month").fill("3")
    page.locator("#planned_date-year").fill("2030")
    page.locator("#planned_time").fill("10:30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#people ~ table")).to_contain_text("Farah Ali")
    page.get_by_role("link", name="Not taking place WSL-ASC-001").click()
    _no_axe_violations(page)

    # 6. The expert by experience sees what to prepare.
    invited.goto("/")
    row = invited.locator("tbody tr").first
    expect(row).to_contain_text("WSL-ASC-001")
    expect(row).to_contain_text("Mirpuri")
    expect(row).to_contain_text("Interpreter for a spoken language")
    _no_axe_violations(invited)
    invited.context.close()
