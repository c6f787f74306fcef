"""Meeting and paperwork reminders, time pinned: each fires on the right working day,
once, to the right people; a rerun writes nothing."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail

from children.models import Child
from notifications.models import Notification
from notifications.rules import RULES
from notifications.services import sweep
from pep.meetings import reminders, services
from pep.models import Meeting, Pep
from tests.factories.accounts import ChildFactory
from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory
from tests.pep.meeting_helpers import LONDON, at


def run(kind, day):
    with time_machine.travel(
        datetime.combine(day, datetime.min.time(), tzinfo=LONDON).replace(hour=7), tick=False
    ):
        return sweep(today=day, rules={kind: RULES[kind]})[kind]


def recipients(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True)
    )


@pytest.fixture
def soon_meeting(key_child, key_person, cic_advisor):
    """A PEP meeting on Monday 23 March 2026: the key person and a social worker invited."""
    with time_machine.travel(datetime(2026, 3, 9, 9, tzinfo=LONDON), tick=False):
        meeting = MeetingFactory(
            pep=PepFactory(child=key_child, status=Pep.Status.SCHEDULED),
            organiser=cic_advisor,
            starts_at=at(date(2026, 3, 23), 10),
            ends_at=at(date(2026, 3, 23), 11),
        )
    InviteeFactory(meeting=meeting, user=key_person, email=key_person.email)
    InviteeFactory(meeting=meeting)  # not on the portal: gets no reminder
    return meeting


def test_a_meeting_is_reminded_two_working_days_before_once(soon_meeting, key_child):
    assert run(reminders.MEETING_SOON, date(2026, 3, 18)) == 0  # Wednesday: too early
    assert run(reminders.MEETING_SOON, date(2026, 3, 19)) == 1  # Thursday: 2 working days
    assert run(reminders.MEETING_SOON, date(2026, 3, 19)) == 0  # a rerun writes nothing
    assert run(reminders.MEETING_SOON, date(2026, 3, 20)) == 0

    note = Notification.objects.get(kind=reminders.MEETING_SOON)
    assert note.recipient.email == "keyperson@demo.test"
    assert note.subject == "Kai's PEP meeting is on 23 March 2026 at 10:00"
    assert key_child.last_name not in note.subject + note.body
    assert note.url.endswith(f"/pep/children/{key_child.pk}/meetings/")
    assert note.url.startswith("/settings/")


def test_a_cancelled_meeting_is_not_reminded(soon_meeting):
    Meeting.objects.filter(pk=soon_meeting.pk).update(
        status=Meeting.Status.CANCELLED, cancelled_reason="Moved."
    )

    assert run(reminders.MEETING_SOON, date(2026, 3, 19)) == 0


def test_an_la_invitee_is_sent_to_the_la_side(soon_meeting, cic_advisor):
    InviteeFactory(meeting=soon_meeting, user=cic_advisor, email=cic_advisor.email)

    run(reminders.MEETING_SOON, date(2026, 3, 19))

    note = Notification.objects.get(recipient=cic_advisor)
    assert note.url.startswith("/la/northshire/pep/children/")


def test_a_meeting_after_a_bank_holiday_is_reminded_before_the_weekend(
    key_child, key_person, cic_advisor
):
    # Tuesday 7 April 2026, after Easter: Easter Monday and Good Friday are not working days,
    # so 2 working days before is Wednesday 1 April.
    with time_machine.travel(datetime(2026, 3, 9, 9, tzinfo=LONDON), tick=False):
        meeting = MeetingFactory(
            pep=PepFactory(child=key_child),
            organiser=cic_advisor,
            starts_at=at(date(2026, 4, 7), 10),
            ends_at=at(date(2026, 4, 7), 11),
        )
    InviteeFactory(meeting=meeting, user=key_person)

    assert run(reminders.MEETING_SOON, date(2026, 3, 31)) == 0
    assert run(reminders.MEETING_SOON, date(2026, 4, 1)) == 1


@pytest.fixture
def paperwork(key_child):
    """Paperwork requested, due on Friday 20 March 2026 (the LA's lead time: 5 days)."""
    return PepFactory(
        child=key_child,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=date(2026, 3, 2),
        paperwork_due_on=date(2026, 3, 20),
    )


def test_paperwork_due_is_reminded_within_the_lead_time_to_the_key_person_and_managers(
    paperwork, manager, key_person
):
    assert run(reminders.PAPERWORK_DUE, date(2026, 3, 12)) == 0  # 6 working days before
    assert run(reminders.PAPERWORK_DUE, date(2026, 3, 13)) == 2  # 5 working days before
    assert run(reminders.PAPERWORK_DUE, date(2026, 3, 16)) == 0

    assert recipients(reminders.PAPERWORK_DUE) == ["keyperson@demo.test", "manager@demo.test"]


def test_submitted_paperwork_is_not_reminded(paperwork, manager, key_person):
    Pep.objects.filter(pk=paperwork.pk).update(status=Pep.Status.SUBMITTED)

    assert run(reminders.PAPERWORK_DUE, date(2026, 3, 13)) == 0
    assert run(reminders.PAPERWORK_OVERDUE, date(2026, 3, 23)) == 0


def test_the_request_gives_way_to_the_overdue_reminder_once_the_due_date_passes(
    paperwork, key_person
):
    from notifications.rules import to_dos

    def asked(day):
        with time_machine.travel(datetime.combine(day, datetime.min.time(), tzinfo=LONDON)):
            return [
                todo.kind
                for todo in to_dos(today=day, children=Child.objects.filter(pk=paperwork.child_id))
                if todo.kind.startswith("pep.paperwork")
            ]

    assert reminders.PAPERWORK_REQUESTED in asked(date(2026, 3, 20))
    assert reminders.PAPERWORK_REQUESTED not in asked(date(2026, 3, 23))
    assert reminders.PAPERWORK_OVERDUE in asked(date(2026, 3, 23))


def test_overdue_paperwork_is_reminded_on_the_first_working_day_after_once(
    paperwork, manager, key_person
):
    assert run(reminders.PAPERWORK_OVERDUE, date(2026, 3, 20)) == 0  # the due day
    assert run(reminders.PAPERWORK_OVERDUE, date(2026, 3, 21)) == 0  # Saturday
    assert run(reminders.PAPERWORK_OVERDUE, date(2026, 3, 23)) == 2  # Monday
    assert run(reminders.PAPERWORK_OVERDUE, date(2026, 3, 24)) == 0

    assert recipients(reminders.PAPERWORK_OVERDUE) == ["keyperson@demo.test", "manager@demo.test"]


def test_the_paperwork_request_is_told_at_once_with_an_alert_and_the_sweep_adds_nothing(
    settings, key_child, key_person, cic_advisor, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with time_machine.travel(datetime(2026, 3, 16, 9, tzinfo=LONDON), tick=False):
        pep = PepFactory(child=key_child, status=Pep.Status.SCHEDULED)
        meeting = MeetingFactory(
            pep=pep,
            organiser=cic_advisor,
            starts_at=at(date(2026, 4, 1), 10),
            ends_at=at(date(2026, 4, 1), 11),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_confirm(meeting=meeting, by=cic_advisor, version=meeting.version)

    assert recipients(reminders.PAPERWORK_REQUESTED) == ["keyperson@demo.test"]
    (alert,) = mail.outbox
    assert alert.to == ["keyperson@demo.test"]
    assert "PEP paperwork" in alert.body and "Kai" not in alert.body
    assert run(reminders.PAPERWORK_REQUESTED, date(2026, 3, 16)) == 0
    assert run(reminders.PAPERWORK_REQUESTED, date(2026, 3, 17)) == 0


def test_without_a_key_person_the_managers_are_asked(care_setting, manager):
    child = ChildFactory(care_setting=care_setting, looked_after=True, first_name="Ada")
    PepFactory(
        child=child,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=date(2026, 3, 2),
        paperwork_due_on=date(2026, 3, 20),
    )

    assert run(reminders.PAPERWORK_REQUESTED, date(2026, 3, 2)) == 1
    assert recipients(reminders.PAPERWORK_REQUESTED) == ["manager@demo.test"]


@pytest.mark.parametrize("count", [1, 6])
def test_the_rules_make_the_same_number_of_queries_for_more_children(
    count, care_setting, manager, key_person, cic_advisor, django_assert_num_queries
):
    for _ in range(count):
        child = ChildFactory(care_setting=care_setting, looked_after=True, key_person=key_person)
        PepFactory(
            child=child,
            status=Pep.Status.PAPERWORK_REQUESTED,
            paperwork_requested_on=date(2026, 3, 2),
            paperwork_due_on=date(2026, 3, 20),
        )
        meeting = MeetingFactory(
            pep=None,
            child=child,
            kind=Meeting.Kind.LAC_REVIEW,
            organiser=cic_advisor,
            starts_at=at(date(2026, 3, 23), 10),
            ends_at=at(date(2026, 3, 23), 11),
        )
        InviteeFactory(meeting=meeting, user=key_person)

    # meeting soon: invitees, the setting's staff; the paperwork request: the PEPs (the
    # managers only for children without a key person); due and overdue: PEPs, managers
    for kind, day, queries in (
        (reminders.MEETING_SOON, date(2026, 3, 19), 2),
        (reminders.PAPERWORK_REQUESTED, date(2026, 3, 2), 1),
        (reminders.PAPERWORK_DUE, date(2026, 3, 13), 2),
        (reminders.PAPERWORK_OVERDUE, date(2026, 3, 23), 2),
    ):
        with django_assert_num_queries(queries):
            assert len(list(RULES[kind].due(day))) >= count
