"""The demo data on a phone (390 by 844): no page is wider than the screen.

A table too wide for the screen scrolls sideways inside its own region, which the keyboard
can reach; the page itself never does. Every page is checked with axe-core against WCAG
2.2 AA, which includes ``scrollable-region-focusable``.
"""

import importlib
import os
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from children.models import Child
from learning.models import TrackerJudgement
from tests.browser.helpers import axe_check, screenshot, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SLUG = "acorn-day-nursery"
FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")


@pytest.fixture
def demo(transactional_db, settings) -> None:
    """The demo data set, as `make run` loads it (the framework data first: see
    tests/browser/test_learning_workflow.py for why it is put back)."""
    # The live server runs under overridden settings, which name no settings module; the
    # command reads it to refuse production.
    settings.SETTINGS_MODULE = os.environ["DJANGO_SETTINGS_MODULE"]
    FRAMEWORK_DATA.ship(apps, None)
    call_command("seed_demo", stdout=StringIO())


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def check_fits(page: Page, url: str, name: str) -> None:
    page.goto(url)
    expect(page.locator("h1")).to_be_visible()
    scroll_width, inner_width = page_width(page)
    assert scroll_width <= inner_width, (
        f"{url} is {scroll_width}px wide on a {inner_width}px screen"
    )
    axe_check(page)
    screenshot(page, f"phone-{name}")


def demo_child(**filters: object) -> Child:
    return (
        Child.objects.filter(care_setting__slug=SLUG, leave_date__isnull=True, **filters)
        .order_by("pk")
        .first()
    )


def test_the_managers_pages_fit_a_phone(page: Page, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, "manager@demo.test")
    tracked = TrackerJudgement.objects.filter(child__care_setting__slug=SLUG).first().child
    with_team = demo_child(team__isnull=False)
    pages = {
        "overview": reverse("settings:overview", args=[SLUG]),
        "children": reverse("settings:children:list", args=[SLUG]),
        "child": reverse("settings:children:detail", args=[SLUG, with_team.pk]),
        "key-persons": reverse("settings:keypersons:board", args=[SLUG]),
        "caseloads": reverse("settings:keypersons:caseloads", args=[SLUG]),
        "training": reverse("settings:keypersons:training", args=[SLUG]),
        "staff": reverse("settings:staff", args=[SLUG]),
        "tracker": reverse("settings:learning:tracker", args=[SLUG, tracked.pk]),
        "group-progress": reverse("settings:learning:group", args=[SLUG]),
        "notifications": reverse("notifications:list"),
    }
    for name, url in pages.items():
        check_fits(page, url, name)


def test_the_key_persons_pages_fit_a_phone(page: Page, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, "keyperson@demo.test")
    key_child = demo_child(key_person__email="keyperson@demo.test")

    check_fits(page, reverse("settings:my_key_children", args=[SLUG]), "my-key-children")
    check_fits(
        page, reverse("settings:learning:tracker", args=[SLUG, key_child.pk]), "key-tracker"
    )


def test_the_la_pages_fit_a_phone(page: Page, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, "advisor@demo.test")
    check_fits(page, reverse("la:my_settings", args=["northshire"]), "advisor-home")

    page.context.clear_cookies()
    sign_in(page, "laadmin@demo.test")
    check_fits(page, reverse("la:overview", args=["northshire"]), "la-overview")
    check_fits(page, reverse("la:users", args=["northshire"]), "la-users")


def test_a_wide_table_scrolls_in_a_region_the_keyboard_reaches(page: Page, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, "manager@demo.test")
    page.goto(reverse("settings:keypersons:training", args=[SLUG]))

    region = page.get_by_role("region", name="Staff training")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")

    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    page.wait_for_function(
        "name => document.querySelector(`[aria-label='${name}']`).scrollLeft > 0",
        arg="Staff training",
    )
