"""Reminders about meetings and PEP paperwork (found through pep/reminders.py).

- ``pep.meeting_soon``: a meeting of any kind is 2 working days away → each invitee who
  signs in to the portal (the key person, an advisor);
- ``pep.paperwork_requested``: the PEP meeting was confirmed → the key person (the managers
  if the child has none), at once by ``notify_now`` with an alert e-mail;
- ``pep.paperwork_due``: the paperwork is due within the responsible LA's lead time and not
  submitted → the key person and the managers;
- ``pep.paperwork_overdue``: from the first working day after it was due → the same.

Each rule is a fixed handful of queries whatever the number of children, and returns all
that is due up to today, so a sweep that did not run catches up. Subjects name the child by
first name only.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F

from accounts.permissions import Action, members_who_can_by_setting
from common.dates import add_working_days
from notifications.rules import (
    Due,
    first_url,
    in_children,
    key_person_and_managers,
    key_person_or_managers,
    long_date,
    rule,
)
from pep.meetings.ics import KIND_WORDS
from pep.meetings.selectors import LIVE
from pep.models import Invitee, Meeting, Pep

MEETING_SOON = "pep.meeting_soon"
PAPERWORK_REQUESTED = "pep.paperwork_requested"
PAPERWORK_DUE = "pep.paperwork_due"
PAPERWORK_OVERDUE = "pep.paperwork_overdue"
SOON_WORKING_DAYS = 2
# The longest paperwork lead time an LA may set (LocalAuthority.paperwork_lead_days).
LONGEST_LEAD_DAYS = 30
LONDON = ZoneInfo("Europe/London")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


@rule(
    MEETING_SOON,
    description="A meeting about a looked-after child is 2 working days away",
    per_child=True,
    links=("settings:pep:child_meetings", "la_pep:child_meetings"),
)
def meeting_soon(today: date, *, children: Any = None) -> Iterable[Due]:
    """Remind each invitee on the portal of a meeting from 2 working days before it.

    Three queries: the invitees of the meetings up to 2 working days ahead, the setting's
    staff (who are sent to the setting's page; others to the responsible LA's).
    """
    horizon = add_working_days(today, SOON_WORKING_DAYS)
    rows = list(
        Invitee.objects.filter(
            meeting__status__in=LIVE,
            meeting__starts_at__gte=_midnight(today),
            meeting__starts_at__lt=_midnight(horizon + timedelta(days=1)),
            user__isnull=False,
            user__is_active=True,
            meeting__child__care_setting__is_active=True,
            **in_children(children, "meeting__child"),
        )
        .values(
            "user_id",
            "meeting_id",
            starts_at=F("meeting__starts_at"),
            kind=F("meeting__kind"),
            child_id=F("meeting__child_id"),
            first_name=F("meeting__child__first_name"),
            care_setting_id=F("meeting__child__care_setting_id"),
            setting_slug=F("meeting__child__care_setting__slug"),
            la_slug=F("meeting__child__responsible_la__slug"),
        )
        .order_by("meeting_id", "pk")
    )
    staff = members_who_can_by_setting(
        Action.VIEW_CHILD, care_setting_ids={row["care_setting_id"] for row in rows}
    )
    for row in rows:
        starts = row["starts_at"].astimezone(LONDON)
        day = starts.date()
        if add_working_days(day, -SOON_WORKING_DAYS) > today:
            continue
        at_setting = row["user_id"] in staff.get(row["care_setting_id"], [])
        url = first_url(
            (
                "settings:pep:child_meetings",
                {"setting_slug": row["setting_slug"], "child_id": row["child_id"]},
            )
            if at_setting
            else (
                "la_pep:child_meetings",
                {"la_slug": row["la_slug"] or "", "child_id": row["child_id"]},
            )
        )
        what = KIND_WORDS[Meeting.Kind(row["kind"])]
        yield Due(
            recipient_id=row["user_id"],
            subject_key=f"meeting-{row['meeting_id']}",
            subject=f"{row['first_name']}'s {what} is on {long_date(day)} at {starts:%H:%M}",
            due_on=day,
            url=url,
            care_setting_id=row["care_setting_id"],
            body=f"You are invited to the {what} for {row['first_name']} on {long_date(day)} "
            f"at {starts:%H:%M}.",
            child_id=row["child_id"],
            todo=f"{what[:1].upper()}{what[1:]} on {long_date(day)} at {starts:%H:%M}",
        )


def _paperwork(today: date, children: Any, **filters: Any) -> list[dict[str, Any]]:
    """Return the PEPs whose paperwork is requested and not submitted, as value rows."""
    return list(
        Pep.objects.filter(
            status=Pep.Status.PAPERWORK_REQUESTED,
            paperwork_due_on__isnull=False,
            care_setting__is_active=True,
            **filters,
            **in_children(children, "child"),
        )
        .values(
            "pk",
            # The setting the cycle opened at: the child's, since a move closes the cycle.
            "care_setting_id",
            "paperwork_requested_on",
            "paperwork_due_on",
            "child_id",
            first_name=F("child__first_name"),
            key_person_id=F("child__key_person_id"),
            setting_slug=F("care_setting__slug"),
            lead_days=F("responsible_la__paperwork_lead_days"),
        )
        .order_by("pk")
    )


def _pep_url(row: dict[str, Any]) -> str:
    return first_url(
        ("settings:pep:detail", {"setting_slug": row["setting_slug"], "pep_id": row["pk"]}),
        (
            "settings:pep:child_meetings",
            {"setting_slug": row["setting_slug"], "child_id": row["child_id"]},
        ),
    )


@rule(
    PAPERWORK_REQUESTED,
    description="The PEP meeting is confirmed: the key person is asked for the paperwork",
    per_child=True,
    buddy_sees=True,
    alert="You have been asked for a child's PEP paperwork at {setting}.",
    links=("settings:pep:detail", "settings:pep:child_meetings"),
)
def paperwork_requested(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person (or the managers, without one) that the paperwork is wanted.

    Written at once when the meeting is confirmed (``meeting_confirm`` calls ``notify_now``);
    the sweep finds the same rows. Once the due date has passed, ``paperwork_overdue`` says
    so instead. Two queries: the PEPs, the managers.
    """
    rows = _paperwork(
        today, children, paperwork_requested_on__lte=today, paperwork_due_on__gte=today
    )
    yield from _paperwork_dues(
        rows,
        key_person_or_managers(rows),
        subject="{name}'s PEP paperwork is wanted by {due}",
        body="The PEP meeting for {name} is confirmed. Complete the paperwork and submit it "
        "by {due}.",
        todo="Complete the PEP paperwork by {due}",
    )


@rule(
    PAPERWORK_DUE,
    description="PEP paperwork not submitted, due within the LA's paperwork lead time",
    per_child=True,
    buddy_sees=True,
    links=("settings:pep:detail", "settings:pep:child_meetings"),
)
def paperwork_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Remind the key person and the managers once the due date is within the lead time.

    The lead time is the responsible LA's (working days). Two queries: the PEPs due up to
    the longest lead time ahead, the managers.
    """
    rows = [
        row
        for row in _paperwork(
            today,
            children,
            paperwork_due_on__gte=today,
            paperwork_due_on__lte=add_working_days(today, LONGEST_LEAD_DAYS),
        )
        if add_working_days(row["paperwork_due_on"], -row["lead_days"]) <= today
    ]
    yield from _paperwork_dues(
        rows,
        key_person_and_managers(rows),
        subject="{name}'s PEP paperwork is due by {due}",
        body="The PEP paperwork for {name} is not submitted yet. It is due by {due}, before "
        "the PEP meeting.",
        todo="Submit the PEP paperwork by {due}",
    )


@rule(
    PAPERWORK_OVERDUE,
    description="PEP paperwork not submitted by its due date",
    per_child=True,
    buddy_sees=True,
    links=("settings:pep:detail", "settings:pep:child_meetings"),
)
def paperwork_overdue(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers from the first working day after the due date.

    Two queries: the PEPs, the managers.
    """
    rows = [
        row
        for row in _paperwork(today, children, paperwork_due_on__lt=today)
        if add_working_days(row["paperwork_due_on"], 1) <= today
    ]
    yield from _paperwork_dues(
        rows,
        key_person_and_managers(rows),
        subject="{name}'s PEP paperwork was due by {due}",
        body="The PEP paperwork for {name} was due by {due} and is not submitted yet.",
        todo="The PEP paperwork was due by {due}",
    )


def _paperwork_dues(
    rows: list[dict[str, Any]],
    recipients: Any,
    *,
    subject: str,
    body: str,
    todo: str,
) -> Iterable[Due]:
    """Yield one reminder a recipient about each PEP's paperwork; the texts name the child's
    first name (``{name}``) and the paperwork's due date (``{due}``)."""
    for row in rows:
        due_on = row["paperwork_due_on"]
        words = {"name": row["first_name"], "due": long_date(due_on)}
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"pep-{row['pk']}",
                subject=subject.format(**words),
                due_on=due_on,
                url=_pep_url(row),
                care_setting_id=row["care_setting_id"],
                body=body.format(**words),
                child_id=row["child_id"],
                todo=todo.format(**words),
            )
