"""What a page costs a tablet on a slow connection: an English page on a first visit is at most
60 KB over the wire and downloads no web font; an Urdu page's fonts add at most 150 KB on a first
visit and nothing on a repeat visit (they are named by their content's hash and sent as immutable).

Sizes are the bytes Chromium received (headers and compressed bodies), from the DevTools
protocol's Network.loadingFinished, in a new browser context each time (an empty cache)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

ENGLISH_FIRST_VISIT = 60_000
URDU_FONTS_FIRST_VISIT = 150_000
FONTS = "/static/vendor/fonts/"


@contextmanager
def fresh_page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 768, "height": 1024})
    try:
        yield context.new_page()
    finally:
        context.close()


def received(page: Page, path: str) -> dict[str, int]:
    """Load `path` and wait for its fonts; the bytes received for each address it fetched (a file
    the browser already had is not fetched, so it is not there)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(urls.get(event["requestId"], "?"), int(event["encodedDataLength"])),
    )
    page.goto(path, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return {url: size for url, size in sizes.items() if size > 0}


def test_an_english_page_is_light_and_loads_no_web_font(browser: Browser, live_server: str) -> None:
    with fresh_page(browser, live_server) as page:
        sizes = received(page, "/login?lang=en")
        assert any(urlsplit(url).path == "/static/vendor/app.css" for url in sizes), sizes
        assert not [url for url in sizes if FONTS in url], sizes
        assert sum(sizes.values()) <= ENGLISH_FIRST_VISIT, sizes


def test_an_urdu_page_loads_its_font_once(browser: Browser, live_server: str) -> None:
    with fresh_page(browser, live_server) as page:
        first = received(page, "/login?lang=ur")
        fonts = {url: size for url, size in first.items() if FONTS in url}
        assert [url for url in fonts if "noto-nastaliq-urdu" in url], first
        assert sum(fonts.values()) <= URDU_FONTS_FIRST_VISIT, fonts
        loaded = "[...document.fonts].some(f => f.family.includes('Nastaliq') && f.status === 'loaded')"
        assert page.evaluate(loaded)
        again = received(page, "/help")
        assert page.locator("html").get_attribute("lang") == "ur"
        assert not [url for url in again if FONTS in url], again
