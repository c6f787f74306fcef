"""School terms in real Chromium: the LA administrator adds, corrects, changes and deletes one.

Every page is checked with axe-core; an overlap is explained in the error summary and
nothing typed is lost.
"""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from accounts.models import SchoolTerm
from tests.browser.helpers import axe_check, sign_in

pytestmark = pytest.mark.browser


def fill_date(page: Page, field: str, day: date) -> None:
    for index, part in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{field}_{index}").fill(str(part))


def test_the_la_admin_keeps_the_school_terms(page: Page, transactional_db, la_admin, home_la):
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Autumn 2026 first half",
        starts_on=date(2026, 9, 3),
        ends_on=date(2026, 10, 23),
    )
    sign_in(page, la_admin.email)
    page.goto(f"/la/{home_la.slug}/policy/")
    page.get_by_role("link", name="school terms").click()
    expect(page.locator("h1")).to_have_text("School terms")
    axe_check(page)

    page.get_by_role("link", name="Add a term").click()
    page.get_by_label("Name").fill("Autumn 2026 second half")
    fill_date(page, "starts_on", date(2026, 10, 19))
    fill_date(page, "ends_on", date(2026, 12, 18))
    page.get_by_role("button", name="Add term").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The dates overlap Autumn 2026 first half")
    expect(page.get_by_label("Name")).to_have_value("Autumn 2026 second half")
    axe_check(page)

    fill_date(page, "starts_on", date(2026, 11, 2))
    page.get_by_role("button", name="Add term").click()
    expect(page.locator("h1")).to_have_text("School terms")
    expect(page.get_by_text("Autumn 2026 second half has been added.")).to_be_visible()

    page.get_by_role("link", name="Change Autumn 2026 first half").click()
    expect(page.locator("h1")).to_have_text("Change Autumn 2026 first half")
    axe_check(page)
    fill_date(page, "ends_on", date(2026, 10, 22))
    page.get_by_role("button", name="Save term").click()
    expect(page.get_by_text("22 October 2026")).to_be_visible()

    page.get_by_role("link", name="Delete Autumn 2026 second half").click()
    expect(page.locator("h1")).to_have_text("Delete Autumn 2026 second half")
    axe_check(page)
    page.get_by_role("button", name="Delete term").click()
    expect(page.get_by_text("Autumn 2026 second half has been deleted.")).to_be_visible()
    assert list(SchoolTerm.objects.values_list("name", flat=True)) == ["Autumn 2026 first half"]
