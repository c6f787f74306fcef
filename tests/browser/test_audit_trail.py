"""The audit trail in real Chromium: human wording, filters, and links to the child.

The manager reads the setting's trail in words ("Record changed", "Worry passed to the
DSL"), filters it by child and by what happened, follows an entry to the child's record
(which reads "Care status", not "Looked after: Looked after"), and a junk address gives an
error message. Every page is checked with axe-core against WCAG 2.2 AA.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from children import services as children_services
from common.audit import audit_record
from safeguarding.concerns import services as concern_services
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory, RoomFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def trail(transactional_db, manager, key_person, care_setting):
    """Two children added, one changed, a worry passed to the DSL."""
    ava = ChildFactory(care_setting=care_setting, first_name="Ava", last_name="Stone")
    ben = ChildFactory(
        care_setting=care_setting,
        first_name="Ben",
        last_name="Hart",
        preferred_name="",
        looked_after=True,
    )
    for child, by in ((ava, manager), (ben, key_person)):
        audit_record(
            actor=by,
            verb="child.added",
            target=child,
            subject=child,
            care_setting=care_setting,
        )
    owls = RoomFactory(care_setting=care_setting, name="Owls")
    children_services.child_update(child=ben, by=manager, version=ben.version, room=owls)
    concern_services.concern_raise(child=ava, by=key_person, text="A bruise")
    return ava, ben


def audit_rows(page: Page):
    return page.locator("table tbody tr")


def test_a_manager_reads_filters_and_follows_the_audit_trail(
    page: Page, manager, care_setting, trail
):
    _, ben = trail
    sign_in(page, manager.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit trail").click()
    expect(page.locator("h1")).to_have_text("Audit trail")
    expect(page.get_by_role("cell", name="Record changed")).to_be_visible()
    expect(page.get_by_role("cell", name="Safeguarding concern passed to the DSL")).to_be_visible()
    expect(page.get_by_text(re.compile("Dsl referral|Child updated"))).to_have_count(0)
    axe_check(page)

    page.get_by_label("Child").select_option(label="Ben Hart")
    page.get_by_label("What happened").select_option(label="Record changed")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#audit-count")).to_have_text("1 event matches the filters. Newest first.")
    expect(audit_rows(page)).to_have_count(1)
    expect(page.get_by_label("Child")).to_have_value(str(ben.pk))
    axe_check(page)
    screenshot(page, "audit-trail-filtered")

    page.get_by_role("link", name="Ben Hart").click()
    expect(page.locator("h1")).to_have_text("Ben Hart")
    row = page.locator(".govuk-summary-list__row").filter(has_text="Care status")
    expect(row.locator(".govuk-summary-list__value")).to_have_text("Looked after")
    preferred = page.locator(".govuk-summary-list__row").filter(has_text="Preferred name")
    expect(preferred.locator(".govuk-summary-list__value")).to_have_text("Not recorded")
    axe_check(page)

    page.goto(reverse("settings:audit", args=[care_setting.slug]) + "?child=%C2%B2&person=1_0")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a child from the list")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a person from the list")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
