"""The capture page's weight in Chromium (Playwright): bytes and requests on a first and a repeat visit."""

from __future__ import annotations

from pathlib import Path

from bench.generate import EXPERT, PASSWORD

HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
# As in the browser tests: keep Chromium off Google's services (this network refuses them).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def page_weight(port: int, path: str) -> list[tuple[str, dict]] | None:
    """Bytes transferred and requests for the capture question page in Chromium, first and repeat visit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return _page_weight(sync_playwright, port, path)


def _kind(resource_type: str, url: str) -> str:
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet":
        return "css"
    if resource_type == "script":
        return "js"
    if resource_type == "font" or url.endswith((".woff", ".woff2")):
        return "fonts"
    if resource_type == "image":
        return "images"
    return "other"


def _page_weight(sync_playwright, port: int, path: str):
    """Sign in as the expert in Chromium, then open the capture page twice in the same browser
    context (the second time from its HTTP cache). Counts response body bytes plus headers."""
    if not Path(CHROMIUM).exists():
        return None
    visits = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://{HOST}:{port}/login")
        page.fill("input[name=email]", EXPERT)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit], input[type=submit]")
        page.wait_for_load_state("networkidle")
        page.context.new_cdp_session(page).send("Network.clearBrowserCache")
        for visit in ("first visit (empty cache)", "repeat visit"):
            seen: list = []

            def finished(request, seen=seen) -> None:
                seen.append(request)

            page.on("requestfinished", finished)
            page.goto(f"http://{HOST}:{port}{path}")
            page.wait_for_load_state("networkidle")
            page.remove_listener("requestfinished", finished)
            weight: dict = {"requests": 0, "total": 0}
            for request in seen:
                response = request.response()
                if response is None or response.from_service_worker:
                    continue
                sizes = request.sizes()
                if response.status == 200 and sizes["responseBodySize"] <= 0:
                    continue  # from the browser's cache: nothing transferred
                size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
                kind = _kind(request.resource_type, request.url)
                weight["requests"] += 1
                weight["total"] += max(size, 0)
                weight[kind] = weight.get(kind, 0) + max(size, 0)
            visits.append((visit, weight))
        browser.close()
    return visits
