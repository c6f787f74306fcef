"""Real Chromium through the real pages: sign-in for each role, forms that keep what was typed.

Every page visited is checked with axe-core against WCAG 2.2 AA; each home page is
screenshotted into test-results/ for people to look at.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import CareSetting
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import (
    CareSettingFactory,
    ChildFactory,
    MembershipFactory,
    OfstedInspectionFactory,
)

pytestmark = pytest.mark.browser

HOMES = [
    # persona, h1, URL path of the home page
    ("manager", "Setting overview", "/settings/acorn-day-nursery/"),
    ("key_person", "My key children", "/settings/acorn-day-nursery/my-key-children/"),
    ("practitioner", "My key children", "/settings/acorn-day-nursery/my-key-children/"),
    ("dsl", "My key children", "/settings/acorn-day-nursery/my-key-children/"),
    ("advisor", "My settings", "/la/northshire/my-settings/"),
    ("cic_advisor", "My settings", "/la/northshire/my-settings/"),
    ("la_admin", "Settings and users", "/la/northshire/"),
    ("other_manager", "Setting overview", "/settings/riverside-pre-school/"),
]


def test_the_sign_in_page_passes_axe(page: Page):
    page.goto("/accounts/sign-in/")

    expect(page.locator("h1")).to_have_text("Sign in to EYFS Portal")
    axe_check(page)


@pytest.fixture
def records(care_setting, other_setting, home_la):
    """Something on every home page, so that tables are checked and screenshots are useful."""
    ChildFactory.create_batch(3, care_setting=care_setting)
    ChildFactory(care_setting=care_setting, looked_after=True, first_name="Amara")
    ChildFactory(care_setting=care_setting, shared=True, sen_status="sen_support")
    ChildFactory(care_setting=other_setting, looked_after=True, responsible_la=home_la)
    OfstedInspectionFactory(care_setting=care_setting)
    OfstedInspectionFactory(care_setting=care_setting, report_card=True)
    MembershipFactory(care_setting=care_setting, dsl=True, user__full_name="Dee Deputy")
    bluebell = CareSettingFactory(local_authority=home_la, name="Bluebell Pre-school")
    ChildFactory(care_setting=bluebell, looked_after=True)


@pytest.mark.parametrize(("persona", "heading", "path"), HOMES)
def test_each_role_signs_in_and_lands_on_their_home_page(
    request, page: Page, live_server, records, persona, heading, path
):
    user = request.getfixturevalue(persona)

    sign_in(page, user.email)

    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".app-header__user")).to_contain_text(user.full_name)
    screenshot(page, f"home-{persona}")
    axe_check(page)


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(page: Page, manager):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_label("Email address")).to_have_value(manager.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)


def test_an_la_admin_fixes_a_bad_urn_without_retyping_the_setting(page: Page, la_admin, home_la):
    sign_in(page, la_admin.email)
    page.get_by_role("link", name="Add a setting").click()
    expect(page.locator("h1")).to_have_text("Add a setting")
    axe_check(page)

    page.get_by_label("Name").fill("Buttercups Community Pre-school")
    page.get_by_label("Pre-school").check()
    page.get_by_label("Ofsted URN").fill("XY12")
    page.get_by_label("Address line 1").fill("The Village Hall, Church Lane")
    page.get_by_label("Town or city").fill("Little Snoring")
    page.get_by_label("Postcode").fill("nr21 0ab")
    page.get_by_role("button", name="Add setting").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an Ofsted URN of 6 or 7 digits")
    expect(page.get_by_label("Name")).to_have_value("Buttercups Community Pre-school")
    expect(page.get_by_label("Pre-school")).to_be_checked()
    expect(page.get_by_label("Ofsted URN")).to_have_value("XY12")
    expect(page.get_by_label("Town or city")).to_have_value("Little Snoring")
    axe_check(page)
    # The summary's link takes the keyboard to the field to fix.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Ofsted URN")).to_be_focused()

    page.get_by_label("Ofsted URN").fill("EY654321")
    page.get_by_role("button", name="Add setting").click()

    expect(page).to_have_url(re.compile(rf"/la/{home_la.slug}/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Buttercups Community Pre-school has been added.")
    expect(
        page.get_by_role("link", name="Buttercups Community Pre-school", exact=True)
    ).to_be_visible()
    added = CareSetting.objects.get(ofsted_urn="EY654321")
    assert (added.local_authority_id, added.postcode) == (home_la.pk, "NR21 0AB")


def test_pages_work_under_the_real_content_security_policy(strict_page, la_admin, home_la):
    page, problems = strict_page

    sign_in(page, la_admin.email)
    expect(page.locator("h1")).to_have_text("Settings and users")
    # GOV.UK Frontend ran (nonce'd start-up script, then the module): the body says so.
    expect(page.locator("body")).to_have_class(re.compile(r"govuk-frontend-supported"))
    # A form with errors: the error summary script takes focus, crispy-forms-gds markup.
    page.goto(f"/la/{home_la.slug}/settings/add/")
    page.get_by_role("button", name="Add setting").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    csp_errors = [text for text in problems if "Content Security Policy" in text]
    assert csp_errors == []
    assert problems == []


def test_the_stylesheet_and_scripts_are_served(page: Page, live_server):
    for path in ["/static/css/application.css", "/static/js/app.js"]:
        response = page.request.get(f"{live_server.url}{path}")
        assert response.status == 200, path

    page.goto("/accounts/sign-in/")
    # The stylesheet applied: the header has a background colour.
    background = page.locator(".govuk-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert background not in ("", "rgba(0, 0, 0, 0)")
