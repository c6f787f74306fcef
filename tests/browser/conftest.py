"""Playwright harness: the system Chromium against pytest-django's live server.

Never ``playwright install``: the browser is Debian's, put there by scripts/system-deps.sh.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

# Playwright's sync API keeps an event loop running in this thread; Django would otherwise
# refuse ORM calls from fixtures "in an async context". Nothing here is really async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/system-deps.sh` (as root) to install "
            "Chromium. The browser tests never download a browser themselves.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, Django keeps database
        # connections in a context variable instead of thread-local storage. Close them
        # before the loop stops, or they outlive the run and the test database cannot be
        # dropped ("is being accessed by other users").
        connections.close_all()


def _new_page(browser: Browser, base_url: str, *, bypass_csp: bool) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page, problems


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    """A page whose context bypasses CSP, only so that axe-core can be injected."""
    page, _problems = _new_page(browser, live_server.url, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def strict_page(browser, live_server) -> Iterator[tuple[Page, list[str]]]:
    """A page under the real Content Security Policy, with the console errors it logged."""
    page, problems = _new_page(browser, live_server.url, bypass_csp=False)
    yield page, problems
    page.context.close()
