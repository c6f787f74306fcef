"""Every reminder leads its recipient to a page where the thing can be done, and names one
date: the one its "Due" column shows. Time is pinned (see conftest.py).
"""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES, long_date
from tests.factories.reminders import every_reminder_due
from tests.notifications.conftest import NOW

# Reminders whose thing to do happens outside the portal for someone who is not a manager:
# booking a refresher course, getting the children in care training. They lead to the
# person's own start page, which shows the reminder and says what to do.
OUTSIDE_THE_PORTAL = {"training.expiring", "key_person.designated_missing"}


@pytest.fixture
def swept(care_setting, manager, key_person, practitioner, dsl):
    every_reminder_due(care_setting=care_setting, key_person=key_person, practitioner=practitioner)
    services.sweep(today=NOW.date())
    return Notification.objects.select_related("recipient").order_by("kind", "pk")


def main_of(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert found, "the page has no <main>"
    return found.group(0)


def can_act_on(main: str) -> bool:
    """Return whether the page offers the action: a form that posts, or a button link."""
    posts = re.search(r'<form\b[^>]*method="post"', main, flags=re.I)
    button_link = re.search(r'<a\b[^>]*class="[^"]*govuk-button', main)
    return bool(posts or button_link)


def test_the_world_makes_every_registered_rule_write_a_reminder(swept):
    assert {note.kind for note in swept} == set(RULES)


def test_every_reminder_leads_its_recipient_to_a_page_where_it_can_be_done(
    swept, client_as, manager
):
    checked: set[tuple[str, str]] = set()
    for note in swept:
        role = "manager" if note.recipient_id == manager.pk else "staff"
        if (note.kind, role) in checked:
            continue
        checked.add((note.kind, role))
        assert note.url.startswith("/"), f"{note.kind} has no link"

        response = client_as(note.recipient).get(note.url)

        assert response.status_code == 200, (note.kind, role, note.url)
        main = main_of(response.content.decode())
        if note.kind in OUTSIDE_THE_PORTAL and role == "staff":
            assert long_date(note.due_on) in main or note.subject in main, (note.kind, main)
            continue
        assert can_act_on(main), f"{note.kind} for the {role}: {note.url} offers no action"
    assert {kind for kind, _ in checked} == set(RULES)


def test_the_check_missed_at_36_months_leads_to_a_way_to_record_why(swept, client_as, key_person):
    note = Notification.objects.get(
        kind="learning.progress_check_overdue",
        recipient=key_person,
        subject__contains="not done by 36 months",
    )

    main = main_of(client_as(key_person).get(note.url).content.decode())

    assert "Record why it was not done" in main
    assert "/progress-check/not-done/" in main


def test_every_reminder_names_the_date_its_due_column_shows(swept, client_as):
    for note in swept:
        assert long_date(note.due_on) in f"{note.subject} {note.body}", (
            note.kind,
            note.due_on,
            note.subject,
            note.body,
        )
    # The list shows that date written the same way.
    recipient = User.objects.get(pk=swept.first().recipient_id)
    page = client_as(recipient).get(reverse("notifications:list")).content.decode()
    for note in swept.filter(recipient=recipient):
        assert long_date(note.due_on) in page
