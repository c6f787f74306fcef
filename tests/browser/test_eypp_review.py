"""The EYPP lists and the roll-up in real Chromium: axe-core, and nothing the CSP blocks.

The LA administrator opens the plans sent to the LA, sorts them, then the roll-up with its
chart; the setting's manager opens the setting's EYPP list. Each page is checked with
axe-core, and read once more under the real Content Security Policy (the chart is SVG drawn
on the server: no script, no inline style).
"""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from learning.models import Area
from tests.browser.helpers import axe_check, sign_in
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import (
    ActionPlanFactory,
    ImpactReviewFactory,
    LineOutcomeFactory,
    PlanLineFactory,
)

pytestmark = pytest.mark.browser

FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")


@pytest.fixture
def plans(transactional_db, care_setting):
    """A submitted plan over its allocation, and an approved one with its impact reviewed."""
    FRAMEWORK_DATA.ship(apps, None)
    child = ChildFactory(care_setting=care_setting, first_name="Ada", eypp_basis="economic")
    submitted = ActionPlanFactory(child=child, submitted=True)
    PlanLineFactory(plan=submitted, cost=Decimal("350.50"), area=Area.objects.get(code="CL"))
    other = ChildFactory(care_setting=care_setting, first_name="Ben", eypp_basis="economic")
    approved = ActionPlanFactory(
        child=other,
        approved=True,
        period_start=timezone.localdate() - timedelta(days=60),
        period_end=timezone.localdate() - timedelta(days=1),
    )
    line = PlanLineFactory(plan=approved, cost=Decimal("120"), area=Area.objects.get(code="PD"))
    review = ImpactReviewFactory(plan=approved, completed_at=timezone.now())
    LineOutcomeFactory(review=review, line=line, spent=Decimal("99.99"))
    return submitted, approved


def test_the_la_lists_and_the_rollup_pass_axe(page: Page, la_admin, home_la, plans):
    sign_in(page, la_admin.email)

    page.goto(reverse("la_eypp:plans", args=[home_la.slug]))
    expect(page.locator("h1")).to_have_text("EYPP plans")
    expect(page.get_by_text("Over allocation £50.50")).to_be_visible()
    axe_check(page)
    page.locator("th a", has_text="Planned").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Planned")
    axe_check(page)

    page.get_by_role("link", name="EYPP roll-up").click()
    expect(page.locator("h1")).to_contain_text("EYPP spend and impact")
    expect(page.get_by_role("img", name="Planned EYPP spend by EYFS area")).to_be_visible()
    axe_check(page)


def test_the_settings_eypp_list_passes_axe(page: Page, manager, care_setting, plans):
    sign_in(page, manager.email)

    page.goto(reverse("settings:eypp:plans", args=[care_setting.slug]))
    expect(page.locator("h1")).to_have_text("Early Years Pupil Premium (EYPP)")
    expect(page.locator("#children-count")).to_have_text("2 children eligible for EYPP.")
    axe_check(page)


def test_the_pages_break_no_content_security_rule(strict_page, la_admin, home_la, plans):
    page, problems = strict_page
    sign_in(page, la_admin.email)

    for name in ("la_eypp:plans", "la_eypp:rollup"):
        page.goto(reverse(name, args=[home_la.slug]))
        expect(page.locator("h1")).to_be_visible()
    assert problems == []
