"""A child's first day in real Chromium: health details, the first carer, their consents.

Every page visited is checked with axe-core against WCAG 2.2 AA.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from children.models import Child, TeamMember
from common.dates import add_years
from keypersons.services import key_person_allocate
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.browser.test_children_workflow import (
    consent_row,
    fill_date,
    service_nav,
    summary_value,
)

pytestmark = pytest.mark.browser

ALLERGY = "Peanuts: anaphylaxis. Adrenaline pen in the office."


def test_a_child_is_added_with_allergies_and_a_carer_who_gives_consent_at_once(
    page: Page, manager, key_person, care_setting
):
    today = timezone.localdate()
    sign_in(page, manager.email)
    service_nav(page, "Children").click()
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Rosie")
    page.get_by_label("Last name").fill("Okafor")
    fill_date(page, "date_of_birth", add_years(today, -3) - timedelta(days=20))
    fill_date(page, "start_date", today)
    page.get_by_label("Universal 15 hours").check()
    page.get_by_label("Allergies (optional)").fill(ALLERGY)
    page.get_by_label("Medical conditions (optional)").fill("Asthma")
    page.get_by_label("GP practice (optional)", exact=True).fill("Brook Lane Surgery")
    carer = page.get_by_role("group", name="Parent or carer")
    carer.get_by_label("Relationship to the child (optional)").fill("Mother")
    carer.get_by_label("Phone (optional)", exact=True).fill("01632 960123")
    carer.get_by_label("Has parental responsibility for the child").check()
    carer.get_by_label("Emergency contact: call them first if the child is ill or hurt").check()
    page.get_by_role("button", name="Add child").click()

    # The carer's details without a name: refused, and nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the parent or carer's full name, or clear their details to add them later"]
    )
    expect(page.get_by_label("Allergies (optional)")).to_have_value(ALLERGY)
    expect(carer.get_by_label("Phone (optional)", exact=True)).to_have_value("01632 960123")
    expect(
        carer.get_by_label("Emergency contact: call them first if the child is ill or hurt")
    ).to_be_checked()
    screenshot(page, "child-add-carer-error")
    axe_check(page)
    assert not Child.objects.exists()

    carer.get_by_label("Full name (optional)").fill("Joanne Okafor")
    page.get_by_role("button", name="Add child").click()

    expect(page.locator("h1")).to_have_text("Rosie Okafor")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(f"Allergies: {ALLERGY}")
    expect(warning).to_contain_text("Medical needs: Asthma")
    expect(summary_value(page, "Emergency contacts")).to_have_text(
        "Joanne Okafor (Mother): 01632 960123"
    )
    expect(summary_value(page, "GP")).to_have_text("Brook Lane Surgery")
    screenshot(page, "child-hub-health")
    axe_check(page)

    # The carer added with the child gives the consents straight away.
    page.get_by_role("link", name="Record consent for photographs").click()
    page.get_by_label("Consent given").check()
    page.get_by_label("Joanne Okafor (Mother)").check()
    fill_date(page, "given_on", today)
    page.get_by_role("button", name="Save consent").click()
    consents = page.get_by_role("table", name="Consents at a glance")
    expect(consent_row(consents, "Photographs")).to_contain_text("by Joanne Okafor (Mother)")
    axe_check(page)
    child = Child.objects.get()
    assert TeamMember.objects.get(child=child).emergency_order == 1

    # The key person sees the allergy in their list of key children.
    key_person_allocate(by=manager, child=child, staff=key_person)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/$"))
    sign_in(page, key_person.email)
    expect(page.locator("h1")).to_have_text("My key children")
    row = page.get_by_role("table", name="Children I am key person for").get_by_role("row")
    rosie = row.filter(has=page.get_by_role("link", name="Rosie Okafor"))
    expect(rosie.locator(".govuk-tag")).to_have_text(["Allergies", "Medical needs"])
    axe_check(page)
