"""Why a progress check at age two was not done: recorded, audited, shown, and the reminders
stop. The "Not done by 36 months… Record why" reminder leads to where that is done.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from children.models import Child
from common.models import AuditEvent
from learning.check.reminders import progress_check_due, progress_check_overdue
from learning.models import ProgressCheckNotDone
from tests.factories.learning_check import ProgressCheckFactory

TODAY = date(2026, 3, 2)
BORN = date(2022, 12, 10)  # 38 months old on TODAY: the check was missed on 10 December 2025


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


@pytest.fixture
def mo(key_child) -> Child:
    """The key child, renamed Mo: 38 months old, who joined after turning three."""
    Child.objects.filter(pk=key_child.pk).update(
        first_name="Mo", date_of_birth=BORN, start_date=date(2026, 1, 5)
    )
    key_child.refresh_from_db()
    return key_child


def url(name: str, child: Child) -> str:
    return reverse(f"settings:learning:{name}", args=[child.care_setting.slug, child.pk])


def reason_form(**overrides: object) -> dict[str, object]:
    return {
        "version": 0,
        "reason": "Mo joined us after turning three; the family says no check was done before.",
        "decided_on_0": "20",
        "decided_on_1": "2",
        "decided_on_2": "2026",
        **overrides,
    }


def test_the_check_page_of_a_child_past_36_months_offers_to_record_why(client_as, key_person, mo):
    page = client_as(key_person).get(url("check", mo)).content.decode()

    assert "without a progress check at age two" in page
    assert "Record why it was not done" in page
    assert url("check_not_done", mo) in page


def test_recording_why_stores_audits_shows_it_and_stops_the_reminders(
    client_as, key_person, manager, mo
):
    assert [due.recipient_id for due in progress_check_overdue(TODAY)] == [
        key_person.pk,
        manager.pk,
    ]
    client = client_as(key_person)

    form_page = client.get(url("check_not_done", mo))
    response = client.post(url("check_not_done", mo), reason_form())

    assert form_page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == url("check", mo)
    record = ProgressCheckNotDone.objects.get(child=mo)
    assert record.reason.startswith("Mo joined us after turning three")
    assert record.decided_on == date(2026, 2, 20)
    assert record.by == key_person
    event = AuditEvent.objects.get(verb="learning.check_not_done_recorded")
    assert (event.actor, event.subject_id) == (key_person, str(mo.pk))
    page = client.get(url("check", mo)).content.decode()
    assert "Why it was not done" in page
    assert "Mo joined us after turning three" in page
    assert "20 February 2026" in page
    assert "Record why it was not done" not in page
    assert list(progress_check_overdue(TODAY)) == []


def test_recording_why_during_the_window_stops_the_due_reminder_too(client_as, key_person, mo):
    Child.objects.filter(pk=mo.pk).update(date_of_birth=date(2023, 12, 1))  # 27 months

    response = client_as(key_person).post(
        url("check_not_done", mo), reason_form(reason="The family declined the check.")
    )

    assert response.status_code == 302
    assert list(progress_check_due(TODAY)) == []


def test_a_reason_can_be_changed_and_the_change_is_audited(client_as, key_person, mo):
    client = client_as(key_person)
    client.post(url("check_not_done", mo), reason_form())

    response = client.post(
        url("check_not_done", mo), reason_form(version=1, reason="The family declined it.")
    )

    assert response.status_code == 302
    assert ProgressCheckNotDone.objects.get(child=mo).reason == "The family declined it."
    event = AuditEvent.objects.get(verb="learning.check_not_done_changed")
    assert "reason" in event.changes


def test_an_empty_reason_or_a_future_date_is_refused_with_gov_uk_errors(client_as, key_person, mo):
    response = client_as(key_person).post(
        url("check_not_done", mo), reason_form(reason="  ", decided_on_2="2027")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter why the progress check at age two was not done" in page
    assert "Date you recorded the reason must be today or in the past" in page
    assert not ProgressCheckNotDone.objects.exists()


def test_someone_elses_reason_saved_meanwhile_is_not_overwritten(
    client_as, key_person, manager, mo
):
    client_as(manager).post(url("check_not_done", mo), reason_form(reason="Manager's reason."))

    response = client_as(key_person).post(url("check_not_done", mo), reason_form())

    assert response.status_code == 200
    assert "Someone else recorded why the check was not done" in response.content.decode()
    assert ProgressCheckNotDone.objects.get(child=mo).reason == "Manager's reason."


def test_a_practitioner_who_is_not_the_key_person_may_not_record_why(client_as, practitioner, mo):
    response = client_as(practitioner).post(url("check_not_done", mo), reason_form())

    assert response.status_code == 403
    assert not ProgressCheckNotDone.objects.exists()


def test_once_the_check_is_done_there_is_nothing_to_record(client_as, key_person, mo):
    Child.objects.filter(pk=mo.pk).update(date_of_birth=date(2023, 12, 1))
    mo.refresh_from_db()
    ProgressCheckFactory(child=mo)

    response = client_as(key_person).get(url("check_not_done", mo))

    assert response.status_code == 302
    assert response["Location"] == url("check", mo)
