"""The notification list in real Chromium, checked with axe-core against WCAG 2.2 AA."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from notifications.models import Notification
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def pinned_time():
    """The live server and the browser run on real time here; nothing depends on the date."""
    yield None


def test_a_manager_opens_a_reminder_and_marks_the_rest_read(
    page: Page,
    manager,
    care_setting,
):
    overview = reverse("settings:overview", args=[care_setting.slug])
    NotificationFactory(
        recipient=manager,
        subject="Kai Smith has had no key person for 12 days",
        body="Your local authority asks for a key person to be allocated within 10 days.",
        url=overview,
    )
    NotificationFactory.create_batch(2, recipient=manager)
    sign_in(page, manager.email)

    page.goto(reverse("notifications:list"))
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(
        page.get_by_role("link", name=re.compile(r"^Notifications \(3 unread\s*\)$"))
    ).to_be_visible()
    axe_check(page)
    screenshot(page, "notifications-list")

    page.get_by_role("button", name="Open Kai Smith has had no key person for 12 days").click()
    expect(page).to_have_url(re.compile(re.escape(overview) + "$"))
    page.goto(reverse("notifications:list"))
    expect(
        page.get_by_role("link", name=re.compile(r"^Notifications \(2 unread\s*\)$"))
    ).to_be_visible()

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("2 notifications marked as read")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    axe_check(page)
    assert not Notification.objects.filter(recipient=manager, read_at__isnull=True).exists()
