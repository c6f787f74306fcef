"""The LA side in real Chromium: an advisor follows an out-of-county child to their progress.

The children in care advisor of the responsible LA opens a child placed at another LA's
setting from "Children I follow", then the learning journey, the tracker with the early
assessment, and the progress check, all read-only; every page is checked with axe-core.
"""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory
from tests.factories.learning import EarlyAssessmentFactory, TrackerJudgementFactory
from tests.factories.learning_check import ProgressCheckFactory
from tests.factories.learning_journey import ObservationFactory

pytestmark = pytest.mark.browser

FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")


@pytest.fixture
def placed_child(transactional_db, other_setting, other_manager, home_la):
    """Looked after by Northshire, placed at a Westvale pre-school, with their records."""
    FRAMEWORK_DATA.ship(apps, None)
    child = ChildFactory(
        care_setting=other_setting,
        looked_after=True,
        responsible_la=home_la,
        first_name="Ola",
        last_name="Placed",
    )
    ObservationFactory(
        care_setting=other_setting,
        author=other_manager,
        children=[child],
        text="Ola poured water from jug to cup without spilling.",
    )
    ObservationFactory(
        care_setting=other_setting,
        author=other_manager,
        children=[child],
        text="A draft nobody outside the setting sees.",
        status="draft",
    )
    EarlyAssessmentFactory(child=child)
    TrackerJudgementFactory(child=child)
    ProgressCheckFactory(child=child, strengths="Loves stories about boats.")
    return child


def test_a_cic_advisor_follows_an_out_of_county_child_to_their_progress(
    page: Page, cic_advisor, placed_child
):
    sign_in(page, cic_advisor.email)
    expect(page.locator("h1")).to_have_text("My settings")
    axe_check(page)

    page.get_by_role("link", name="Ola Placed").click()
    expect(page.locator("h1")).to_have_text("Ola Placed")
    expect(page.get_by_text("Out of county").first).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Learning journey", exact=True).click()
    expect(page.locator("h1")).to_have_text("Ola Placed: learning journey")
    expect(page.get_by_text("Ola poured water from jug to cup without spilling.")).to_be_visible()
    expect(page.get_by_text("A draft nobody outside the setting sees.")).to_have_count(0)
    expect(page.get_by_role("link", name="Record an observation")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Back to Ola's record").click()

    page.get_by_role("link", name="Progress tracker and early assessment").click()
    expect(page.locator("h1")).to_have_text("Progress tracker")
    expect(page.get_by_role("link", name="Record judgements")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Read the early assessment").click()
    expect(page.locator("h1")).to_have_text("Early assessment")
    axe_check(page)
    page.get_by_role("link", name="Back to the tracker").click()
    page.get_by_role("link", name="Back to Ola's record").click()

    page.get_by_role("link", name="Progress check at age two").click()
    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(page.get_by_text("Loves stories about boats.")).to_be_visible()
    expect(page.get_by_role("link", name="Change the progress check")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Download the progress check for carers (PDF)")
    ).to_be_visible()
    axe_check(page)
    screenshot(page, "la-side-progress-check")
