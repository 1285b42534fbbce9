"""The warning before an idle session ends, against the real server with a short idle limit, on a
tablet: it follows the server's clock (typing that is saved never sees it), takes no keys meant for
the page when it must open, passes axe, and "Stay signed in" keeps the person on their screen,
after signing in again if the session had already ended."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from coproduce.db import connect
from tests.browser.conftest import live_app, serving
from tests.browser.helpers import axe_violations, sign_in
from tests.conftest import PASSWORDS

IDLE = 30  # seconds: the warning opens 15 seconds before the end
WARN = IDLE // 2
EXPERT = "expert2@example.org"  # holds conversation 4 of the demo, under way
CONVERSATION = 4
# Typed a key at a time, spaces and all (a space once pressed "Stay signed in" instead).
WORDS = (
    "She said the carers come on time most days, but they change a lot and she has to explain "
    "her routine again each time. Her daughter helps with the shopping on Saturdays. She would "
    "like someone to ring before a visit is late. The review meeting was kind but she did not "
    "get the letter afterwards, so she was not sure what was agreed about the extra hours."
)


@pytest.fixture(scope="module")
def short_server(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app on its own database with sessions that end after IDLE quiet seconds."""
    folder = tmp_path_factory.mktemp("short")
    with serving(live_app(demo_database, folder, SESSION_IDLE_SECONDS=IDLE)) as address:
        yield address, folder / "live.db"


@pytest.fixture
def tablet(browser: Browser, short_server: tuple[str, Path]) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=short_server[0], viewport={"width": 768, "height": 1024}, service_workers="block"
    )
    yield context
    context.close()


@pytest.fixture
def page(tablet: BrowserContext) -> Page:
    return tablet.new_page()


def first_question(page: Page) -> str:
    page.goto(f"/conversations/{CONVERSATION}/questions")
    links = page.locator(f"main a[href^='/conversations/{CONVERSATION}/questions/']")
    return links.first.get_attribute("href")


def stored_notes(database: Path, question: str) -> str | None:
    row = (
        connect(database)
        .execute(
            "SELECT notes FROM answers WHERE conversation_id = ? AND question_key = ?",
            [CONVERSATION, question.rsplit("/", 1)[1]],
        )
        .fetchone()
    )
    return row[0] if row else None


def watch_the_warning(page: Page) -> None:
    """Count every time the warning opens, for the test to read."""
    page.evaluate(
        """() => {
          const dialog = document.getElementById('session-warning');
          window.warningOpened = 0;
          new MutationObserver(() => { if (dialog.open) window.warningOpened++; })
            .observe(dialog, {attributes: true, attributeFilter: ['open']});
        }"""
    )


def test_typing_an_answer_across_the_warning_loses_no_key(page: Page, short_server: tuple[str, Path]) -> None:
    sign_in(page, EXPERT)
    question = first_question(page)
    page.goto(question)
    notes = page.locator("textarea[name=notes]")
    notes.fill("")
    watch_the_warning(page)
    started = time.monotonic()
    notes.press_sequentially(WORDS, delay=60, timeout=0)  # the saves reach the server as the person types
    assert time.monotonic() - started > WARN + 3, "the typing must last past the time the warning would open"
    assert notes.input_value() == WORDS
    expect(page.locator("#outbox-status")).to_have_attribute("data-state", "saved", timeout=10000)
    assert stored_notes(short_server[1], question) == WORDS
    assert page.evaluate("window.warningOpened") == 0, "the person was typing, and the saves kept the session"
    expect(page.locator("#session-warning")).to_be_hidden()


def test_the_warning_opens_beside_typing_without_taking_a_key(page: Page) -> None:
    """Typing that does not reach the server (a worry is sent only with its button) still loses no
    key: the warning opens without the focus, and a live region says it."""
    sign_in(page, EXPERT)
    page.goto(f"/conversations/{CONVERSATION}/worried")
    words = page.locator("textarea[name=what_was_said]")
    dialog = page.locator("#session-warning")
    typed = ""
    started = time.monotonic()
    while not dialog.is_visible():  # a few keys at a time, until the warning opens
        assert time.monotonic() - started < IDLE, "the warning did not open"
        chunk = WORDS[len(typed) : len(typed) + 4] or " "
        words.press_sequentially(chunk, delay=100, timeout=0)
        typed += chunk
    assert time.monotonic() - started > IDLE - WARN - 5, "it opened near the end, not at once"
    assert not dialog.evaluate("d => d.matches(':modal')")
    assert words.input_value() == typed
    assert page.evaluate("document.activeElement.name") == "what_was_said"
    warning = dialog.locator("#session-warning-text").inner_text()
    assert any(character.isdigit() for character in warning)  # the time really left
    expect(page.locator("#session-warning-said")).to_contain_text(warning)
    words.press_sequentially(" and more", delay=50, timeout=0)  # typing goes on with the warning open
    assert words.input_value() == typed + " and more"
    with page.expect_response(lambda response: "/session/extend" in response.url) as extended:
        dialog.locator("button[type=submit]").click()
    assert extended.value.status == 200
    expect(dialog).to_be_hidden()
    assert words.input_value() == typed + " and more"


def test_the_warning_opens_near_the_servers_limit_and_stay_signed_in_keeps_the_page(page: Page) -> None:
    sign_in(page, "psw")
    dialog = page.locator("#session-warning")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=(IDLE - WARN + 5) * 1000)
    assert dialog.evaluate("d => d.matches(':modal')")  # nobody was typing: it takes the focus
    expect(dialog.locator("h2")).to_have_id("session-warning-title")  # in whatever language psw has now
    assert axe_violations(page) == []
    with page.expect_response(lambda response: "/session/extend" in response.url) as extended:
        dialog.locator("button[type=submit]").click()
    assert extended.value.status == 200
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/")  # the page was not left


def test_stay_signed_in_after_the_limit_comes_back_to_the_same_question(
    page: Page, short_server: tuple[str, Path]
) -> None:
    sign_in(page, EXPERT)
    question = first_question(page)
    page.goto(question)
    notes = page.locator("textarea[name=notes]")
    notes.fill("")
    notes.press_sequentially(WORDS[:80], delay=20)
    expect(page.locator("#outbox-status")).to_have_attribute("data-state", "saved", timeout=10000)
    dialog = page.locator("#session-warning")
    expect(dialog).to_be_visible(timeout=(IDLE - WARN + 5) * 1000)
    # The tablet slept with the warning open, past the limit: the server has ended the session.
    connect(short_server[1]).execute("UPDATE user_sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    # "Stay signed in", or "Sign in again" if the page has seen the end already: both lead back.
    dialog.locator("button[type=submit], a.app-session-warning__again").locator("visible=true").click()
    page.wait_for_url(lambda url: "/login?next=" in url)
    page.locator("#email").fill(EXPERT)
    page.locator("#password").fill(PASSWORDS[EXPERT])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.url.endswith(question), "back on the question in hand, not the next one"
    expect(page.locator("textarea[name=notes]")).to_have_value(WORDS[:80])
    assert stored_notes(short_server[1], question) == WORDS[:80]
