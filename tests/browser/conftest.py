"""The browser layer: the app served by waitress on 127.0.0.1, driven by Debian's Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from waitress import create_server, wasyncore
from waitress.server import BaseWSGIServer

from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium reaches for Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def live_app(demo_database: Path, folder: Path, **config: object) -> Flask:
    """The app on its own copy of the demo database, configured as the run command configures it
    (with `config` on top: a short idle limit, say)."""
    database = folder / "live.db"
    shutil.copy(demo_database, database)
    return make_app(database, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True, TESTING=False, **config)


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app with waitress on 127.0.0.1, as the run command does; yields its address."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    assert isinstance(server, BaseWSGIServer)  # one address, so one socket
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop(server, thread)


def stop(server: BaseWSGIServer, loop: threading.Thread) -> None:
    """Stop a waitress server in the order its threads need. Its workers wake the loop by writing to
    a pipe, so they finish first; then the loop's own thread closes every socket and the pipe.
    (`server.close()` from another thread closes the pipe under a busy worker, whose next write then
    lands in whatever file took the pipe's number: a later test's database, once, in CI.)"""
    server.task_dispatcher.shutdown(timeout=10)
    assert not server.task_dispatcher.threads, "a request was still being served after 10 s"
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    loop.join(timeout=10)
    assert not loop.is_alive(), "the server's loop did not stop"


@pytest.fixture(scope="session")
def live_server(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app most browser tests share."""
    with serving(live_app(demo_database, tmp_path_factory.mktemp("live"))) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    """A browser on the shared server, with no service worker: an expert's worker would copy every
    screen of their conversations in the background, slowing the shared server under the test's
    own pages. The worker is tested in test_offline.py, each test on its own server."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1024, "height": 768}, service_workers="block"
    )
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
