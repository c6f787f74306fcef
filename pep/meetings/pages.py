"""How a meeting reads on a page: its status tag, the actions the reader may take, links.

Shared by the child's calendar of meetings and the PEP page's meeting panel, so the two
offer the same actions. Built from rows already loaded: no query.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.permissions import Access
from pep.meetings.ics import KIND_WORDS
from pep.meetings.selectors import LIVE
from pep.models import Invitee, Meeting
from pep.pages import pep_url


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    hidden: str = ""


@dataclass
class MeetingRow:
    meeting: Meeting
    tag: str
    invitees: list[Invitee]
    ics_url: str = ""
    pep_url: str = ""
    actions: list[Link] = field(default_factory=list)

    @property
    def is_live(self) -> bool:
        return self.meeting.status in LIVE

    @property
    def all_day(self) -> bool:
        """Whether the meeting is only known by its day (an out-of-county PEP recorded later)."""
        starts = timezone.localtime(self.meeting.starts_at)
        return starts.time() == time.min and self.meeting.ends_at - self.meeting.starts_at >= (
            timedelta(days=1)
        )


def meeting_url(access: Access, name: str, meeting: Meeting) -> str:
    return pep_url(access, name, meeting.pk)


def pep_page_url(access: Access, pep_id: int) -> str:
    """Return the PEP page's URL on the reader's side, or "" while it is not on the portal."""
    try:
        return pep_url(access, "detail", pep_id)
    except NoReverseMatch:
        return ""


def child_hub_url(access: Access, child_id: int) -> str:
    if access.care_setting is not None:
        return reverse("settings:children:detail", args=[access.care_setting.slug, child_id])
    assert access.local_authority is not None
    return reverse("la_children:detail", args=[access.local_authority.slug, child_id])


def meeting_row(
    access: Access, meeting: Meeting, *, may_change: bool, today: date, now: datetime
) -> MeetingRow:
    """Return the meeting as a page shows it, with the actions ``may_change`` allows."""
    pep = meeting.pep if meeting.pep_id else None
    row = MeetingRow(
        meeting=meeting,
        tag=f"meeting_{meeting.status}",
        invitees=list(meeting.invitees.all()),
        pep_url=pep_page_url(access, pep.pk) if pep is not None else "",
    )
    if meeting.status in LIVE or meeting.status == Meeting.Status.CANCELLED:
        row.ics_url = meeting_url(access, "meeting_ics", meeting)
    locked = pep is not None and pep.is_locked
    if not may_change or locked or meeting.status not in LIVE:
        return row
    day = timezone.localdate(meeting.starts_at)
    what = f" the {KIND_WORDS[Meeting.Kind(meeting.kind)]} on {day:%-d %B %Y}"
    if meeting.status == Meeting.Status.SCHEDULED and day >= today:
        row.actions.append(Link("Confirm", meeting_url(access, "meeting_confirm", meeting), what))
    row.actions.append(
        Link("Reschedule", meeting_url(access, "meeting_reschedule", meeting), what)
    )
    row.actions.append(Link("Cancel", meeting_url(access, "meeting_cancel", meeting), what))
    if day <= today:
        row.actions.append(
            Link("Record what happened", meeting_url(access, "meeting_record", meeting), what)
        )
    return row
