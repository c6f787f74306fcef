"""Key persons' caseloads and the people who use the portal, in real Chromium.

The manager sees each person's caseload when choosing a key person and is warned past the
setting's limit; the manager and the LA administrator change, deactivate and re-invite
people. Every page visited is checked with axe-core against WCAG 2.2 AA.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import LaRole, Membership
from keypersons import services as keyperson_services
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory, LaRoleFactory

pytestmark = pytest.mark.browser


def service_nav(page: Page, label: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True)


def staff_pages(page: Page, label: str):
    """Return a link of the sub-navigation the Staff section's pages share."""
    return page.get_by_role("navigation", name="Staff").get_by_role("link", name=label, exact=True)


def test_a_manager_sees_caseloads_when_allocating_and_is_warned_past_the_limit(
    page: Page, manager, key_person, practitioner, key_child, care_setting
):
    keyperson_services.key_person_allocate(
        by=manager, child=ChildFactory(care_setting=care_setting), staff=key_person
    )
    newcomer = ChildFactory(care_setting=care_setting, first_name="Nia", last_name="Newton")
    sign_in(page, manager.email)

    service_nav(page, "Staff").click()
    staff_pages(page, "Key persons").click()
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


def staff_row(page: Page, name: str):
    return page.locator("tbody tr").filter(has_text=name)


def test_a_manager_changes_a_member_of_staff_and_a_concurrent_change_is_explained(
    page: Page, manager, practitioner, care_setting
):
    sign_in(page, manager.email)
    service_nav(page, "Staff").click()
    expect(page.locator("h1")).to_have_text("Staff")
    axe_check(page)
    page.get_by_role("link", name="Change Priya Practitioner").click()
    expect(page.locator("h1")).to_have_text("Change Priya Practitioner")
    axe_check(page)

    page.get_by_label("Full name").fill("")
    page.get_by_label("Job title (optional)").fill("Room leader")
    page.get_by_label("Special educational needs coordinator (SENCo)").check()
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the person's full name")
    expect(page.get_by_label("Job title (optional)")).to_have_value("Room leader")
    expect(page.get_by_label("Special educational needs coordinator (SENCo)")).to_be_checked()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)

    # Another manager makes Priya the DSL while this form is open.
    Membership.objects.filter(user=practitioner).update(is_dsl=True, version=2)
    page.get_by_label("Full name").fill("Priya Patel")
    page.get_by_role("button", name="Save changes").click()
    expect(summary).to_contain_text(
        "Someone else changed this member of staff while you were editing"
    )
    conflict = page.get_by_role("table", name="What the record says now")
    expect(conflict).to_contain_text("Designated safeguarding lead (DSL)")
    expect(page.get_by_label("Full name")).to_have_value("Priya Patel")
    expect(page.get_by_label("Job title (optional)")).to_have_value("Room leader")
    screenshot(page, "staff-edit-conflict")
    axe_check(page)

    page.get_by_label("Designated safeguarding lead (DSL)").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Priya Patel's details have been saved."
    )
    expect(staff_row(page, "Priya Patel")).to_contain_text("Practitioner, DSL, SENCo")
    axe_check(page)
    membership = Membership.objects.get(user=practitioner)
    assert (membership.job_title, membership.is_dsl, membership.is_senco) == (
        "Room leader",
        True,
        True,
    )


def test_a_manager_deactivates_a_key_person_whose_children_then_need_one(
    page: Page, manager, key_person, key_child, care_setting
):
    sign_in(page, manager.email)
    service_nav(page, "Staff").click()
    page.get_by_role("link", name="Deactivate Kim Keyperson").click()
    expect(page.locator("h1")).to_have_text("Deactivate Kim Keyperson")
    axe_check(page)
    page.get_by_label("Reason").fill("Moved to another nursery")
    page.get_by_role("button", name="Deactivate").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Kim Keyperson no longer has access to Acorn Day Nursery."
    )
    expect(staff_row(page, "Kim Keyperson")).to_contain_text("Left")
    axe_check(page)
    staff_pages(page, "Key persons").click()
    expect(page.locator("tbody tr").first).to_contain_text("No key person")
    key_child.refresh_from_db()
    assert key_child.key_person is None
    assert not Membership.objects.get(user=key_person).is_active


def test_an_la_admin_finds_a_colleague_changes_their_role_and_sends_the_invitation_again(
    page: Page, la_admin, advisor, home_la
):
    LaRoleFactory(
        local_authority=home_la,
        role=LaRole.Role.CIC_ADVISOR,
        user__full_name="Ivy Invited",
        user__email="ivy@example.test",
        user__password="!unusable",
    )
    for n in range(26):
        LaRoleFactory(local_authority=home_la, user__full_name=f"Sam Person {n:02d}")
    sign_in(page, la_admin.email)

    page.get_by_role("link", name="Find and manage users").click()
    expect(page.locator("h1")).to_have_text("Users")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    axe_check(page)
    page.get_by_label("Search by name or email address").fill("IVY@")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Ivy Invited")
    expect(page.get_by_role("table")).not_to_contain_text("Sam Person")
    expect(page.get_by_label("Search by name or email address")).to_have_value("IVY@")
    axe_check(page)

    page.get_by_role("link", name="Change Ivy Invited's role").click()
    expect(page.locator("h1")).to_have_text("Change Ivy Invited's role")
    axe_check(page)
    page.get_by_label("Improvement advisor").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ivy Invited's details have been saved."
    )

    page.get_by_label("Search by name or email address").fill("ivy")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Improvement advisor")
    page.get_by_role("link", name="Send Ivy Invited's invitation again").click()
    expect(page.locator("h1")).to_have_text("Send Ivy Invited's invitation again")
    axe_check(page)
    page.get_by_role("button", name="Send the invitation again").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The invitation has been sent again to ivy@example.test."
    )
    axe_check(page)
    assert LaRole.objects.get(user__email="ivy@example.test").role == "improvement_advisor"
