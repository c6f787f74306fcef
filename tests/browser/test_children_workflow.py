"""Children and key persons in real Chromium: add a child, allocate, team and consents.

Every page visited is checked with axe-core against WCAG 2.2 AA. The notification list
has its own browser test in tests/notifications/test_browser.py.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from children.models import Child, Consent
from common.dates import add_years
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory, RoomFactory

pytestmark = pytest.mark.browser


def fill_date(page: Page, field: str, day: date | tuple[str, str, str]) -> None:
    """Type a date into a GOV.UK date input (Day, Month, Year boxes) as a person would."""
    parts = (str(day.day), str(day.month), str(day.year)) if isinstance(day, date) else day
    for index, part in enumerate(parts):
        page.locator(f"#id_{field}_{index}").fill(part)


def expect_date(page: Page, field: str, parts: tuple[str, str, str]) -> None:
    for index, part in enumerate(parts):
        expect(page.locator(f"#id_{field}_{index}")).to_have_value(part)


def service_nav(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True)


def summary_value(page: Page, key: str) -> Locator:
    """The value of a row of the page's GOV.UK summary list."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^{key}$"))
    )
    return row.locator(".govuk-summary-list__value")


def board_row(page: Page, child_name: str) -> Locator:
    return page.locator("tbody tr").filter(
        has=page.get_by_role("link", name=child_name, exact=True)
    )


def consent_row(consents: Locator, kind: str) -> Locator:
    return consents.get_by_role("row").filter(
        has=consents.page.get_by_role("rowheader", name=kind, exact=True)
    )


def test_a_manager_adds_a_child_and_allocates_a_key_person_who_then_sees_them(
    page: Page, manager, practitioner, care_setting
):
    today = timezone.localdate()
    born = add_years(today, -3) - timedelta(days=20)
    started = today - timedelta(days=3)
    RoomFactory(care_setting=care_setting, name="Caterpillars")
    sign_in(page, manager.email)
    axe_check(page)

    service_nav(page, "Children").click()
    expect(page.locator("h1")).to_have_text("Children")
    axe_check(page)
    page.get_by_role("link", name="Add a child").click()
    expect(page.locator("h1")).to_have_text("Add a child")
    axe_check(page)

    page.get_by_label("First name").fill("Rosie")
    page.get_by_label("Last name").fill("Okafor")
    fill_date(page, "date_of_birth", born)
    fill_date(page, "start_date", started)
    page.get_by_label("Room or group (optional)").select_option(label="Caterpillars")
    page.get_by_label("Home languages (optional)").fill("English and Yoruba")
    page.get_by_label("Universal 15 hours").check()
    page.get_by_role("button", name="Add child").click()

    expect(page).to_have_url(re.compile(rf"/settings/{care_setting.slug}/children/\d+/$"))
    expect(page.locator("h1")).to_have_text("Rosie Okafor")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Rosie Okafor has been added."
    )
    expect(summary_value(page, "Age")).to_have_text("3 years 0 months")
    expect(summary_value(page, "Room or group")).to_have_text("Caterpillars")
    expect(summary_value(page, "Key person")).to_contain_text("Not allocated")
    axe_check(page)

    summary_value(page, "Key person").get_by_role(
        "link", name="Allocate a key person to Rosie Okafor"
    ).click()
    expect(page.locator("h1")).to_have_text("Key persons for Rosie Okafor")
    expect(summary_value(page, "Key person")).to_have_text("No key person")
    axe_check(page)
    page.get_by_label("Member of staff").select_option(
        label="Priya Practitioner — no key children"
    )
    page.get_by_label("Reason").fill("Settling in with the Caterpillars")
    page.get_by_role("button", name="Save allocation").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Priya Practitioner is now Rosie's key person."
    )
    expect(summary_value(page, "Key person")).to_contain_text("Priya Practitioner")
    expect(page.locator("table").last).to_contain_text("Settling in with the Caterpillars")
    axe_check(page)

    summary_value(page, "Child").get_by_role("link", name="Rosie Okafor").click()
    expect(page.locator("h1")).to_have_text("Rosie Okafor")
    expect(summary_value(page, "Key person")).to_have_text("Priya Practitioner")
    screenshot(page, "child-hub-after-allocation")
    axe_check(page)
    child = Child.objects.get(first_name="Rosie", last_name="Okafor")
    assert (child.care_setting_id, child.key_person_id) == (care_setting.pk, practitioner.pk)
    assert (child.date_of_birth, child.start_date) == (born, started)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/$"))
    sign_in(page, practitioner.email)

    expect(page.locator("h1")).to_have_text("My key children")
    key_children = page.get_by_role("table", name="Children I am key person for")
    expect(key_children.get_by_role("link", name="Rosie Okafor")).to_be_visible()
    expect(key_children).to_contain_text("Caterpillars")
    axe_check(page)


def test_an_invalid_child_keeps_what_was_typed_and_shows_the_error_summary(
    page: Page, manager, care_setting
):
    started = timezone.localdate() - timedelta(days=3)
    ladybirds = RoomFactory(care_setting=care_setting, name="Ladybirds")
    sign_in(page, manager.email)
    page.goto(reverse("settings:children:add", args=[care_setting.slug]))

    page.get_by_label("First name").fill("Ada")
    fill_date(page, "date_of_birth", ("31", "2", "2024"))
    fill_date(page, "start_date", started)
    page.get_by_label("Room or group (optional)").select_option(label="Ladybirds")
    page.get_by_role("button", name="Add child").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the child's last name", "Date of birth must be a real date"]
    )
    expect(page.locator("#div_id_date_of_birth .govuk-error-message")).to_contain_text(
        "Date of birth must be a real date"
    )
    expect(page.get_by_label("First name")).to_have_value("Ada")
    expect_date(page, "date_of_birth", ("31", "2", "2024"))
    expect_date(page, "start_date", (str(started.day), str(started.month), str(started.year)))
    expect(page.get_by_label("Room or group (optional)")).to_have_value(str(ladybirds.pk))
    axe_check(page)
    # The summary's link takes the keyboard to the field to fix.
    summary.get_by_role("link", name="Enter the child's last name").click()
    expect(page.get_by_label("Last name")).to_be_focused()
    assert not Child.objects.exists()

    page.get_by_label("Last name").fill("Lovelace")
    page.locator("#id_date_of_birth_0").fill("29")
    page.get_by_role("button", name="Add child").click()

    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    expect(summary_value(page, "Date of birth")).to_have_text("29 February 2024")
    expect(summary_value(page, "Room or group")).to_have_text("Ladybirds")
    axe_check(page)
    child = Child.objects.get()
    assert (child.first_name, child.date_of_birth) == ("Ada", date(2024, 2, 29))


def test_a_manager_allocates_two_new_children_at_once_on_the_board(
    page: Page, manager, key_person, care_setting
):
    for first_name, last_name in [("Noah", "Bennett"), ("Isla", "Patel"), ("Zara", "Quinn")]:
        ChildFactory(care_setting=care_setting, first_name=first_name, last_name=last_name)
    sign_in(page, manager.email)

    # Key persons is one of the Staff pages, under their own sub-navigation.
    service_nav(page, "Staff").click()
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Key persons").click()
    expect(page.locator("h1")).to_have_text("Key persons")
    expect(page.get_by_text("3 children on roll; 3 without a key person.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Select Noah Bennett").check()
    page.get_by_label("Select Isla Patel").check()
    page.get_by_label("Key person", exact=True).select_option(
        label="Kim Keyperson — no key children"
    )
    page.get_by_label("Reason").fill("New intake")
    page.get_by_role("button", name="Allocate the selected children").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Kim Keyperson is now the key person of 2 more children."
    )
    expect(page.get_by_text("3 children on roll; 1 without a key person.")).to_be_visible()
    expect(board_row(page, "Noah Bennett")).to_contain_text("Kim Keyperson")
    expect(board_row(page, "Isla Patel")).to_contain_text("Kim Keyperson")
    expect(board_row(page, "Zara Quinn")).to_contain_text("No key person")
    axe_check(page)
    allocated = Child.objects.filter(key_person=key_person).values_list("first_name", flat=True)
    assert sorted(allocated) == ["Isla", "Noah"]


def test_the_key_person_adds_a_parent_and_records_their_consent(page: Page, key_person, key_child):
    today = timezone.localdate()
    name = f"{key_child.first_name} {key_child.last_name}"
    sign_in(page, key_person.email)
    expect(page.locator("h1")).to_have_text("My key children")

    page.get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_have_text(name)
    team = page.get_by_role("table", name=f"Carers and professionals around {name}")
    expect(team).to_contain_text("No one recorded yet.")
    axe_check(page)

    page.get_by_role("link", name="Add someone to the team").click()
    expect(page.locator("h1")).to_have_text("Add someone to the team around the child")
    axe_check(page)
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Relationship to the child (optional)").fill("Mother")
    page.get_by_label("Email address (optional)").fill("Grace.Hopper@Example.test")
    page.get_by_label("Phone (optional)").fill("01632 960123")
    page.get_by_label("Has parental responsibility for the child").check()
    page.get_by_role("button", name="Add to the team").click()

    expect(page).to_have_url(re.compile(rf"/children/{key_child.pk}/#team$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Grace Hopper has been added to {name}'s team."
    )
    parent = team.locator("tbody tr").filter(has_text="Grace Hopper")
    expect(parent).to_contain_text("Mother")
    expect(parent).to_contain_text("grace.hopper@example.test")
    expect(parent).to_contain_text("Parental responsibility")
    axe_check(page)

    page.get_by_role("link", name="Record a consent", exact=True).click()
    expect(page.locator("h1")).to_have_text("Record a consent")
    axe_check(page)
    page.get_by_label("Photographs").check()
    page.get_by_label("Consent given").check()
    page.get_by_label("Grace Hopper (Mother)").check()
    fill_date(page, "given_on", today)
    page.get_by_label("Notes (optional)").fill("Learning journey only, not for display")
    page.get_by_role("button", name="Save consent").click()

    expect(page).to_have_url(re.compile(rf"/children/{key_child.pk}/#consents$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Photographs: consent given, recorded for {name}."
    )
    consents = page.get_by_role("table", name="Consents at a glance")
    photographs = consent_row(consents, "Photographs")
    expect(photographs).to_contain_text("Given")
    expect(photographs).to_contain_text(f"Given on {today:%-d %B %Y} by Grace Hopper (Mother)")
    expect(photographs).to_contain_text("Learning journey only, not for display")
    outings = consent_row(consents, "Outings")
    expect(outings).to_contain_text("Not recorded")
    expect(team.locator("tbody tr").filter(has_text="Grace Hopper")).to_be_visible()
    screenshot(page, "child-hub-team-and-consent")
    axe_check(page)
    consent = Consent.objects.get(child=key_child)
    assert (consent.kind, consent.granted, consent.given_by.name) == (
        Consent.Kind.PHOTOGRAPHS,
        True,
        "Grace Hopper",
    )


# --- Error summary links reach the field ---------------------------------------------------


@pytest.mark.parametrize(
    ("form", "link", "field"),
    [
        ("add_child", "Date of birth must be a real date", "#id_date_of_birth_0"),
        ("add_team_member", "Select the person's role", "#id_role_1"),
    ],
)
def test_each_error_summary_link_takes_the_keyboard_to_its_field(
    page: Page, manager, care_setting, key_child, form, link, field
):
    sign_in(page, manager.email)
    if form == "add_child":
        page.goto(reverse("settings:children:add", args=[care_setting.slug]))
        fill_date(page, "date_of_birth", ("31", "2", "2024"))
        button = "Add child"
    else:
        page.goto(reverse("settings:children:team_add", args=[care_setting.slug, key_child.pk]))
        button = "Add to the team"
    page.get_by_role("button", name=button).click()

    page.locator(".govuk-error-summary").get_by_role("link", name=link).click()
    expect(page.locator(field)).to_be_focused(timeout=2_000)
