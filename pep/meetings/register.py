"""What meetings put on other pages at start-up (called from PepConfig.ready).

- the PEP page's meeting panel: the meeting(s), invitees and attendance, and the actions
  the reader may take;
- a "Meetings" link on a looked-after child's hub, for readers who may see PEPs;
- the status tags of a meeting, and the pages that belong to the "Children" section.
"""

from typing import Any

from django.utils import timezone

from accounts.panels import HubLink, HubSection, register_hub_section
from accounts.permissions import Access, Action, can_organise_pep
from children.chronology import ChronologyItem, register_chronology_source
from common import dates
from common.status_tags import register_status_tags
from pep.meetings import selectors
from pep.meetings.pages import meeting_row
from pep.models import Meeting
from pep.pages import pep_url
from pep.panels import PepPanel, register_pep_panel

TAGS = {
    "meeting_scheduled": ("Scheduled", "blue"),
    "meeting_confirmed": ("Confirmed", "turquoise"),
    "meeting_held": ("Held", "green"),
    "meeting_cancelled": ("Cancelled", "grey"),
}


def pep_panel(access: Access, pep: Any) -> dict[str, Any]:
    """Return the meeting panel of the PEP page: three queries (meetings, invitees, scope)."""
    meetings = selectors.pep_meetings(pep)
    may_organise = can_organise_pep(access, Action.ORGANISE_PEP_MEETINGS, child=pep.child)
    today, now = dates.today(), timezone.now()
    rows = [
        meeting_row(access, meeting, may_change=may_organise, today=today, now=now)
        for meeting in meetings
    ]
    for row in rows:
        row.pep_url = ""  # the panel is on the PEP page: no link to the page itself
    needs_meeting = not any(meeting.status in (*selectors.LIVE, "held") for meeting in meetings)
    return {
        "pep": pep,
        "rows": rows,
        "locked": pep.is_locked,
        "can_organise_pep": may_organise,
        "schedule_url": (
            pep_url(access, "meeting_schedule", pep.pk)
            if may_organise and needs_meeting and not pep.is_locked
            else ""
        ),
        "meetings_url": pep_url(access, "child_meetings", pep.child_id),
    }


def hub_links(access: Access, child: Any, on_setting_side: bool) -> list[HubLink]:
    """Return the hub's link to the child's meetings, for a looked-after child only."""
    if not child.is_looked_after:
        return []
    return [
        HubLink(
            "Meetings and looked-after reviews",
            pep_url(access, "child_meetings", child.pk),
            f" about {child}",
        )
    ]


def chronology_items(child: Any) -> list[ChronologyItem]:
    """Return the child's meetings held (PEP meetings, looked-after reviews and others).

    One query. The safeguarding chronology lists them beside its own records; only the
    kind, the date and who organised it, never the meeting's notes.
    """
    held = (
        Meeting.objects.filter(child=child, status=Meeting.Status.HELD)
        .select_related("organiser")
        .order_by("held_on", "starts_at")
    )
    return [
        ChronologyItem(
            on=meeting.held_on or timezone.localdate(meeting.starts_at),
            source="meetings",
            title=f"{meeting.get_kind_display()} held",
            by=meeting.organiser.full_name or meeting.organiser.email,
        )
        for meeting in held
    ]


def ready() -> None:
    register_status_tags(TAGS)
    register_chronology_source(
        "meetings", "PEP meetings and looked-after reviews", chronology_items
    )
    register_pep_panel(
        PepPanel(
            key="meetings", template="pep/meetings/_pep_panel.html", build=pep_panel, order=20
        )
    )
    register_hub_section(
        HubSection(
            key="pep.meetings",
            heading="Meetings",
            action=Action.VIEW_PEP,
            order=35,
            links=hub_links,
        )
    )
