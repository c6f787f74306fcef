"""Reminders that lead somewhere, in real Chromium, each page checked with axe-core.

The key person's dashboard lists what the reminders say, a missed progress check leads to
recording why, an empty judgement form is refused, and a worry reaches the DSL at once.
The live server runs on real time: dates are worked out from today.
"""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from learning.models import ProgressCheckNotDone, TrackerJudgement
from notifications.models import Notification
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.learning import AssessmentPeriodFactory
from tests.factories.learning_check import child_aged

pytestmark = pytest.mark.browser

FRAMEWORK_DATA = importlib.import_module("learning.migrations.0002_framework_data")


@pytest.fixture
def framework(transactional_db) -> None:
    """Put back the shipped areas and scales, which the live server's tests flush."""
    FRAMEWORK_DATA.ship(apps, None)


def test_a_key_person_follows_a_missed_check_from_their_dashboard_and_records_why(
    page: Page, key_person, manager, care_setting
):
    child = child_aged(
        months=37, care_setting=care_setting, key_person=key_person, first_name="Mo"
    )
    name = str(child)
    sign_in(page, key_person.email)

    # "My key children" lists the reminder on Mo's row: not "Nothing to do".
    expect(page.locator("h1")).to_have_text("My key children")
    row = page.get_by_role("table", name="Children I am key person for").get_by_role(
        "row", name=re.compile(name)
    )
    expect(row).not_to_contain_text("Nothing to do")
    todo = row.get_by_role(
        "link", name=re.compile(r"^Record why the progress check at age two was not done by")
    )
    expect(todo).to_be_visible()
    axe_check(page)
    todo.click()

    # The check page offers the way to record why, not only a warning.
    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(page.get_by_text("without a progress check at age two")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record why it was not done").click()

    expect(page.locator("h1")).to_have_text("Why the progress check at age two was not done")
    axe_check(page)
    page.get_by_role("button", name="Save why it was not done").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why the progress check at age two was not done")
    axe_check(page)

    today = timezone.localdate()
    page.get_by_label("Why the progress check at age two was not done").fill(
        "Mo joined after turning three; the health visitor did the review at home."
    )
    for index, part in enumerate((today.day, today.month, today.year)):
        page.locator(f"#id_decided_on_{index}").fill(str(part))
    page.get_by_role("button", name="Save why it was not done").click()

    expect(page.locator("h1")).to_have_text("Progress check at age two")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Recorded why {name}'s progress check at age two was not done."
    )
    expect(page.get_by_text("the health visitor did the review at home")).to_be_visible()
    screenshot(page, "progress-check-not-done")
    axe_check(page)
    assert ProgressCheckNotDone.objects.filter(child=child).exists()

    # The reminder is done: the dashboard no longer lists it.
    page.goto(reverse("settings:my_key_children", args=[care_setting.slug]))
    expect(
        page.get_by_role("link", name=re.compile(r"^Record why the progress check"))
    ).to_have_count(0)


def test_saving_judgements_with_nothing_chosen_is_refused(
    page: Page, framework, key_person, key_child, care_setting
):
    today = timezone.localdate()
    period = AssessmentPeriodFactory(
        care_setting=care_setting,
        name="This term",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    sign_in(page, key_person.email)
    page.goto(
        reverse(
            "settings:learning:tracker_edit", args=[care_setting.slug, key_child.pk, period.pk]
        )
    )
    expect(page.locator("h1")).to_have_text("Judgements for This term")

    page.get_by_role("button", name="Save judgements").click()

    expect(page.locator("h1")).to_have_text("Judgements for This term")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Choose a judgement in at least one area: nothing has been saved"
    )
    expect(page.locator(".govuk-notification-banner--success")).to_have_count(0)
    screenshot(page, "judgements-nothing-chosen")
    axe_check(page)
    summary.get_by_role("link").first.click()
    expect(
        page.get_by_role("group", name="Communication and Language", exact=True)
        .get_by_role("radio")
        .first
    ).to_be_focused()
    assert not TrackerJudgement.objects.exists()


def test_a_worry_passed_on_reaches_the_dsl_at_once(
    page: Page, framework, settings, key_person, dsl, key_child, care_setting
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    name = str(key_child)
    sign_in(page, key_person.email)
    page.goto(reverse("settings:learning:observation_add", args=[care_setting.slug]))
    page.get_by_label(name, exact=True).check()
    today = timezone.localdate()
    for index, part in enumerate((today.day, today.month, today.year)):
        page.locator(f"#id_observed_on_{index}").fill(str(part))
    page.get_by_label("What did you see and hear?").fill("Played at the water tray.")
    page.get_by_label("Communication and Language", exact=True).check()
    page.get_by_label("I have a safeguarding concern about this child (optional)").fill(
        "Flinched when I raised my hand to wave."
    )
    page.get_by_role("button", name="Save observation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The designated safeguarding lead has been told about your concern."
    )
    # Told at once: the DSL's notification and e-mail exist before any sweep ran.
    assert Notification.objects.filter(recipient=dsl, kind="safeguarding.concern").exists()
    assert [email.to for email in mail.outbox] == [[dsl.email]]
    assert key_child.last_name not in mail.outbox[0].body

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, dsl.email)
    expect(page.locator("h1")).to_have_text("My key children")
    panel = page.get_by_role("region", name="Safeguarding concerns waiting for review")
    expect(panel).to_contain_text("1 concern about a child's welfare is waiting for you")
    expect(
        page.get_by_role("link", name=re.compile(r"^Notifications \(1 unread\s*\)$"))
    ).to_be_visible()
    screenshot(page, "dsl-worries-waiting")
    axe_check(page)
    panel.get_by_role("link", name="Read the concerns").click()

    expect(page.locator("h1")).to_have_text("Safeguarding concerns")
    axe_check(page)
    page.get_by_role("link", name=re.compile(r"^C-\d+")).first.click()
    expect(page.get_by_text("Flinched when I raised my hand to wave.")).to_be_visible()
    axe_check(page)
