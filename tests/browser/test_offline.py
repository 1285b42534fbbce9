"""Nothing typed is lost: with no connection, when the session and form token expire mid-way, on two
tablets at once, and when a shared tablet is signed out. Each test has its own server and database.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import live_app, serving
from tests.browser.helpers import axe_violations, sign_in
from tests.browser.test_capture import TABLET, open_person, who_and_consent

PERSON = "WLV-ASC-20311"  # conversation 7, held by the demo expert by experience, not started
CONVERSATION = 7
TYPED = [
    "No signal in the flat 📵 — she said «nobody came back»",
    "مجھے اچھا لگا جب وہ وقت پر آئے",
    "Line one\nLine two <i>not markup</i> & e\u0301",
    "ਉਹ ਮੇਰੀ ਗੱਲ ਸੁਣਦੇ ਹਨ",
    "Ostatnie pytanie: żółć 👍🏽",
]


class Counted:
    """The app, noting the requests that reach it (to show what the tablet served itself)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi = app.wsgi_app
        self.hits: list[str] = []
        self.failing: str | None = None  # saves to paths starting with this answer 500
        app.wsgi_app = self

    def __call__(self, environ, start_response):
        self.hits.append(environ["PATH_INFO"])
        if (
            self.failing
            and environ["REQUEST_METHOD"] == "POST"
            and environ["PATH_INFO"].startswith(self.failing)
        ):
            start_response("500 Internal Server Error", [("Content-Type", "application/json")])
            return [b'{"error": "server"}']
        return self.wsgi(environ, start_response)


@pytest.fixture
def own(demo_database: Path, tmp_path: Path) -> Iterator[tuple[Counted, str]]:
    counted = Counted(live_app(demo_database, tmp_path))
    with serving(counted.app) as address:
        yield counted, address


def database_of(counted: Counted) -> sqlite3.Connection:
    return sqlite3.connect(counted.app.config["DATABASE"])


def stored_notes(counted: Counted, reference: str = PERSON) -> list[str]:
    """The notes on the server of the conversation with this person (the demo expert's, unless said)."""
    with database_of(counted) as db:
        rows = db.execute(
            """SELECT a.notes FROM answers a JOIN conversations c ON c.id = a.conversation_id
            JOIN participants p ON p.id = c.participant_id WHERE p.reference = ? ORDER BY a.id""",
            [reference],
        ).fetchall()
    return [row[0] for row in rows]


def tablet(browser: Browser, address: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=address, viewport=TABLET)
    return context, context.new_page()


def kept_stamps(page: Page) -> dict:
    return page.evaluate(
        """async () => {
            const kept = await (await caches.open('coproduce-pages-v1')).match('/__kept-stamps__');
            return kept ? kept.json() : {};
        }"""
    )


def copied(page: Page) -> None:
    """Wait until the service worker has copied the screens it was asked to (each page asks it):
    a copy still on its way would bring back a session cookie the test clears."""
    listed = page.request.get("/conversations/offline.json").json()
    wanted = {str(conversation["id"]): conversation["stamp"] for conversation in listed["conversations"]}
    wait_until(lambda: kept_stamps(page) == wanted)


def end_session(context: BrowserContext) -> None:
    """End the session on this tablet as the idle limit would, leaving what the tablet keeps."""
    context.set_offline(True)
    context.clear_cookies()
    context.set_offline(False)


def wait_until(check, timeout: float = 20) -> None:
    """Wait until `check()` is true (for what the page's own workers do in the background)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def ready(page: Page) -> None:
    """Wait until the answer screen's script keeps what is typed (a person is slower than a test)."""
    expect(page.locator("form[data-autosave-url]")).to_have_attribute("data-enhanced", "true")


def status(page: Page):
    return page.locator("#outbox-status")


def at_first_question(page: Page, keep: bool = False) -> None:
    """Sign in as the demo expert by experience and start the conversation, up to its first question
    (with `keep`, once the tablet has kept its screens)."""
    sign_in(page, "expert_by_experience")
    if keep:
        page.goto("/?lang=en")
        wait_until(lambda: str(CONVERSATION) in kept_stamps(page))
    open_person(page, PERSON)
    who_and_consent(page, "nobody", "en", "none_offered")
    ready(page)


def test_answers_typed_with_no_connection_reach_the_server(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    at_first_question(page, keep=True)
    expect(page.locator(".govuk-caption-l")).to_contain_text("Question 1 of")
    first_question = page.url
    # The tablet has kept the screens as they are now that the conversation has started.
    with database_of(counted) as db:
        version = db.execute("SELECT version FROM conversations WHERE id = ?", [CONVERSATION]).fetchone()[0]
    wait_until(lambda: kept_stamps(page).get(str(CONVERSATION)) == f"{version}/en/0")
    # Bigger text, turned on with a connection, is on the kept screens too.
    page.locator("#easy-read").click()
    expect(page.locator("#easy-read")).to_have_attribute("aria-pressed", "true")
    wait_until(lambda: kept_stamps(page).get(str(CONVERSATION)) == f"{version}/en/1")

    context.set_offline(True)
    counted.hits.clear()
    for number, words in enumerate(TYPED, start=1):
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"Question {number} of")
        expect(page.locator(".app-capture")).to_have_class(re.compile("app-capture--easy-read"))
        ready(page)
        page.locator("textarea[name=notes]").fill(words)
        expect(status(page)).to_have_attribute("data-state", "offline")
        before = page.url
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(lambda url, before=before: url != before)
    expect(page.locator(".govuk-caption-l")).to_contain_text(f"Question {len(TYPED) + 1} of")
    assert axe_violations(page) == []
    page.close()

    # The tablet sleeps, the tab is reopened with still no connection: the words are all there.
    page = context.new_page()
    page.goto(first_question)
    ready(page)
    expect(page.locator("textarea[name=notes]")).to_have_value(TYPED[0])
    expect(status(page)).to_have_attribute("data-state", "offline")
    expect(status(page)).to_contain_text("kept on this tablet")
    screens = [path for path in counted.hits if "/questions/" in path]
    assert screens == [], "with no connection, every screen came from the tablet"
    assert stored_notes(counted) == []

    context.set_offline(False)
    expect(status(page)).to_have_attribute("data-state", "saved", timeout=20000)
    expect(status(page)).to_have_text("Everything you typed is saved.")
    assert stored_notes(counted) == TYPED
    context.close()


def test_session_and_form_token_expire_mid_conversation(browser: Browser, own) -> None:
    counted, address = own
    app = counted.app
    context, page = tablet(browser, address)
    at_first_question(page)
    with page.expect_response(lambda response: "/autosave" in response.url and response.ok):
        page.locator("textarea[name=notes]").fill("Typed while signed in")

    # Short limits: the session ends after 2 idle seconds, and the page's form token after 2 seconds.
    normal = {key: app.config[key] for key in ("SESSION_IDLE_SECONDS", "WTF_CSRF_TIME_LIMIT")}
    app.config.update(SESSION_IDLE_SECONDS=2, WTF_CSRF_TIME_LIMIT=2)
    time.sleep(3)
    ready(page)
    words = "Typed after the session ended. She said: «they never rang me back» 📞"
    page.locator("textarea[name=notes]").fill(words)
    page.locator("textarea[name='quotes-0-text']").fill("Nobody rang me back")
    page.get_by_role("button", name="Save and continue").click()

    # Nothing is lost: the words wait on the tablet, and the person is asked to sign in again.
    page.wait_for_url(lambda url: "/login" in url)
    expect(status(page)).to_have_attribute("data-state", "signin")
    expect(status(page)).to_contain_text("Sign in again to send it")
    assert stored_notes(counted) == ["Typed while signed in"]

    app.config.update(normal)
    page.locator("#email").fill("expert@example.org")
    page.locator("#password").fill("demo-expert-2026-pass")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Question 2 of")  # carries on where it was
    expect(status(page)).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_notes(counted) == [words]
    with database_of(counted) as db:
        quotes = [row[0] for row in db.execute("SELECT text FROM quotes")]
    assert "Nobody rang me back" in quotes
    context.close()


def test_two_tablets_change_one_answer_and_both_texts_are_kept(browser: Browser, own) -> None:
    counted, address = own
    first_context, first = tablet(browser, address)
    at_first_question(first)
    second_context, second = tablet(browser, address)
    sign_in(second, "expert_by_experience")
    second.goto(first.url)  # the same question, before either tablet has saved it
    ready(second)

    with first.expect_response(lambda response: "/autosave" in response.url and response.ok):
        first.locator("textarea[name=notes]").fill("Words from the first tablet")
    with second.expect_response(lambda response: "/autosave" in response.url and response.status == 409):
        second.locator("textarea[name=notes]").fill("Words from the second tablet")

    conflict = second.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".app-conflict__mine")).to_contain_text("Words from the second tablet")
    expect(conflict.locator(".app-conflict__theirs")).to_contain_text("Words from the first tablet")
    expect(status(second)).to_have_attribute("data-state", "conflict")
    assert axe_violations(second) == []
    assert stored_notes(counted) == ["Words from the first tablet"]  # nothing overwritten

    with second.expect_response(lambda response: "/autosave" in response.url and response.ok):
        conflict.get_by_role("button", name="Keep the words typed on this tablet").click()
    expect(conflict).to_be_hidden()
    expect(status(second)).to_have_attribute("data-state", "saved")
    assert stored_notes(counted) == ["Words from the second tablet"]
    first_context.close()
    second_context.close()


def test_signing_out_a_shared_tablet_sends_first_and_leaves_nothing(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    at_first_question(page, keep=True)

    context.set_offline(True)
    page.locator("textarea[name=notes]").fill("Typed just before signing out")
    page.get_by_role("button", name="Sign out").click()
    dialog = page.locator("#sign-out-check")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("no connection")
    expect(dialog).to_contain_text("You can sign out when the connection comes back.")
    expect(dialog.get_by_role("button", name="Sign out and delete it")).to_be_hidden()
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("textarea[name=notes]")).to_have_value("Typed just before signing out")

    context.set_offline(False)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/signed-out" in url)
    assert stored_notes(counted) == ["Typed just before signing out"]
    left = page.evaluate(
        """async () => ({
            databases: (await indexedDB.databases()).map(d => d.name),
            caches: await caches.keys(),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )
    assert left == {"databases": [], "caches": [], "workers": 0}
    context.close()


def test_a_conversation_closed_meanwhile_holds_back_only_its_own_words(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    at_first_question(page)
    question = urlsplit(page.url).path
    context.set_offline(True)
    page.locator("textarea[name=notes]").fill("Typed for a conversation closed meanwhile")
    expect(status(page)).to_have_attribute("data-state", "offline")
    with database_of(counted) as db:  # the PSW records that it did not take place, say
        db.execute(
            "UPDATE conversations SET status = 'did_not_take_place', not_held_reason = 'declined' "
            "WHERE id = ?",
            [CONVERSATION],
        )
    context.set_offline(False)
    expect(status(page)).to_have_attribute("data-state", "closed", timeout=20000)

    # The next conversation's words are sent all the same; the line still says what was not added.
    open_person(page, "BHM-ASC-10482")
    who_and_consent(page, "nobody", "en", "none_offered")
    ready(page)
    page.locator("textarea[name=notes]").fill("Words for the next person")
    wait_until(lambda: stored_notes(counted, "BHM-ASC-10482") == ["Words for the next person"])
    expect(status(page)).to_have_attribute("data-state", "closed")
    expect(status(page).get_by_role("link", name="Open it")).to_have_attribute("href", question)
    assert axe_violations(page) == []
    assert stored_notes(counted) == []
    context.close()


def test_words_left_by_one_person_wait_for_them_when_another_signs_in(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    at_first_question(page)
    copied(page)
    context.set_offline(True)
    page.locator("textarea[name=notes]").fill("Words the first person typed")
    expect(status(page)).to_have_attribute("data-state", "offline")
    end_session(context)  # and they leave the tablet
    expect(status(page)).to_have_attribute("data-state", "signin", timeout=20000)

    # Someone else signs in on the tablet: the words are not sent as theirs, and they are told.
    sign_in(page, "expert2@example.org")
    expect(status(page)).to_have_attribute("data-state", "others", timeout=20000)  # in Urdu, their language
    page.goto("/?lang=en")
    expect(status(page)).to_have_attribute("data-state", "others", timeout=20000)
    expect(status(page)).to_contain_text("Someone else typed words on this tablet")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    dialog = page.locator("#sign-out-check")
    expect(dialog).to_contain_text("Someone else typed words on this tablet")
    dialog.get_by_role("button", name="Stay signed in").click()
    assert stored_notes(counted) == []

    # The first person signs in again: their words go, as theirs.
    copied(page)
    end_session(context)
    sign_in(page, "expert_by_experience")
    wait_until(lambda: stored_notes(counted) == ["Words the first person typed"])
    with database_of(counted) as db:
        who = db.execute(
            """SELECT DISTINCT u.email FROM audit_log l JOIN users u ON u.id = l.user_id
            WHERE l.action = 'change_answer' AND l.object_id = ?""",
            [CONVERSATION],
        ).fetchall()
    assert who == [("expert@example.org",)]
    context.close()


def test_a_server_error_on_one_conversation_holds_back_only_its_own_words(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    at_first_question(page)
    counted.failing = f"/conversations/{CONVERSATION}/"  # something in this conversation trips the server
    page.locator("textarea[name=notes]").fill("Typed where the server fails")
    expect(status(page)).to_have_attribute("data-state", "failed", timeout=20000)

    # The next conversation's words are sent all the same.
    open_person(page, "BHM-ASC-10482")
    who_and_consent(page, "nobody", "en", "none_offered")
    ready(page)
    page.locator("textarea[name=notes]").fill("Words for the next person")
    wait_until(lambda: stored_notes(counted, "BHM-ASC-10482") == ["Words for the next person"])
    assert stored_notes(counted) == []

    counted.failing = None  # mended: the held-back words follow at the next send
    wait_until(lambda: stored_notes(counted) == ["Typed where the server fails"])
    expect(status(page)).to_have_attribute("data-state", "saved", timeout=20000)
    context.close()


def _offline_goto(page: Page, path: str) -> bool:
    """Whether the tablet, with no connection, shows a page for `path`."""
    try:
        page.goto(path)
    except PlaywrightError:
        return False
    return True


def test_a_session_that_ends_without_signing_out_leaves_no_screens_to_use(browser: Browser, own) -> None:
    counted, address = own
    context, page = tablet(browser, address)
    sign_in(page, "expert_by_experience")
    page.goto("/?lang=en")
    wait_until(lambda: str(CONVERSATION) in kept_stamps(page))
    prepare = f"/conversations/{CONVERSATION}"  # getting ready: the first screen kept
    with database_of(counted) as db:  # the idle limit passes, with the tablet still online
        db.execute("UPDATE user_sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    page.goto(prepare)
    page.wait_for_url(lambda url: "/login" in url)
    wait_until(lambda: kept_stamps(page) == {})
    context.set_offline(True)
    assert not _offline_goto(page, prepare) or PERSON not in page.content()
    context.close()


def test_with_no_connection_kept_screens_go_once_the_session_cannot_be_alive(browser: Browser, own) -> None:
    _counted, address = own
    context, page = tablet(browser, address)
    sign_in(page, "expert_by_experience")
    page.goto("/?lang=en")
    wait_until(lambda: str(CONVERSATION) in kept_stamps(page))
    prepare = f"/conversations/{CONVERSATION}"  # getting ready: the first screen kept
    context.set_offline(True)
    assert _offline_goto(page, prepare) and PERSON in page.content()  # kept, while it may be alive
    # Two hours and more pass with no connection (the idle limit): the tablet's clock moves on.
    page.evaluate(
        """async () => {
            const pages = await caches.open('coproduce-pages-v1');
            const session = await (await pages.match('/__kept-session__')).json();
            session.seen -= (session.idle + 60) * 1000;
            await pages.put('/__kept-session__', new Response(JSON.stringify(session)));
        }"""
    )
    assert not _offline_goto(page, prepare) or PERSON not in page.content()
    # The page shows the browser's own "no connection" page now; ask the service worker itself.
    kept = context.service_workers[0].evaluate(
        "async () => (await (await caches.open('coproduce-pages-v1')).keys()).length"
    )
    assert kept == 0
    context.close()
