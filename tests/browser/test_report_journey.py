"""A review's report from draft to published in a browser, as each person does their part: the lead
sends it to the team; an expert by experience comments; the lead answers and sends it to the council;
the council comments; a PSW answers, checks the quotes and approves; the lead approves; the council
publishes; anyone reads it. axe on every page. On a server of its own (the Walsall review is moved
back to draft first, so the shared server's demo stays as it is)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from coproduce.db import connect
from tests.browser.conftest import live_app, serving
from tests.browser.helpers import axe_violations, sign_in

WALSALL = "/reviews/6"


@pytest.fixture
def draft_server(demo_database: Path, tmp_path: Path) -> Iterator[str]:
    app = live_app(demo_database, tmp_path)
    db = connect(app.config["DATABASE"])
    with db.conn:
        db.execute("UPDATE reviews SET report_stage = 'draft' WHERE id = 6")
        db.execute("DELETE FROM report_comments WHERE review_id = 6")
        db.execute("DELETE FROM quote_checks WHERE quote_id IN (SELECT q.id FROM quotes q JOIN answers a ON "
                   "a.id = q.answer_id JOIN conversations c ON c.id = a.conversation_id JOIN participants p "
                   "ON p.id = c.participant_id WHERE p.review_id = 6)")  # fmt: skip
    db.close()
    with serving(app) as address:
        yield address


def as_person(browser: Browser, address: str, who: str) -> Page:
    context = browser.new_context(
        base_url=address, viewport={"width": 1024, "height": 768}, service_workers="block"
    )
    page = context.new_page()
    page.goto("/login?lang=en")
    sign_in(page, who)
    return page


def checked(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def test_from_draft_to_published(browser: Browser, draft_server: str) -> None:
    lead = as_person(browser, draft_server, "psw2@example.org")
    lead.goto(WALSALL)
    expect(lead.locator("[aria-current=step]")).to_contain_text("Draft")
    checked(lead)
    lead.get_by_role("link", name="Report", exact=True).click()
    checked(lead)
    lead.get_by_role("button", name="Send the report to the team to check").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Team check")
    checked(lead)

    expert = as_person(browser, draft_server, "expert_by_experience")
    expert.goto(f"{WALSALL}/report")
    checked(expert)
    expert.get_by_role(
        "link", name=re.compile(r"Comment on this finding\W+Workers build on what people are good at")
    ).click()
    checked(expert)
    expert.get_by_label("Another comment").check()
    expert.get_by_label("Your comment").fill("Put the quote about the daughter first.")
    expert.get_by_role("button", name="Send the comment").click()
    expect(expert.locator(".govuk-notification-banner")).to_contain_text("Comment sent")

    lead.reload()
    expect(lead.locator(".govuk-warning-text")).to_contain_text("1 comment is still open.")
    lead.get_by_role("link", name="Accept or decline").click()
    checked(lead)
    lead.get_by_label("Accepted").check()
    lead.get_by_label("Why").fill("Moved it first.")
    lead.get_by_role("button", name="Save the answer").click()
    lead.get_by_role("button", name="Send the report to the council to check the facts").click()
    checked(lead)

    council = as_person(browser, draft_server, "contact3@example.org")
    council.goto(WALSALL)
    council.get_by_role("link", name="Report", exact=True).click()
    expect(council.locator("main")).not_to_contain_text("WAL-10")
    checked(council)
    council.get_by_role(
        "link", name=re.compile(r"Comment on this finding\W+People are not asked which language they want")
    ).click()
    council.get_by_role("button", name="Send the comment").click()  # nothing chosen: the error summary
    expect(council.locator(".govuk-error-summary")).to_contain_text("Choose what kind of comment it is")
    checked(council)
    council.get_by_label("This is factually wrong. Here is the correction").check()
    council.get_by_label("Your comment").fill("Our letters ask about language since April.")
    council.get_by_role("button", name="Send the comment").click()
    checked(council)

    psw = as_person(browser, draft_server, "psw")
    psw.goto(f"{WALSALL}/report")
    psw.get_by_role("link", name="Accept or decline").click()
    psw.get_by_label("Declined").check()
    psw.get_by_label("Why").fill("The letters we read were sent before April.")
    psw.get_by_role("button", name="Save the answer").click()
    psw.get_by_role("link", name="Check the quotes for identifying details").click()
    expect(psw.locator("mark").first).to_be_visible()
    checked(psw)
    for box in psw.get_by_label("Checked for identifying details").all():
        box.check()
    psw.locator("fieldset", has_text="Khan").get_by_label("Not for publication").check()
    psw.get_by_role("button", name="Save the checks").click()
    checked(psw)
    psw.goto(f"{WALSALL}/report")
    psw.get_by_role("button", name="Approve the final report").click()
    expect(psw.locator(".govuk-notification-banner")).to_contain_text("Approval recorded")

    lead.goto(f"{WALSALL}/report")
    lead.get_by_role("button", name="Approve the final report").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("The report is final.")
    checked(lead)

    council.goto(f"{WALSALL}/report")
    council.get_by_role("button", name="Publish the public version").click()
    expect(council.locator("[aria-current=step]")).to_contain_text("Published")
    checked(council)
    council.get_by_role("link", name="The published report").click()
    checked(council)

    public = browser.new_context(base_url=draft_server).new_page()
    public.goto("/published/6?lang=en")
    expect(public.locator("h1")).to_contain_text("Walsall practice review")
    expect(public.locator("main")).not_to_contain_text("WAL-10")
    expect(public.locator("main")).not_to_contain_text("Mrs Khan")
    checked(public)
    public.goto("/published/6?lang=ur")
    checked(public)
