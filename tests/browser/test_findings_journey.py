"""The findings journey in a browser: code quotes, write an evidenced recommendation, sign it off,
download the Word report, and the council records its six-month follow-up. axe on each page.

Coventry's report is published in the demo, and a final report takes no new finding, so the journey
runs on its own copy of the demo with the report back at draft until the team has signed off."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from playwright.sync_api import Browser, Page, expect

from coproduce.db import connect
from tests.browser.conftest import live_app, serving
from tests.browser.helpers import axe_violations, sign_in

COVENTRY = "/reviews/3"


def set_stage(database: str, stage: str) -> None:
    connect(database).execute("UPDATE reviews SET report_stage = ? WHERE id = 3", [stage])


def test_from_coding_to_follow_up(browser: Browser, demo_database: Path, tmp_path: Path) -> None:
    app = live_app(demo_database, tmp_path)
    set_stage(app.config["DATABASE"], "draft")
    with serving(app) as address:
        context = browser.new_context(base_url=address, viewport={"width": 1024, "height": 768})
        try:
            journey(context.new_page(), app.config["DATABASE"], tmp_path)
        finally:
            context.close()


def journey(page: Page, database: str, tmp_path: Path) -> None:
    page.goto("/login?lang=en")
    sign_in(page, "psw")
    page.goto(COVENTRY)
    page.get_by_role("link", name="Reading and coding").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="COV-ASC-20240").click()
    quote = page.locator(".app-findings-quote").first
    quote.get_by_label("Add a theme to this quote").select_option(label="Choice and control")
    quote.get_by_role("button", name="Add theme").click()
    expect(page.locator(".app-findings-quote").first.locator(".govuk-tag")).to_contain_text(
        "Choice and control"
    )
    assert axe_violations(page) == []

    page.goto(f"{COVENTRY}/findings")
    page.get_by_role("button", name="Write a finding").click()
    page.get_by_label("Recommendation", exact=True).check()
    page.get_by_label("Finding", exact=True).fill("Let people choose who supports them, and when")
    page.get_by_label("Owner at the council (for a recommendation)").fill("Head of Commissioning")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator("h1")).to_have_text("Let people choose who supports them, and when")

    page.get_by_role("link", name="Link quotes, answers and themes").click()
    for text in (
        "COV-ASC-20114: “She listened",
        "COV-ASC-20152: “I had to say",
        "COV-ASC-20240: “I chose who",
    ):
        page.get_by_label(text).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Link evidence").click()
    people = page.locator(".govuk-summary-list__row", has_text="People it rests on")
    expect(people).to_contain_text("3")
    expect(page.locator("blockquote")).to_have_count(3)
    page.get_by_role("button", name="Sign off this finding").click()
    expect(page.locator("h1")).to_have_text("Sign off this finding?")  # it asks first
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, sign it off").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Signed off")
    assert axe_violations(page) == []
    set_stage(database, "published")  # the team finished the report; the council may see it

    page.goto(f"{COVENTRY}/findings")
    with page.expect_download() as download:
        page.get_by_role("link", name="Report (Word)").click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Let people choose who supports them, and when" in text
    assert "“I chose who comes to help me in the morning.” (COV-ASC-20240, in their own words)" in text

    page.context.clear_cookies()
    page.goto("/login?lang=en")
    sign_in(page, "contact2@example.org")
    page.goto(COVENTRY)
    page.get_by_role("link", name="Findings and follow-up").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Let people choose who supports them, and when").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Head of Commissioning")
    page.get_by_role("button", name="Record progress").click()
    page.get_by_role("button", name="Record progress").click()  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose how far the council has got")
    assert axe_violations(page) == []
    page.get_by_label("In progress", exact=True).check()
    page.get_by_label("Evidence of progress (optional)").fill(
        "A new choice-of-provider leaflet went out in June."
    )
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator("table")).to_contain_text("A new choice-of-provider leaflet")
    assert axe_violations(page) == []


def test_team_pages_pass_axe_in_urdu(page: Page) -> None:
    page.goto("/login?lang=ur")
    sign_in(page, "psw")
    for path in ("dashboard", "equity", "codebook", "codebook/16", "coding/compare", "findings/5/evidence"):
        page.goto(f"{COVENTRY}/{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert axe_violations(page) == [], path
