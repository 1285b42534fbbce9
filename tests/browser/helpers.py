"""What browser tests share: signing in through the page, and the axe-core check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Page

from tests.conftest import EMAIL_OF_ROLE, PASSWORDS

AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def sign_in(page: Page, role: str) -> None:
    """Sign in through the form, as a person would (works in any language: fields by id)."""
    email = EMAIL_OF_ROLE.get(role, role)
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORDS[email])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
        for v in result["violations"]
    ]


def reachable_pages(
    page: Page, start: str = "/", limit: int = 40, visit: Callable[[str, list[str]], None] | None = None
) -> list[str]:
    """The pages reachable by links from `start` on this site (not sign-out, assets or files), in the
    order visited. `visit(path, pages_before)` is called on each page as it is loaded, so a test
    checks each page in the walk's own load rather than loading it again."""
    origin = urlsplit(page.url).netloc
    seen: list[str] = []
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        page.goto(path)
        if visit:
            visit(path, seen)
        seen.append(path)
        # Links that download a file (a[download]) are not pages to visit.
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
        ):
            target = urlsplit(urljoin(page.url, href))
            if (
                target.netloc != origin
                or target.path.startswith(("/static", "/logout"))
                or target.path.endswith(".csv")  # downloads, not pages
                or target.query
            ):
                continue
            if target.path not in seen and target.path not in queue:
                queue.append(target.path)
    return seen
