"""Whole conversations in a real browser at tablet size, with axe on every screen."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import axe_violations, sign_in

TABLET = {"width": 768, "height": 1024}
URDU_QUOTE = "مجھے کسی نے نہیں بتایا 🙂 (they said «no one told me»)"
HARD_NOTES = "Line one <b>not bold</b>\nمجھے اچھا لگا and e\u0301 👍🏽"
CONCERN = "اس نے کہا کہ کوئی اس کے پیسے لیتا ہے — someone takes her money"


def clean(page: Page, where: str) -> None:
    assert axe_violations(page) == [], where
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{where}: scrolls sideways ({width}px)"


def open_person(page: Page, reference: str) -> None:
    page.goto("/?lang=en")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)
    clean(page, "prepare")
    page.get_by_role("button", name="Start the conversation").click()


def who_and_consent(page: Page, present: str, language: str, accepted: str) -> None:
    expect(page.locator("h1")).to_have_text("Who is with the person?")
    clean(page, "who")
    page.locator(f"input[name=present][value={present}]").check()
    page.get_by_label("Which language are you talking in?").select_option(language)
    page.locator(f"input[name=interpreter_accepted][value={accepted}]").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Taking part")
    clean(page, "consent")
    page.locator("input[name=consent][value=yes]").check()
    page.locator("input[name=how][value=spoken_phone]").check()
    page.get_by_label("Who said yes, and with what help?").fill("The person, with the interpreter")
    page.get_by_role("button", name="Save and continue").click()


def answer_every_question(page: Page, notes: str, quote: str | None = None) -> int:
    count = 0
    while "/check" not in page.url:
        count += 1
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"Question {count} of")
        if count == 1:
            clean(page, "question")
            expect(page.locator("main")).not_to_contain_text("app-face")
        rating = page.locator("input[name=rating][value='4']")
        if rating.count():
            rating.check()
        if page.locator("textarea[name=notes]").count():
            page.locator("textarea[name=notes]").fill(f"{notes} ({count})")
        if quote and count == 1 and page.locator("textarea[name='quotes-0-text']").count():
            page.locator("textarea[name='quotes-0-text']").fill(quote)
            page.locator("input[name='quotes-0-kind'][value=interpreted]").check()
        before = page.url
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(lambda url, before=before: url != before)  # the answer is sent first
    return count


def test_a_whole_conversation_in_english_without_an_interpreter(context: BrowserContext) -> None:
    page = context.new_page()
    page.set_viewport_size(TABLET)
    sign_in(page, "expert_by_experience")
    open_person(page, "BHM-ASC-10482")
    who_and_consent(page, "nobody", "en", "none_offered")
    count = answer_every_question(page, HARD_NOTES, quote="I felt listened to 😊")
    expect(page.locator("h1")).to_have_text("Check the answers before you send them")
    clean(page, "check")
    expect(page.locator("main")).to_contain_text("<b>not bold</b>")  # shown as typed, not as markup
    expect(page.locator("main")).not_to_contain_text("app-user-text")
    # Change the first answer from the check page, then come back.
    page.get_by_role("link", name=re.compile("Change.*Notes, question 1$")).click()
    expect(page.locator(".govuk-caption-l")).to_contain_text(f"Question 1 of {count}")
    page.get_by_role("link", name="See all the questions").click()
    clean(page, "all questions")
    page.get_by_role("link", name="Check the answers").click()
    page.get_by_role("button", name="Send the answers").click()
    expect(page.locator("h1")).to_have_text("What happens next")
    clean(page, "what happens next")
    page.get_by_label("What I noticed").fill("She laughed a lot.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reflection is saved.")

    # The same screens fit a 320-pixel-wide phone without sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 640})
    page.get_by_role("link", name="See the answers you sent").click()
    clean(page, "sent answers at 320px")


def test_urdu_through_a_telephone_interpreter_with_a_concern_the_psw_sees(
    context: BrowserContext, browser: Browser, live_server: str
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, "expert_by_experience")
    open_person(page, "BHM-ASC-10604")
    who_and_consent(page, "interpreter_telephone", "ur", "yes")

    # The interpreter-aware view: the question in Urdu, and beside it in English.
    question = page.locator("#question-text")
    expect(question).to_have_attribute("lang", "ur")
    expect(page.locator(".app-bilingual__beside")).to_have_attribute("lang", "en")
    expect(page.get_by_text("A note for the interpreter")).to_be_visible()
    clean(page, "Urdu question")

    # The Listen button is there only when the browser has an Urdu voice.
    has_voice = page.evaluate(
        "() => speechSynthesis.getVoices().some(v => v.lang.toLowerCase().startsWith('ur'))"
    )
    listen = page.locator("button.app-listen")
    if has_voice:
        expect(listen).to_be_visible()
    else:
        expect(listen).to_be_hidden()

    # Typing is saved in the background, and the status line says so.
    with page.expect_response(lambda response: "/autosave" in response.url and response.ok):
        page.locator("textarea[name=notes]").fill("Saved without pressing a button")
    expect(page.locator("#outbox-status")).to_have_text("Everything you typed is saved.")
    page.reload()
    expect(page.locator("textarea[name=notes]")).to_have_value("Saved without pressing a button")

    # A worry about safety, from the middle of the conversation.
    page.get_by_role("link", name="I am worried about this person").click()
    expect(page.locator("h1")).to_have_text("You are worried about this person")
    clean(page, "worried")
    page.get_by_label("What did the person say?").fill(CONCERN)
    page.get_by_label("When did they say it?").fill("At question 1")
    page.locator("input[name=person_knows][value=yes]").check()
    page.get_by_role("button", name="Save and tell the team").click()
    expect(page.locator("h1")).to_have_text("Your worry is saved")
    expect(page.locator("main")).to_contain_text("Birmingham Adult Safeguarding Team")
    clean(page, "worry saved")
    page.get_by_role("link", name="Carry on with the conversation").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Question 2 of")  # the first was saved
    page.get_by_role("button", name="Save and go back").click()

    answer_every_question(page, "Interpreted answer", quote=URDU_QUOTE)
    page.get_by_role("button", name="Send the answers").click()
    expect(page.locator("h1")).to_have_text("What happens next")

    # A PSW of the review sees the concern first, and everything exactly as typed.
    psw_context = browser.new_context(base_url=live_server, viewport={"width": 1024, "height": 768})
    psw = psw_context.new_page()
    sign_in(psw, "psw")
    psw.goto("/?lang=en")
    alert = psw.locator(".app-concerns-alert")
    expect(alert).to_contain_text("BHM-ASC-10604")
    clean(psw, "psw home")
    alert.get_by_role("link", name=re.compile("BHM-ASC-10604")).click()
    main = psw.locator("main")
    expect(main).to_contain_text(CONCERN)
    expect(main).to_contain_text(URDU_QUOTE)
    expect(main).to_contain_text("Interpreted answer (1)")
    clean(psw, "psw view")
    psw.get_by_label("What did you do, and when?").fill("Rang the safeguarding team at 2pm today.")
    psw.get_by_role("button", name="Record what was done").click()
    expect(psw.locator(".govuk-notification-banner")).to_contain_text("What was done is recorded.")
    psw.goto("/")
    expect(psw.locator(".app-concerns-alert")).not_to_contain_text("BHM-ASC-10604")
    psw_context.close()


def test_conversation_screens_pass_axe_in_urdu(page: Page) -> None:
    """expert2@ reads Urdu: the screens of the BSL conversation in progress, in Urdu."""
    page.goto("/login?lang=ur")
    sign_in(page, "expert2@example.org")
    page.set_viewport_size(TABLET)
    page.locator("main table a").filter(has_text="BHM-ASC-10561").click()
    clean(page, "prepare (ur)")
    base = page.url
    for path in ("/who", "/consent", "/questions", "/check", "/worried"):
        page.goto(base + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        clean(page, f"{path} (ur)")
    page.goto(base + "/questions")
    page.locator("main .govuk-task-list a").first.click()
    clean(page, "question (ur)")
    page.locator("form[method=post] button[aria-pressed]").click()  # easy read: bigger text
    expect(page.locator(".app-capture--easy-read")).to_be_visible()
    clean(page, "question, easy read (ur)")
    # The conversation expert2@ sent: what happens next, and the answers, read-only.
    page.goto("/")
    sent = page.locator("main table a").filter(has_text="BHM-ASC-10517").get_attribute("href")
    for path in (
        "",
        "/finished",
        "/check",
    ):
        page.goto(sent + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        clean(page, f"sent {path} (ur)")
    expect(page.locator("main")).to_contain_text("مجھے کسی نے نہیں بتایا کہ کیا ہو گا۔")


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focus is on `selector`, as a keyboard user would reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def go(page: Page, key: str) -> None:
    """Press a key that follows a link or sends a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_whole_conversation_by_keyboard_alone(page: Page) -> None:
    page.set_viewport_size(TABLET)
    sign_in(page, "expert_by_experience")
    page.goto("/?lang=en")
    link = page.locator("main table a").filter(has_text="BHM-ASC-10533")
    href = link.get_attribute("href")
    tab_to(page, f"a[href='{href}']")
    go(page, "Enter")
    tab_to(page, "form[novalidate] button")
    go(page, "Enter")

    expect(page.locator("h1")).to_have_text("Who is with the person?")
    tab_to(page, "input[name=present][value=interpreter_telephone]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=interpreter_accepted]")
    page.keyboard.press("Space")  # the first choice, "Yes"
    tab_to(page, "form[novalidate] button")
    go(page, "Enter")

    expect(page.locator("h1")).to_have_text("Taking part")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")  # "Yes, they agree"
    tab_to(page, "input[name=how]")
    page.keyboard.press("Space")  # "on the phone"
    tab_to(page, "input[name=support]")
    page.keyboard.type("The person and the telephone interpreter")
    tab_to(page, "form[novalidate] button")
    go(page, "Enter")

    while "/check" not in page.url:
        expect(page.locator(".govuk-caption-l")).to_contain_text("Question")
        if page.locator("input[name=rating]").count():
            tab_to(page, "input[name=rating]")
            page.keyboard.press("Space")
        if page.locator("textarea[name=notes]").count():
            tab_to(page, "textarea[name=notes]")
            page.keyboard.type("Typed with the keyboard")
        tab_to(page, "button[name=next]")
        go(page, "Enter")
        page.wait_for_load_state()

    tab_to(page, "form[action$='/submit'] button")
    go(page, "Enter")
    expect(page.locator("h1")).to_have_text("What happens next")


def test_every_control_on_conversation_screens_is_at_least_44_pixels(page: Page) -> None:
    page.set_viewport_size(TABLET)
    page.goto("/login?lang=en")
    sign_in(page, "expert2@example.org")
    page.goto("/")
    held = page.locator("main table a").filter(has_text="BHM-ASC-10561").get_attribute("href")
    sent = page.locator("main table a").filter(has_text="BHM-ASC-10517").get_attribute("href")
    paths = [held, f"{held}/who", f"{held}/consent", f"{held}/questions", f"{held}/check", f"{held}/worried"]
    page.goto(f"{held}/questions")
    paths.append(page.locator("main .govuk-task-list a").first.get_attribute("href"))
    for path in [*paths, f"{sent}/finished"]:
        page.goto(path)
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                  'main a, main button, main input, main select, main textarea, .govuk-back-link')]
              .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
              .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
              .filter(([_, r]) => r.width < 44 || r.height < 44)
              .map(([html]) => html)"""
        )
        assert small == [], path
    # And nothing scrolls sideways on a 320-pixel-wide screen, in either direction of writing.
    page.set_viewport_size({"width": 320, "height": 640})
    for lang in ("en", "ur"):
        for path in [*paths, f"{sent}/finished"]:
            page.goto(f"{path}?lang={lang}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, (lang, path)


def test_bigger_text_keeps_the_person_where_they_were(page: Page) -> None:
    """Pressing "Easy read: bigger text" changes the screen in place: no reload, the focus stays on
    the switch, the screen is not scrolled back to the top, and what was typed stays."""
    page.set_viewport_size(TABLET)
    sign_in(page, "expert2@example.org")
    page.goto("/conversations/4/questions")
    page.locator("main .govuk-task-list a").first.click()
    notes = page.locator("textarea[name=notes]")
    notes.fill("Words typed before the text got bigger")
    page.evaluate("window.sameScreen = true")
    switch = page.locator(".app-capture__easy-read button")
    switch.focus()
    page.evaluate("window.scrollBy(0, 40)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    page.keyboard.press("Enter")
    expect(page.locator(".app-capture--easy-read")).to_be_visible()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.sameScreen") is True, "the screen was loaded again"
    expect(switch).to_be_focused()
    assert page.evaluate("window.scrollY") > 0, "the screen went back to the top"
    expect(notes).to_have_value("Words typed before the text got bigger")
    page.keyboard.press("Enter")  # and back
    expect(page.locator(".app-capture--easy-read")).to_have_count(0)
    expect(switch).to_have_attribute("aria-pressed", "false")
    expect(switch).to_be_focused()


def test_bigger_text_without_javascript_comes_back_to_the_switch(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport=TABLET, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "expert2@example.org")
    page.goto("/conversations/4/questions")
    page.locator("main .govuk-task-list a").first.click()
    page.locator(".app-capture__easy-read button").click()
    page.wait_for_url(lambda url: url.endswith("#easy-read"))
    expect(page.locator(".app-capture--easy-read")).to_be_visible()
    expect(page.locator(".app-capture__easy-read button")).to_be_focused()
    context.close()
