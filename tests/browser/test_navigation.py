"""The service navigation in real Chromium: one row on a laptop, the right section current.

Every page visited is checked with axe-core against WCAG 2.2 AA.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_check, screenshot, sign_in

pytestmark = pytest.mark.browser


def menu(page: Page):
    return page.get_by_role("navigation", name="Menu")


def rows_of_menu(page: Page) -> int:
    """Return on how many lines the service navigation's items are laid out."""
    return page.evaluate(
        """() => new Set([...document.querySelectorAll('.govuk-service-navigation__item')]
                 .map(item => Math.round(item.getBoundingClientRect().top))).size"""
    )


def test_the_managers_menu_fits_on_one_line_of_a_laptop_screen(page: Page, manager, care_setting):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, manager.email)

    expect(page.locator("h1")).to_have_text("Setting overview")
    expect(menu(page).get_by_role("link")).to_have_count(8)
    assert rows_of_menu(page) == 1
    axe_check(page)
    screenshot(page, "navigation-manager-1280")


def test_a_childs_progress_check_is_in_the_children_section(page: Page, manager, key_child):
    sign_in(page, manager.email)

    page.goto(reverse("settings:learning:check", args=[key_child.care_setting.slug, key_child.pk]))

    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(menu(page).locator("[aria-current]")).to_have_text("Children")
    axe_check(page)


def test_the_staff_pages_have_a_sub_navigation(page: Page, manager, care_setting):
    sign_in(page, manager.email)

    menu(page).get_by_role("link", name="Staff", exact=True).click()
    staff_pages = page.get_by_role("navigation", name="Staff")
    staff_pages.get_by_role("link", name="Training").click()

    expect(page.locator("h1")).to_have_text("Staff training")
    expect(staff_pages.locator("[aria-current=page]")).to_have_text("Training")
    expect(menu(page).locator("[aria-current]")).to_have_text("Staff")
    axe_check(page)
    screenshot(page, "navigation-staff-training")


def test_the_notifications_page_keeps_the_settings_menu(page: Page, manager, care_setting):
    sign_in(page, manager.email)

    page.get_by_role("link", name="Notifications").click()

    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator(".app-service-navigation__place")).to_have_text(
        "You are working in Acorn Day Nursery"
    )
    menu(page).get_by_role("link", name="Children", exact=True).click()
    expect(page.locator("h1")).to_have_text("Children")
    axe_check(page)
