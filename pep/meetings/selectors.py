"""Reads of meetings about a looked-after child, and the getters their pages go through.

A meeting is reached through its child: outside the reader's child scope it is 404. Reading
a meeting (the child's calendar, an .ics) needs VIEW_PEP. Changing a PEP meeting is the
responsible LA's children in care advisor's (ORGANISE_PEP_MEETINGS through
``require_pep_organiser``); the child's other meetings (looked-after reviews, advisor
visits, transition meetings) are also recorded by the setting: whoever may edit the
child's PEP (the manager, the key person).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.permissions import (
    Access,
    Action,
    can,
    can_organise_pep,
    child_scope,
    require,
    require_pep_organiser,
)
from children.models import Child, TeamMember
from common.audit import audit_record
from pep.meetings.rules import LacReview, lac_reviews
from pep.models import Invitee, Meeting, Pep

LIVE = (Meeting.Status.SCHEDULED, Meeting.Status.CONFIRMED)
OTHER_KINDS = (Meeting.Kind.LAC_REVIEW, Meeting.Kind.ADVISOR_VISIT, Meeting.Kind.TRANSITION)


def meetings_in_scope(access: Access) -> QuerySet[Meeting]:
    """Return the meetings of the children the access may see at all (no grant weighed)."""
    return Meeting.objects.filter(
        child__in=Child.objects.filter(child_scope(access))
    ).select_related(
        "child__care_setting__local_authority",
        "child__responsible_la",
        "child__key_person",
        "pep__responsible_la",
        "organiser",
    )


def can_record_other_meetings(access: Access, child: Child) -> bool:
    """Return whether the access may add and change the child's meetings other than PEPs.

    The setting's people who edit the child's PEP (the manager, the key person) and the
    responsible LA's children in care advisor.
    """
    return can(access, Action.EDIT_PEP, child=child) or can_organise_pep(
        access, Action.ORGANISE_PEP_MEETINGS, child=child
    )


def require_other_meetings_recorder(access: Access, child: Child) -> None:
    """Raise 403 unless ``can_record_other_meetings`` (call it with a child in scope)."""
    if not can_record_other_meetings(access, child):
        raise PermissionDenied


def can_change_meeting(access: Access, meeting: Meeting) -> bool:
    """Return whether the access may reschedule, cancel, confirm or record the meeting."""
    if meeting.pep_id is not None:
        return can_organise_pep(access, Action.ORGANISE_PEP_MEETINGS, child=meeting.child)
    return can_record_other_meetings(access, meeting.child)


def meeting_get_for(access: Access, meeting_id: int, *, change: bool) -> Meeting:
    """Return the meeting to read (VIEW_PEP) or to change: 404 outside scope, 403 without."""
    try:
        meeting = meetings_in_scope(access).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if meeting.pep is not None:
        meeting.pep.child = meeting.child
    if not change:
        require(access, Action.VIEW_PEP, child=meeting.child)
    elif meeting.pep_id is not None:
        require_pep_organiser(access, Action.ORGANISE_PEP_MEETINGS, child=meeting.child)
    else:
        require_other_meetings_recorder(access, meeting.child)
    return meeting


def with_invitees(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.prefetch_related(
        Prefetch("invitees", queryset=Invitee.objects.select_related("user").order_by("pk"))
    )


def child_meetings(child: Child) -> list[Meeting]:
    """Return every meeting about the child, newest first, with invitees: two queries."""
    meetings = list(
        with_invitees(
            Meeting.objects.filter(child=child).select_related("pep", "organiser")
        ).order_by("-starts_at", "-pk")
    )
    for meeting in meetings:
        meeting.child = child
        if meeting.pep is not None:
            meeting.pep.child = child
    return meetings


def pep_meetings(pep: Pep) -> list[Meeting]:
    """Return the PEP's meetings, the newest first, with their invitees: two queries."""
    meetings = list(
        with_invitees(Meeting.objects.filter(pep=pep).select_related("organiser")).order_by(
            "-starts_at", "-pk"
        )
    )
    for meeting in meetings:
        meeting.pep = pep
        meeting.child = pep.child
    return meetings


def live_meeting(pep: Pep) -> Meeting | None:
    """Return the PEP's meeting still to be held (scheduled or confirmed), if any."""
    return Meeting.objects.filter(pep=pep, status__in=LIVE).first()


def team_for_invites(child: Child) -> list[TeamMember]:
    """Return the active members of the team around the child, in the team's order."""
    return list(TeamMember.objects.filter(child=child, is_active=True).order_by("role", "name"))


@dataclass(frozen=True)
class ReviewDates:
    """The child's looked-after reviews held and the next one due, or none if not in care."""

    reviews: list[LacReview]
    today: date

    @property
    def held(self) -> list[LacReview]:
        return [review for review in self.reviews if review.is_held]

    @property
    def next_due(self) -> LacReview | None:
        return self.reviews[-1] if self.reviews else None


def lac_review_dates(child: Child, meetings: list[Meeting], *, today: date) -> ReviewDates:
    """Return the child's looked-after review dates from the meetings already loaded."""
    if not child.is_looked_after or child.entered_care_on is None:
        return ReviewDates(reviews=[], today=today)
    held = [
        meeting.held_on
        for meeting in meetings
        if meeting.kind == Meeting.Kind.LAC_REVIEW
        and meeting.status == Meeting.Status.HELD
        and meeting.held_on is not None
    ]
    return ReviewDates(
        reviews=lac_reviews(entered_care_on=child.entered_care_on, held_on=held), today=today
    )


def audit_meetings_read(access: Access, child: Child) -> None:
    """Record that the access's holder read the child's meetings (every PEP read is)."""
    audit_record(
        actor=access.user,
        verb="pep.meetings_viewed",
        target=child,
        subject=child,
        care_setting=child.care_setting,
        local_authority=child.responsible_la,
        restricted_to=Action.VIEW_PEP.value,
    )


def audit_ics_download(access: Access, meeting: Meeting) -> None:
    """Record that the access's holder downloaded the meeting's calendar invitation."""
    audit_record(
        actor=access.user,
        verb="pep.meeting_ics_downloaded",
        target=meeting,
        subject=meeting.child,
        care_setting=meeting.child.care_setting,
        local_authority=meeting.child.responsible_la,
        restricted_to=Action.VIEW_PEP.value,
    )
