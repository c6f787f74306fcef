"""Rooms in real Chromium: the manager keeps the list, and children are put in a room from it.

Every page visited is checked with axe-core against WCAG 2.2 AA.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from children.models import Child
from common.dates import add_years
from tests.browser.helpers import axe_check, sign_in
from tests.browser.test_children_workflow import fill_date, service_nav, summary_value

pytestmark = pytest.mark.browser


def test_a_manager_keeps_the_rooms_and_children_are_put_in_one_from_the_list(
    page: Page, manager, care_setting
):
    today = timezone.localdate()
    sign_in(page, manager.email)
    service_nav(page, "Children").click()
    page.get_by_role("link", name="Rooms and groups").click()
    expect(page.locator("h1")).to_have_text("Rooms and groups")
    expect(page.get_by_text("No rooms yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Add a room").click()
    page.get_by_label("Name").fill("Catterpillars")
    page.get_by_label("From age (optional)").fill("24")
    page.get_by_label("Up to age (optional)").fill("36")
    page.get_by_role("button", name="Add room").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Catterpillars has been added to the rooms."
    )
    rooms = page.get_by_role("table", name="Rooms in use")
    expect(rooms).to_contain_text("24 to 36 months")
    axe_check(page)

    # The same room typed again, in another case, is refused and what was typed is kept.
    page.get_by_role("link", name="Add a room").click()
    page.get_by_label("Name").fill("catterpillars ")
    page.get_by_role("button", name="Add room").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["There is already a room called Catterpillars"]
    )
    expect(page.get_by_label("Name")).to_have_value("catterpillars ")
    axe_check(page)

    # The typo is put right once, for every picker and filter.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Change Catterpillars").click()
    page.get_by_label("Name").fill("Caterpillars")
    page.get_by_role("button", name="Save changes").click()
    expect(rooms.get_by_role("rowheader")).to_have_text(["Caterpillars"])
    axe_check(page)

    page.get_by_role("link", name="Back to children").click()
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Rosie")
    page.get_by_label("Last name").fill("Okafor")
    fill_date(page, "date_of_birth", add_years(today, -2) - timedelta(days=40))
    fill_date(page, "start_date", today - timedelta(days=3))
    room = page.get_by_label("Room or group (optional)")
    expect(room.locator("option")).to_have_text(["No room", "Caterpillars (24 to 36 months)"])
    room.select_option(label="Caterpillars (24 to 36 months)")
    page.get_by_label("Universal 15 hours").check()
    page.get_by_role("button", name="Add child").click()
    expect(page.locator("h1")).to_have_text("Rosie Okafor")
    expect(summary_value(page, "Room or group")).to_have_text("Caterpillars")
    axe_check(page)

    service_nav(page, "Children").click()
    page.get_by_label("Room or group").select_option(label="Caterpillars")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#children-count")).to_contain_text("1 child match the filters.")
    expect(page).to_have_url(re.compile(r"room=\d+"))
    axe_check(page)
    assert Child.objects.get().room.name == "Caterpillars"
