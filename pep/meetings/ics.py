"""The meeting as an iCalendar object, so it lands in Outlook or Google Calendar and moves.

One VEVENT per meeting. Its ``UID`` is the meeting's for its whole life; ``SEQUENCE`` is the
meeting's counter, raised with every change sent (a reschedule, the cancellation), so a
calendar replaces what it holds with the newer version. A cancelled meeting is sent as
``METHOD:CANCEL`` with ``STATUS:CANCELLED``; anything else is a ``METHOD:REQUEST``. Times
are in Europe/London with the zone's definition (VTIMEZONE) included, so a meeting keeps
its wall-clock time across the clocks changing.

What it says about the child is the first name only; nothing from the meeting's notes.
"""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from pep.models import Invitee, Meeting

TZID = "Europe/London"
PRODID = "-//EYFS Portal//Meetings about looked-after children//EN"
UID_DOMAIN = "eyfs-portal"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
# What each kind of meeting is called in a calendar, before the child's first name.
SUMMARIES = {
    Meeting.Kind.PEP: "PEP meeting for {name}",
    Meeting.Kind.LAC_REVIEW: "Looked-after review for {name}",
    Meeting.Kind.ADVISOR_VISIT: "Improvement advisor visit about {name}",
    Meeting.Kind.TRANSITION: "Transition meeting for {name}",
}

# The kind of meeting inside a sentence ("You are invited to a PEP meeting for Kai").
KIND_WORDS = {
    Meeting.Kind.PEP: "PEP meeting",
    Meeting.Kind.LAC_REVIEW: "looked-after review",
    Meeting.Kind.ADVISOR_VISIT: "improvement advisor visit",
    Meeting.Kind.TRANSITION: "transition meeting with the receiving school",
}


def method_of(meeting: Meeting) -> str:
    """Return the iTIP method that sends the meeting as it stands: REQUEST or CANCEL."""
    return CANCEL if meeting.status == Meeting.Status.CANCELLED else REQUEST


def uid_of(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def summary_of(meeting: Meeting) -> str:
    """Return "PEP meeting for Kai": the kind of meeting and the child's first name only."""
    return SUMMARIES[Meeting.Kind(meeting.kind)].format(name=meeting.child.first_name)


def where_of(meeting: Meeting) -> str:
    """Return the place and the video link, as one line."""
    return " / ".join(part for part in (meeting.location, meeting.video_link) if part)


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def meeting_calendar(
    meeting: Meeting, *, invitees: Iterable[Invitee], stamp: datetime
) -> Calendar:
    """Return the calendar holding the meeting as it stands, for the invitees given.

    ``meeting`` comes with its child, the child's setting and the organiser loaded.
    Invitees without an e-mail address cannot be calendar attendees and are left out.
    """
    zone = ZoneInfo(TZID)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method_of(meeting))

    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", summary_of(meeting))
    setting = meeting.child.care_setting.name
    event.add(
        "description",
        f"{summary_of(meeting)} ({setting}). Sign in to EYFS Portal for the details: "
        f"{settings.SITE_URL}",
    )
    where = where_of(meeting)
    if where:
        event.add("location", where)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    organiser = meeting.organiser
    if organiser.email:
        event.add("organizer", _address(organiser.email, organiser.full_name or organiser.email))
    for invitee in invitees:
        if not invitee.email:
            continue
        attendee = _address(invitee.email, invitee.name)
        attendee.params["CUTYPE"] = vText("INDIVIDUAL")
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    # The zone's changes around the meeting, not since 1970: a short, complete VTIMEZONE.
    day = meeting.starts_at.astimezone(zone).date()
    calendar.add_missing_timezones(
        first_date=date(day.year - 1, 1, 1), last_date=date(day.year + 2, 1, 1)
    )
    return calendar


def meeting_ics(meeting: Meeting, *, invitees: Iterable[Invitee], stamp: datetime) -> bytes:
    """Return the meeting's .ics file (see ``meeting_calendar``)."""
    return meeting_calendar(meeting, invitees=invitees, stamp=stamp).to_ical()


def ics_filename(meeting: Meeting) -> str:
    """Return the download's name: the kind of meeting and its date, no child's name."""
    day = meeting.starts_at.astimezone(ZoneInfo(TZID)).date()
    return f"{meeting.get_kind_display().split(' with ')[0]} {day:%Y-%m-%d}.ics".replace(" ", "-")
