"""The e-mails that carry a meeting's calendar invitation: new, changed or cancelled.

Each invitee with an e-mail address gets their own message with the .ics attached as
``text/calendar; method=REQUEST`` (or ``CANCEL``). The message names the child by first name
and the setting, and says when and where: nothing from the notes, no reason for a change,
nothing else about the child (that is behind sign-in).
"""

from datetime import datetime
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pep.meetings import ics
from pep.models import Invitee, Meeting

INVITE, UPDATE, CANCEL = "invite", "update", "cancel"


def message_kind(meeting: Meeting) -> str:
    """Return which e-mail the meeting's state calls for: invite, update or cancel."""
    if meeting.status == Meeting.Status.CANCELLED:
        return CANCEL
    return INVITE if meeting.sequence == 0 else UPDATE


def when_of(meeting: Meeting) -> str:
    """Return "Wednesday 15 July 2026, 10:00 to 11:00" in England's time."""
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    if starts.date() == ends.date():
        return f"{starts:%A %-d %B %Y}, {starts:%H:%M} to {ends:%H:%M}"
    return f"{starts:%A %-d %B %Y, %H:%M} to {ends:%A %-d %B %Y, %H:%M}"


def calendar_part(content: bytes, *, method: str) -> MIMEText:
    """Return the .ics as an attachment a calendar recognises as an invitation."""
    part = MIMEText(content.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def meeting_message(
    invitee: Invitee, *, meeting: Meeting, invitees: list[Invitee], stamp: datetime
) -> EmailMultiAlternatives:
    """Return the e-mail to one invitee, with the meeting's calendar invitation attached.

    ``meeting`` comes with its child, the child's setting and the organiser loaded.
    """
    kind = message_kind(meeting)
    context: dict[str, Any] = {
        "invitee": invitee,
        "summary": ics.summary_of(meeting),
        "meeting_kind": ics.KIND_WORDS[Meeting.Kind(meeting.kind)],
        "first_name": meeting.child.first_name,
        "setting": meeting.child.care_setting.name,
        "when": when_of(meeting),
        "location": meeting.location,
        "video_link": meeting.video_link,
        "organiser": meeting.organiser.full_name or meeting.organiser.email,
        "link": f"{settings.SITE_URL}{reverse('accounts:login')}",
    }
    message = EmailMultiAlternatives(
        subject=render_to_string(f"emails/pep_meeting_{kind}_subject.txt", context).strip(),
        body=render_to_string(f"emails/pep_meeting_{kind}_body.txt", context),
        to=[invitee.email],
    )
    message.attach_alternative(
        render_to_string(f"emails/pep_meeting_{kind}_body.html", context), "text/html"
    )
    content = ics.meeting_ics(meeting, invitees=invitees, stamp=stamp)
    message.attach(calendar_part(content, method=ics.method_of(meeting)))
    return message


def send_meeting_email(*, invitee_id: int, sequence: int, now: datetime) -> bool:
    """E-mail the invitee the meeting as it stands, if it is still at ``sequence``.

    A later change (a reschedule, the cancellation) raised the sequence and sends its own
    e-mail, so an older one still queued sends nothing. Sending the same sequence twice (a
    retried task) is harmless: a calendar keeps one event per UID and sequence.
    Return whether an e-mail was sent.
    """
    invitee = (
        Invitee.objects.select_related("meeting__child__care_setting", "meeting__organiser")
        .filter(pk=invitee_id)
        .exclude(email="")
        .first()
    )
    if invitee is None or invitee.meeting.sequence != sequence:
        return False
    meeting = invitee.meeting
    invitees = list(Invitee.objects.filter(meeting=meeting).order_by("pk"))
    meeting_message(invitee, meeting=meeting, invitees=invitees, stamp=now).send()
    return True
