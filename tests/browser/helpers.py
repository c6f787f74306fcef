"""Helpers for the browser tests: accessibility checks, screenshots, signing in."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories.accounts import DEMO_PASSWORD

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_check(page: Page) -> None:
    """Run axe-core on the page against WCAG 2.2 AA and fail with a readable report."""
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    if results.violations_count:
        pytest.fail(f"axe-core on {page.url}:\n{results.generate_report()}", pytrace=False)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-results/ for people to look at."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/accounts/sign-in/")
    expect(page.locator("h1")).to_have_text("Sign in to EYFS Portal")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/sign-in/$"))
