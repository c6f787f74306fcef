"""Shared pieces of the meetings tests: a pinned clock and meetings at given local times."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pep.meetings.services import InviteeSpec

LONDON = ZoneInfo("Europe/London")
# A Monday in term, well clear of bank holidays.
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=LONDON)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def social_worker() -> InviteeSpec:
    return InviteeSpec(name="Sam Social", role="Social worker", email="sam@example.test")


def meeting_reminders_due(*, care_setting, key_person, in_care, other_in_care) -> None:
    """Make every meetings reminder rule find something today (for the reminder world).

    The first child's PEP meeting is 2 working days away with the key person invited, its
    paperwork requested and due within the LA's lead time; the second's paperwork is
    overdue.
    """
    from datetime import timedelta

    from django.utils import timezone

    from common.dates import add_working_days
    from pep.models import Meeting, Pep
    from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory

    today = timezone.localdate()
    pep = PepFactory(
        child=in_care,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=today - timedelta(days=2),
        paperwork_due_on=add_working_days(today, 1),
    )
    day = add_working_days(today, 2)
    meeting = MeetingFactory(
        pep=pep, status=Meeting.Status.CONFIRMED, starts_at=at(day, 10), ends_at=at(day, 11)
    )
    InviteeFactory(meeting=meeting, user=key_person, name=key_person.full_name, role="Key person")
    PepFactory(
        child=other_in_care,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=today - timedelta(days=20),
        paperwork_due_on=add_working_days(today, -3),
    )
