"""The calendar invitation: it parses with icalendar, keeps its UID for the meeting's life,
raises SEQUENCE with every change, cancels with METHOD:CANCEL, and its times are in
Europe/London. The e-mails carry it as text/calendar and name the child by first name."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from pep.meetings import emails, ics, services, tasks
from pep.models import Meeting
from tests.factories.pep import PepFactory
from tests.pep.meeting_helpers import NOW, at, social_worker

JULY = date(2026, 7, 15)  # British Summer Time
DECEMBER = date(2026, 12, 9)  # Greenwich Mean Time


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def schedule(pep, by, day=JULY, invitees=None, key_person=None):
    people = [social_worker()]
    if key_person is not None:
        people.append(
            services.InviteeSpec(
                name=key_person.full_name,
                role="Designated key person",
                email=key_person.email,
                user_id=key_person.pk,
            )
        )
    return services.meeting_schedule(
        pep=pep,
        by=by,
        starts_at=at(day, 10),
        ends_at=at(day, 11, 30),
        location="The setting's meeting room",
        video_link="https://meet.example.test/pep-123",
        invitees=invitees or people,
        notes="The carer prefers mornings.",
    )


def parsed(meeting):
    meeting = Meeting.objects.select_related("child__care_setting", "organiser").get(pk=meeting.pk)
    content = ics.meeting_ics(
        meeting, invitees=list(meeting.invitees.all()), stamp=datetime(2026, 3, 16, 9, tzinfo=UTC)
    )
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, content


def move(meeting, by, day, hour):
    meeting.refresh_from_db()
    return services.meeting_reschedule(
        meeting=meeting,
        by=by,
        version=meeting.version,
        starts_at=at(day, hour),
        ends_at=at(day, hour + 1),
        location="Room 2",
        video_link="",
        reason="The carer cannot come.",
    )


def test_the_uid_stays_and_the_sequence_rises_until_the_cancellation(key_child, cic_advisor):
    meeting = schedule(PepFactory(child=key_child), cic_advisor)
    seen = []
    calendar, event, _ = parsed(meeting)
    seen.append(
        (str(calendar["METHOD"]), str(event["UID"]), event["SEQUENCE"], str(event["STATUS"]))
    )

    move(meeting, cic_advisor, JULY, 13)
    calendar, event, _ = parsed(meeting)
    seen.append(
        (str(calendar["METHOD"]), str(event["UID"]), event["SEQUENCE"], str(event["STATUS"]))
    )

    meeting.refresh_from_db()
    services.meeting_cancel(
        meeting=meeting, by=cic_advisor, version=meeting.version, reason="The child moved."
    )
    calendar, event, _ = parsed(meeting)
    seen.append(
        (str(calendar["METHOD"]), str(event["UID"]), event["SEQUENCE"], str(event["STATUS"]))
    )

    uid = f"{meeting.uid}@eyfs-portal"
    assert seen == [
        ("REQUEST", uid, 0, "CONFIRMED"),
        ("REQUEST", uid, 1, "CONFIRMED"),
        ("CANCEL", uid, 2, "CANCELLED"),
    ]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(JULY, 9), (DECEMBER, 10)],
    ids=["summer time", "winter time"],
)
def test_times_are_in_europe_london_with_its_timezone_and_the_right_instant(
    key_child, cic_advisor, day, utc_hour
):
    meeting = schedule(PepFactory(child=key_child), cic_advisor, day=day)

    calendar, event, content = parsed(meeting)

    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    starts = event.decoded("DTSTART")
    assert (starts.hour, starts.minute) == (10, 0)
    assert starts.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(
        day.year, day.month, day.day, utc_hour + 1, 30, tzinfo=UTC
    )
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    assert zone.walk("DAYLIGHT") and zone.walk("STANDARD")
    assert b"DTSTAMP:20260316T090000Z" in content


def test_the_invitation_names_the_child_by_first_name_and_the_people_invited(
    key_child, cic_advisor, key_person
):
    meeting = schedule(PepFactory(child=key_child), cic_advisor, key_person=key_person)

    _, event, content = parsed(meeting)

    assert str(event["SUMMARY"]) == "PEP meeting for Kai"
    assert key_child.last_name.encode() not in content
    assert b"mornings" not in content  # the notes stay in the portal
    assert str(event["ORGANIZER"]) == "mailto:cicadvisor@demo.test"
    attendees = sorted(str(attendee) for attendee in event["ATTENDEE"])
    assert attendees == ["mailto:keyperson@demo.test", "mailto:sam@example.test"]
    assert "The setting's meeting room" in str(event["LOCATION"])
    assert "https://meet.example.test/pep-123" in str(event["LOCATION"])


def test_invitations_reach_each_invitee_with_the_ics_attached(
    eager, key_child, cic_advisor, key_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(PepFactory(child=key_child), cic_advisor, key_person=key_person)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "keyperson@demo.test",
        "sam@example.test",
    ]
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation: PEP meeting for Kai at Acorn Day Nursery")
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert key_child.last_name not in text
        assert "mornings" not in text
    (part,) = message.attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    (event,) = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@eyfs-portal"


def test_a_change_and_a_cancellation_are_sent_too(
    eager, key_child, cic_advisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(PepFactory(child=key_child), cic_advisor)
    with django_capture_on_commit_callbacks(execute=True):
        move(meeting, cic_advisor, JULY, 14)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.refresh_from_db()
        services.meeting_cancel(
            meeting=meeting, by=cic_advisor, version=meeting.version, reason="Moved away."
        )

    subjects = [message.subject.split(":")[0] for message in mail.outbox]
    assert subjects == ["Invitation", "Changed", "Cancelled"]
    methods = [message.attachments[0].get_param("method") for message in mail.outbox]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    sequences = [
        Calendar.from_ical(message.attachments[0].get_payload(decode=True)).walk("VEVENT")[0][
            "SEQUENCE"
        ]
        for message in mail.outbox
    ]
    assert sequences == [0, 1, 2]
    assert "Moved away" not in mail.outbox[-1].body  # the reason stays in the portal


def test_an_older_invitation_still_queued_sends_nothing(key_child, cic_advisor):
    meeting = schedule(PepFactory(child=key_child), cic_advisor)
    move(meeting, cic_advisor, JULY, 14)
    invitee = meeting.invitees.get()

    assert tasks.send_meeting_email(invitee_id=invitee.pk, sequence=0) is False
    assert tasks.send_meeting_email(invitee_id=invitee.pk, sequence=1) is True
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_meeting_is_still_saved(
    key_child, cic_advisor, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.send_meeting_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(PepFactory(child=key_child), cic_advisor)

    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert not mail.outbox


def test_other_meetings_are_called_what_they_are(key_child, key_person):
    meeting = services.other_meeting_add(
        child=key_child,
        by=key_person,
        kind=Meeting.Kind.LAC_REVIEW,
        starts_at=at(JULY, 10),
        ends_at=at(JULY, 11),
        location="Children's Services",
        video_link="",
        invitees=[social_worker()],
    )

    _, event, _ = parsed(meeting)

    assert str(event["SUMMARY"]) == "Looked-after review for Kai"
    assert emails.message_kind(meeting) == emails.INVITE
