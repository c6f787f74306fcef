"""Key persons' caseloads and the people who use the portal, in real Chromium.

The manager sees each person's caseload when choosing a key person and is warned past the
setting's limit; the manager and the LA administrator change, deactivate and re-invite
people. Every page visited is checked with axe-core against WCAG 2.2 AA.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from keypersons import services as keyperson_services
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories import ChildFactory

pytestmark = pytest.mark.browser


def service_nav(page: Page, label: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True)


def test_a_manager_sees_caseloads_when_allocating_and_is_warned_past_the_limit(
    page: Page, manager, key_person, practitioner, key_child, care_setting
):
    keyperson_services.key_person_allocate(
        by=manager, child=ChildFactory(care_setting=care_setting), staff=key_person
    )
    newcomer = ChildFactory(care_setting=care_setting, first_name="Nia", last_name="Newton")
    sign_in(page, manager.email)

    service_nav(page, "Key persons").click()
    page.get_by_role("link", name="See each member of staff's caseload").click()
    expect(page.locator("h1")).to_have_text("Caseloads")
    expect(page.get_by_text("The setting's limit is 8 key children")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Change the limit").click()
    expect(page.locator("h1")).to_have_text("Limit of key children")
    axe_check(page)
    page.get_by_label("Most key children for one key person").fill("two")
    page.get_by_role("button", name="Save limit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the limit as a whole number, like 8"
    )
    expect(page.get_by_label("Most key children for one key person")).to_have_value("two")
    axe_check(page)
    page.get_by_label("Most key children for one key person").fill("2")
    page.get_by_role("button", name="Save limit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The limit is now 2 key children for each key person."
    )
    expect(page.get_by_role("row", name=re.compile("Kim Keyperson"))).to_contain_text(
        "At the limit"
    )
    axe_check(page)

    page.goto(f"/settings/{care_setting.slug}/key-persons/child/{newcomer.pk}/allocate/")
    picker = page.get_by_label("Member of staff")
    expect(picker.locator("option")).to_have_text(
        [
            "Choose a member of staff",
            "Kim Keyperson — 2 key children, 1 looked after (at the limit of 2)",
            "Mary Manager — no key children",
            "Priya Practitioner — no key children",
        ]
    )
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(
        "The setting's limit is 2 key children for each key person. Already at or over it: "
        "Kim Keyperson (2 key children). You can still choose them."
    )
    screenshot(page, "allocate-with-caseloads")
    axe_check(page)
    picker.select_option(
        label="Kim Keyperson — 2 key children, 1 looked after (at the limit of 2)"
    )
    page.get_by_role("button", name="Save allocation").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Kim Keyperson is now Nia's key person. They now have 3 key children, over the "
        "setting's limit of 2."
    )
    axe_check(page)
    newcomer.refresh_from_db()
    assert newcomer.key_person == key_person
