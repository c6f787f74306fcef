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
