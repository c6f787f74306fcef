"""The statutory clock's reminders (registered with notifications.rules).

Who is told: the children in care advisors of the LA responsible for the PEP (they organise
and sign it off: ``la_people_who_can``) and the managers of the child's setting. Each rule
is three queries at most, whatever the number of children: the current PEPs with their
child, setting and LA, the LA people, the managers. Texts carry the child's first name and
setting only; the rest is behind sign-in.

- ``pep.review_due``: a PEP review due within the LA's ``pep_reminder_days`` working days.
- ``pep.review_overdue``: any current PEP past its due date and not signed off, from the
  first working day after it.
- ``pep.initial_not_scheduled``: an initial PEP, or one after a change of setting, with no
  meeting scheduled yet (status DUE), within the LA's reminder days of its deadline (or
  past it). Once a meeting is set, the meetings' reminders take over.

Not dashboard to-dos (``per_child`` is off): each would add a query to every setting's
dashboard, whether or not it has looked-after children.

Links: the PEP page (``settings:pep:detail`` / ``la_pep:detail``) where it exists, else the
child's page on the reader's side. ``links`` names only the fallbacks, which the start-up
check (notifications.E001) can find in every build; the PEP page's names join them once the
paperwork part that mounts it is in.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from accounts.permissions import Action, la_people_who_can
from common import dates
from notifications.rules import Due, first_url, long_date, managers_by_setting, rule
from pep.clock.rules import read_clock
from pep.models import Pep

REVIEW_DUE = "pep.review_due"
REVIEW_OVERDUE = "pep.review_overdue"
INITIAL_NOT_SCHEDULED = "pep.initial_not_scheduled"
LINKS = ("settings:pep:detail", "la_pep:detail", "settings:children:detail", "la_children:detail")
FIELDS = (
    "pk",
    "kind",
    "status",
    "due_on",
    "child_id",
    "child__first_name",
    "child__preferred_name",
    "child__care_setting_id",
    "child__care_setting__slug",
    "child__care_setting__name",
    "responsible_la_id",
    "responsible_la__slug",
    "responsible_la__pep_reminder_days",
)


def _current_peps(**filters: Any) -> list[dict[str, Any]]:
    """Return the current, unsigned PEPs matching the filters, with what the texts need."""
    return list(
        Pep.objects.filter(is_current=True, **filters)
        .exclude(status__in=Pep.LOCKED_STATUSES)
        .values(*FIELDS)
        .order_by("due_on", "pk")
    )


def _first_name(row: dict[str, Any]) -> str:
    return row["child__preferred_name"] or row["child__first_name"]


def _dues(
    rows: list[dict[str, Any]], *, subject_key: str, subject: Any, body: Any, todo: Any
) -> Iterable[Due]:
    """Yield each row's reminder to the LA's advisors and the setting's managers."""
    advisors = la_people_who_can(
        Action.SIGN_OFF_PEP, local_authority_ids={row["responsible_la_id"] for row in rows}
    )
    managers = managers_by_setting({row["child__care_setting_id"] for row in rows})
    for row in rows:
        setting_page = first_url(
            (
                "settings:pep:detail",
                {"setting_slug": row["child__care_setting__slug"], "pep_id": row["pk"]},
            ),
            (
                "settings:children:detail",
                {"setting_slug": row["child__care_setting__slug"], "child_id": row["child_id"]},
            ),
        )
        la_page = first_url(
            ("la_pep:detail", {"la_slug": row["responsible_la__slug"], "pep_id": row["pk"]}),
            (
                "la_children:detail",
                {"la_slug": row["responsible_la__slug"], "child_id": row["child_id"]},
            ),
        )
        people = [(user_id, la_page) for user_id in advisors.get(row["responsible_la_id"], [])]
        people += [
            (user_id, setting_page)
            for user_id in managers.get(row["child__care_setting_id"], [])
            if user_id not in {person for person, _ in people}
        ]
        for user_id, url in people:
            yield Due(
                recipient_id=user_id,
                subject_key=f"{subject_key}-{row['pk']}",
                subject=subject(row),
                due_on=row["due_on"],
                url=url,
                care_setting_id=row["child__care_setting_id"],
                body=body(row),
                child_id=row["child_id"],
                todo=todo(row),
            )


def _within_reminder_days(row: dict[str, Any], today: date) -> bool:
    """Return whether the PEP is due within its LA's reminder days (or is past due)."""
    return (
        dates.working_days_between(today, row["due_on"])
        <= row["responsible_la__pep_reminder_days"]
    )


@rule(
    REVIEW_DUE,
    description="A PEP review is due within the responsible LA's reminder days",
    links=LINKS,
)
def review_due(today: date) -> Iterable[Due]:
    """Tell the CiC advisors and the managers that a PEP review falls due soon.

    From the day the review comes within the LA's ``pep_reminder_days`` working days of its
    due date up to that date (a sweep that missed days catches up), once per due date.
    Three queries: the PEPs, the LA people, the managers.
    """
    rows = [
        row
        for row in _current_peps(kind=Pep.Kind.REVIEW, due_on__gte=today)
        if _within_reminder_days(row, today)
    ]
    if not rows:
        return
    yield from _dues(
        rows,
        subject_key="pep",
        subject=lambda row: (
            f"{_first_name(row)}'s PEP review is due by {long_date(row['due_on'])}"
        ),
        body=lambda row: (
            f"The PEP review for {_first_name(row)} at {row['child__care_setting__name']} is "
            f"due by {long_date(row['due_on'])}: {read_clock(row['due_on'], on=today).words}."
        ),
        todo=lambda row: f"PEP review due by {long_date(row['due_on'])}",
    )


@rule(
    REVIEW_OVERDUE,
    description="A current PEP is past its due date and not signed off",
    links=LINKS,
)
def review_overdue(today: date) -> Iterable[Due]:
    """Tell the CiC advisors and the managers that a PEP is overdue.

    From the first working day after the due date, for as long as the PEP is not signed
    off; written once per due date. Three queries: the PEPs, the LA people, the managers.
    """
    rows = [
        row
        for row in _current_peps(due_on__lt=today)
        if dates.add_working_days(row["due_on"], 1) <= today
    ]
    if not rows:
        return
    yield from _dues(
        rows,
        subject_key="pep-overdue",
        subject=lambda row: f"{_first_name(row)}'s PEP is overdue",
        body=lambda row: (
            f"The PEP for {_first_name(row)} at {row['child__care_setting__name']} was due by "
            f"{long_date(row['due_on'])} and is not signed off: "
            f"{read_clock(row['due_on'], on=today).words}."
        ),
        todo=lambda row: f"PEP overdue: it was due by {long_date(row['due_on'])}",
    )


@rule(
    INITIAL_NOT_SCHEDULED,
    description=(
        "An initial PEP, or a PEP after a change of setting, has no meeting scheduled near "
        "its deadline"
    ),
    links=LINKS,
)
def initial_not_scheduled(today: date) -> Iterable[Due]:
    """Tell the CiC advisors and the managers to schedule a first PEP meeting.

    An initial or change-of-setting PEP still without a meeting (status DUE), from the day
    it comes within the LA's reminder days of its deadline; once per deadline. Three
    queries: the PEPs, the LA people, the managers.
    """
    rows = [
        row
        for row in _current_peps(
            kind__in=(Pep.Kind.INITIAL, Pep.Kind.CHANGE_OF_SETTING),
            status=Pep.Status.DUE,
        )
        if _within_reminder_days(row, today)
    ]
    if not rows:
        return

    what = {
        Pep.Kind.INITIAL: "initial PEP",
        Pep.Kind.CHANGE_OF_SETTING: "PEP after the change of setting",
    }

    yield from _dues(
        rows,
        subject_key="pep-not-scheduled",
        subject=lambda row: f"Schedule {_first_name(row)}'s PEP meeting",
        body=lambda row: (
            f"The {what[row['kind']]} for {_first_name(row)} at "
            f"{row['child__care_setting__name']} is due by {long_date(row['due_on'])} and no "
            "meeting is scheduled yet."
        ),
        todo=lambda row: f"Schedule the PEP meeting: due by {long_date(row['due_on'])}",
    )
