"""Writes of meetings about a looked-after child: keyword-only, atomic, audited.

A PEP meeting is organised by the responsible LA's children in care advisor and drives the
PEP's status: scheduling it takes a PEP from DUE to SCHEDULED; confirming it requests the
paperwork from the key person (PAPERWORK_REQUESTED, due the LA's lead time in working days
before the meeting); cancelling it puts a PEP whose paperwork is not yet submitted back to
DUE; recording it after the meeting takes a submitted PEP to AWAITING_QA (paperwork
submitted later moves straight there: the paperwork part does that). The child's other
meetings (looked-after reviews, advisor visits, transition meetings) use the same invites,
changes and outcomes, with no PEP.

Every change sent to the invitees raises the meeting's ``sequence``; the e-mails with the
calendar invitation go by a worker once the transaction commits. A PEP that is signed off
or closed is locked: every write here refuses it. Edits name the version of the meeting the
form was rendered at and raise ``StaleRecord`` if someone changed it in between, unless the
meeting already holds exactly what was sent (the same form sent twice).

The PEP row is locked before the meeting row, everywhere, so two writes cannot deadlock.
"""

import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from accounts.permissions import Action
from children.models import Child, TeamMember
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, holds
from notifications.services import notify_now
from pep.meetings.selectors import LIVE, OTHER_KINDS
from pep.models import Invitee, Meeting, Pep

logger = logging.getLogger(__name__)

PAPERWORK_REQUESTED = "pep.paperwork_requested"
# Statuses of a PEP whose paperwork is not yet submitted: cancelling the meeting reopens it.
NOT_SUBMITTED = (Pep.Status.DUE, Pep.Status.SCHEDULED, Pep.Status.PAPERWORK_REQUESTED)
LOCKED = {
    Pep.Status.SIGNED_OFF: "This PEP is signed off, so its meetings cannot be changed. "
    "A correction is made as a new version of the PEP.",
    Pep.Status.CLOSED: "This PEP is closed, so its meetings cannot be changed.",
}
NOT_LIVE = {
    Meeting.Status.HELD: "This meeting has been held and recorded: it cannot be changed.",
    Meeting.Status.CANCELLED: "This meeting has been cancelled: it cannot be changed.",
}


@dataclass(frozen=True)
class InviteeSpec:
    """Someone to invite: a member of the team around the child, a portal user or a name."""

    name: str
    role: str
    email: str = ""
    team_member_id: int | None = None
    user_id: int | None = None

    def key(self) -> tuple[str, Any]:
        """Return what makes two specs the same person: the team member, user or e-mail."""
        if self.team_member_id:
            return ("team", self.team_member_id)
        if self.user_id:
            return ("user", self.user_id)
        if self.email:
            return ("email", self.email.lower())
        return ("name", (self.name.strip().lower(), self.role.strip().lower()))


# --- Helpers -----------------------------------------------------------------------------


def _lock_pep(pep_id: int) -> Pep:
    return (
        Pep.objects.select_for_update(of=("self",))
        .select_related("responsible_la", "child")
        .get(pk=pep_id)
    )


def _lock_meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("child__care_setting", "child__responsible_la", "organiser")
        .get(pk=meeting_id)
    )


def _refuse_locked(pep: Pep | None) -> None:
    if pep is not None and pep.is_locked:
        raise ValidationError(LOCKED[Pep.Status(pep.status)])


def _refuse_not_live(meeting: Meeting) -> None:
    if meeting.status not in LIVE:
        raise ValidationError(NOT_LIVE[Meeting.Status(meeting.status)])


def _check_times(*, starts_at: datetime, ends_at: datetime, future: bool) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends": "The end time must be after the start time"})
    if future and timezone.localdate(starts_at) < dates.today():
        raise ValidationError({"date": "The date of the meeting must be today or in the future"})


def _check_place(*, location: str, video_link: str) -> None:
    if not location.strip() and not video_link.strip():
        raise ValidationError({"location": "Enter where the meeting is, or a video link"})


def _changes(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    return {
        "kind": meeting.kind,
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "ends_at": timezone.localtime(meeting.ends_at).isoformat(),
        "location": meeting.location,
        "video_link": meeting.video_link,
        "sequence": meeting.sequence,
        **extra,
    }


def _audit(meeting: Meeting, *, by: User, verb: str, changes: dict[str, Any]) -> None:
    child = meeting.child
    audit_record(
        actor=by,
        verb=verb,
        target=meeting,
        subject=child,
        care_setting=child.care_setting,
        local_authority=child.responsible_la,
        changes=changes,
        restricted_to=Action.VIEW_PEP.value,
    )


def paperwork_due_on(*, meeting_day: date, lead_days: int, today: date) -> date:
    """Return when the paperwork is due: the LA's lead time in working days before the
    meeting, or today if that day has already gone (a meeting confirmed at short notice)."""
    return max(dates.add_working_days(meeting_day, -lead_days), today)


def _create_invitees(meeting: Meeting, invitees: Iterable[InviteeSpec]) -> list[Invitee]:
    """Write the invitees, each person once; team members must be the child's own."""
    specs: dict[tuple[str, Any], InviteeSpec] = {}
    for spec in invitees:
        specs.setdefault(spec.key(), spec)
    team_ids = {spec.team_member_id for spec in specs.values() if spec.team_member_id}
    if team_ids:
        own = set(
            TeamMember.objects.filter(
                pk__in=team_ids, child_id=meeting.child_id, is_active=True
            ).values_list("pk", flat=True)
        )
        if own != team_ids:
            raise ValidationError(
                {"team_members": "Choose people from the team around the child shown"}
            )
    rows = [
        Invitee(
            meeting=meeting,
            team_member_id=spec.team_member_id,
            user_id=spec.user_id,
            name=spec.name.strip()[:150],
            role=spec.role.strip()[:150],
            email=spec.email.strip(),
        )
        for spec in specs.values()
    ]
    if not rows:
        raise ValidationError({"team_members": "Choose at least one person to invite"})
    return Invitee.objects.bulk_create(rows)


def _send_on_commit(meeting: Meeting) -> None:
    """Send the meeting as it now stands to every invitee with an e-mail, once committed."""
    invitee_ids = list(
        Invitee.objects.filter(meeting=meeting).exclude(email="").values_list("pk", flat=True)
    )
    if not invitee_ids:
        return
    sequence = meeting.sequence
    transaction.on_commit(lambda: queue_meeting_emails(invitee_ids, sequence=sequence))


def queue_meeting_emails(invitee_ids: list[int], *, sequence: int) -> None:
    """Queue one e-mail per invitee; with the broker down, log it (the page still says so)."""
    from pep.meetings.tasks import send_meeting_email  # the tasks module imports emails

    for invitee_id in invitee_ids:
        try:
            send_meeting_email.delay(invitee_id=invitee_id, sequence=sequence)
        except (OSError, OperationalError):
            logger.exception("Could not queue the meeting e-mail to invitee %s", invitee_id)


def _new_meeting(
    *,
    child: Child,
    pep: Pep | None,
    kind: str,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_link: str,
    notes: str,
    invitees: Iterable[InviteeSpec],
) -> Meeting:
    meeting = Meeting.objects.create(
        child=child,
        pep=pep,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        video_link=video_link.strip(),
        notes=notes.strip(),
        organiser=by,
    )
    meeting.child = child
    meeting.organiser = by
    _create_invitees(meeting, invitees)
    return meeting


# --- PEP meetings ------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    pep: Pep,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_link: str,
    invitees: Iterable[InviteeSpec],
    notes: str = "",
    submission_token: uuid.UUID | None = None,
) -> Meeting:
    """Schedule the PEP's meeting and invite the people chosen; DUE becomes SCHEDULED.

    Refused (ValidationError) when the PEP is locked, already has a meeting to be held or
    held, or the meeting is in the past. The invitations go once the transaction commits.
    """
    claim = claim_submission(token=submission_token, by=by)
    pep = _lock_pep(pep.pk)
    _refuse_locked(pep)
    _check_times(starts_at=starts_at, ends_at=ends_at, future=True)
    _check_place(location=location, video_link=video_link)
    existing = Meeting.objects.filter(pep=pep, status__in=(*LIVE, Meeting.Status.HELD)).first()
    if existing is not None:
        if existing.status == Meeting.Status.HELD:
            raise ValidationError("This PEP's meeting has been held and recorded already.")
        raise ValidationError(
            "This PEP already has a meeting on "
            f"{timezone.localtime(existing.starts_at):%-d %B %Y}: reschedule or cancel it."
        )
    child = Child.objects.select_related("care_setting", "responsible_la").get(pk=pep.child_id)
    meeting = _new_meeting(
        child=child,
        pep=pep,
        kind=Meeting.Kind.PEP,
        by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_link=video_link,
        notes=notes,
        invitees=invitees,
    )
    if pep.status == Pep.Status.DUE:
        Pep.objects.filter(pk=pep.pk).update(status=Pep.Status.SCHEDULED)
    claim.saved(meeting)
    _audit(meeting, by=by, verb="pep.meeting_scheduled", changes=_changes(meeting, pep=pep.pk))
    _send_on_commit(meeting)
    return meeting


@transaction.atomic
def other_meeting_add(
    *,
    child: Child,
    by: User,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_link: str,
    invitees: Iterable[InviteeSpec],
    notes: str = "",
    submission_token: uuid.UUID | None = None,
) -> Meeting:
    """Add a looked-after review, advisor visit or transition meeting to the child's calendar.

    It may be in the past (a review held before it was recorded here): then no invitation
    is sent and its outcome can be recorded at once.
    """
    claim = claim_submission(token=submission_token, by=by)
    if kind not in OTHER_KINDS:
        raise ValidationError({"kind": "Choose what kind of meeting it is"})
    if not child.is_looked_after:
        raise ValidationError(f"{child.known_as} is not looked after.")
    _check_times(starts_at=starts_at, ends_at=ends_at, future=False)
    _check_place(location=location, video_link=video_link)
    meeting = _new_meeting(
        child=child,
        pep=None,
        kind=kind,
        by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_link=video_link,
        notes=notes,
        invitees=invitees,
    )
    claim.saved(meeting)
    _audit(meeting, by=by, verb="pep.meeting_added", changes=_changes(meeting))
    if starts_at > timezone.now():
        _send_on_commit(meeting)
    return meeting


def _locked_pair(meeting: Meeting) -> tuple[Pep | None, Meeting]:
    """Lock the meeting's PEP (first) and the meeting; return both as they stand now."""
    pep = _lock_pep(meeting.pep_id) if meeting.pep_id else None
    locked = _lock_meeting(meeting.pk)
    locked.pep = pep
    return pep, locked


def _unchanged_or_stale(meeting: Meeting, *, version: int, values: Mapping[str, Any]) -> bool:
    """Return True when the form was sent twice (nothing to do); StaleRecord if overtaken."""
    if meeting.version == version:
        return False
    if holds(meeting, values):
        return True
    raise StaleRecord


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    by: User,
    version: int,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_link: str,
    reason: str,
) -> Meeting:
    """Move the meeting (a reason is needed) and send the change: SEQUENCE rises by one.

    A confirmed PEP meeting's paperwork due date moves with it.
    """
    pep, meeting = _locked_pair(meeting)
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location.strip(),
        "video_link": video_link.strip(),
        "reschedule_reason": reason.strip(),
    }
    if _unchanged_or_stale(meeting, version=version, values=values):
        return meeting
    _refuse_locked(pep)
    _refuse_not_live(meeting)
    if not values["reschedule_reason"]:
        raise ValidationError({"reason": "Enter why the meeting is being moved"})
    _check_times(starts_at=starts_at, ends_at=ends_at, future=pep is not None)
    _check_place(location=location, video_link=video_link)
    if holds(meeting, {name: values[name] for name in values if name != "reschedule_reason"}):
        raise ValidationError(
            {"date": "Change the date, the times or the place: the meeting is already set so"}
        )
    before = _changes(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        **values, sequence=F("sequence") + 1, version=F("version") + 1
    )
    meeting.refresh_from_db(fields=[*values, "sequence", "version"])
    if pep is not None and meeting.status == Meeting.Status.CONFIRMED and pep.paperwork_due_on:
        due_on = paperwork_due_on(
            meeting_day=timezone.localdate(starts_at),
            lead_days=pep.responsible_la.paperwork_lead_days,
            today=dates.today(),
        )
        Pep.objects.filter(pk=pep.pk).update(paperwork_due_on=due_on)
    _audit(
        meeting,
        by=by,
        verb="pep.meeting_rescheduled",
        changes=_changes(meeting, reason=values["reschedule_reason"], before=before),
    )
    _send_on_commit(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, version: int, reason: str) -> Meeting:
    """Cancel the meeting (a reason is needed) and send METHOD:CANCEL to the invitees.

    A PEP whose paperwork is not yet submitted goes back to DUE, its paperwork request
    withdrawn; a submitted one keeps its status until a new meeting is held.
    """
    pep, meeting = _locked_pair(meeting)
    values = {"status": Meeting.Status.CANCELLED, "cancelled_reason": reason.strip()}
    if _unchanged_or_stale(meeting, version=version, values=values):
        return meeting
    _refuse_locked(pep)
    _refuse_not_live(meeting)
    if not values["cancelled_reason"]:
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    Meeting.objects.filter(pk=meeting.pk).update(
        **values, sequence=F("sequence") + 1, version=F("version") + 1
    )
    meeting.refresh_from_db(fields=[*values, "sequence", "version"])
    if pep is not None and pep.status in NOT_SUBMITTED:
        Pep.objects.filter(pk=pep.pk).update(
            status=Pep.Status.DUE, paperwork_requested_on=None, paperwork_due_on=None
        )
    _audit(
        meeting,
        by=by,
        verb="pep.meeting_cancelled",
        changes=_changes(meeting, reason=values["cancelled_reason"]),
    )
    _send_on_commit(meeting)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: User, version: int) -> Meeting:
    """Confirm the meeting; for a PEP, request the paperwork from the key person.

    The paperwork is due the responsible LA's lead time in working days before the meeting
    (``paperwork_due_on``); the key person is told at once (``pep.paperwork_requested``).
    A PEP whose paperwork was submitted before (its earlier meeting was cancelled) keeps it.
    """
    pep, meeting = _locked_pair(meeting)
    values = {"status": Meeting.Status.CONFIRMED}
    if _unchanged_or_stale(meeting, version=version, values=values):
        return meeting
    _refuse_locked(pep)
    _refuse_not_live(meeting)
    if meeting.status == Meeting.Status.CONFIRMED:
        raise ValidationError("This meeting is confirmed already.")
    today = dates.today()
    meeting_day = timezone.localdate(meeting.starts_at)
    if meeting_day < today:
        raise ValidationError(
            "The date of this meeting has passed: record what happened, or reschedule it."
        )
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CONFIRMED, confirmed_at=now, version=F("version") + 1
    )
    meeting.refresh_from_db(fields=["status", "confirmed_at", "version"])
    extra: dict[str, Any] = {}
    if pep is not None and pep.status in (Pep.Status.DUE, Pep.Status.SCHEDULED):
        due_on = paperwork_due_on(
            meeting_day=meeting_day,
            lead_days=pep.responsible_la.paperwork_lead_days,
            today=today,
        )
        Pep.objects.filter(pk=pep.pk).update(
            status=Pep.Status.PAPERWORK_REQUESTED,
            paperwork_requested_on=today,
            paperwork_due_on=due_on,
        )
        extra = {"paperwork_due_on": due_on.isoformat()}
    _audit(meeting, by=by, verb="pep.meeting_confirmed", changes=_changes(meeting, **extra))
    if extra:
        notify_now(
            kind=PAPERWORK_REQUESTED,
            today=today,
            children=Child.objects.filter(pk=meeting.child_id),
        )
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    by: User,
    version: int,
    held_on: date,
    attendance: Mapping[int, str],
    outcome: str,
    next_pep_on: date | None = None,
) -> Meeting:
    """Record the meeting after it: who attended, sent apologies or did not, and the outcome.

    For a PEP meeting the date of the next PEP is needed, and a PEP whose paperwork is
    submitted moves on to AWAITING_QA; paperwork submitted later moves it there then.
    """
    pep, meeting = _locked_pair(meeting)
    values = {"status": Meeting.Status.HELD, "held_on": held_on, "outcome": outcome.strip()}
    if _unchanged_or_stale(meeting, version=version, values=values):
        return meeting
    _refuse_locked(pep)
    _refuse_not_live(meeting)
    today = dates.today()
    meeting_day = timezone.localdate(meeting.starts_at)
    if meeting_day > today:
        raise ValidationError(
            f"This meeting is on {meeting_day:%-d %B %Y}: record it once it has been held."
        )
    if held_on > today:
        raise ValidationError({"held_on": "The date the meeting was held must be in the past"})
    invitee_ids = set(Invitee.objects.filter(meeting=meeting).values_list("pk", flat=True))
    answers = {int(key): value for key, value in attendance.items()}
    allowed = {choice for choice in Invitee.Attendance.values if choice}
    if set(answers) != invitee_ids or not set(answers.values()) <= allowed:
        raise ValidationError("Say for each person invited whether they attended")
    if pep is not None:
        if next_pep_on is None:
            raise ValidationError({"next_pep_on": "Enter the date of the next PEP"})
        if next_pep_on <= held_on:
            raise ValidationError(
                {"next_pep_on": "The date of the next PEP must be after the meeting"}
            )
    Meeting.objects.filter(pk=meeting.pk).update(**values, version=F("version") + 1)
    meeting.refresh_from_db(fields=[*values, "version"])
    for answer in allowed:
        chosen = [pk for pk, value in answers.items() if value == answer]
        if chosen:
            Invitee.objects.filter(meeting=meeting, pk__in=chosen).update(attendance=answer)
    extra: dict[str, Any] = {"held_on": held_on.isoformat()}
    if pep is not None:
        assert next_pep_on is not None
        pep_values: dict[str, Any] = {"next_pep_on": next_pep_on}
        if pep.status == Pep.Status.SUBMITTED:
            pep_values["status"] = Pep.Status.AWAITING_QA
        Pep.objects.filter(pk=pep.pk).update(**pep_values)
        extra["next_pep_on"] = next_pep_on.isoformat()
    counts = {
        label: sum(1 for value in answers.values() if value == answer)
        for answer, label in Invitee.Attendance.choices
        if answer
    }
    _audit(
        meeting,
        by=by,
        verb="pep.meeting_recorded",
        changes=_changes(meeting, attendance=counts, **extra),
    )
    return meeting
