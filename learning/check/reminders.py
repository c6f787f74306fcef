"""Reminder rules for the progress check at age two (registered with notifications.rules).

The birthday cut-offs are worked out in Python from today, so each rule is one query for the
children (born on or before "today minus N months", with no check and no reason recorded for
not doing it) and one for the managers. Every reminder is due on the day the check must be
done by, the day its text names: the 36-month birthday.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef

from children.models import Child, on_roll_q
from common.dates import add_months
from learning.check.selectors import CHECK_BY_MONTHS, CHECK_FROM_MONTHS, CHECK_LATE_MONTHS
from learning.models import ProgressCheckAtTwo, ProgressCheckNotDone
from notifications.rules import (
    Due,
    child_name,
    first_url,
    in_children,
    key_person_and_managers,
    key_person_or_managers,
    long_date,
    rule,
)

DUE = "learning.progress_check_due"
OVERDUE = "learning.progress_check_overdue"
CHILD_FIELDS = (
    "pk",
    "first_name",
    "preferred_name",
    "last_name",
    "date_of_birth",
    "key_person_id",
    "care_setting_id",
    "care_setting__slug",
)


def children_without_check(
    *, born_on_or_before: date, born_after: date | None, today: date, children: Any = None
) -> list[dict[str, Any]]:
    """Return the children on roll born in the range with neither a check nor a reason."""
    has_check = ProgressCheckAtTwo.objects.filter(child=OuterRef("pk"))
    not_done = ProgressCheckNotDone.objects.filter(child=OuterRef("pk"))
    rows = Child.objects.filter(
        on_roll_q(today),
        ~Exists(has_check),
        ~Exists(not_done),
        date_of_birth__lte=born_on_or_before,
        start_date__lte=today,
        care_setting__is_active=True,
        **in_children(children),
    )
    if born_after is not None:
        rows = rows.filter(date_of_birth__gt=born_after)
    return list(rows.values(*CHILD_FIELDS).order_by("pk"))


def _url(child: dict[str, Any]) -> str:
    kwargs = {"setting_slug": child["care_setting__slug"], "child_id": child["pk"]}
    return first_url(("settings:learning:check", kwargs), ("settings:children:detail", kwargs))


@rule(
    DUE,
    description="A child on roll has turned 24 months without a progress check at age two",
    per_child=True,
    buddy_sees=True,
    links=("settings:learning:check", "settings:children:detail"),
)
def progress_check_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person (or the managers, if none) that the check is due.

    Children from 24 months up to the "late" stage (33 months), when the overdue rule takes
    over. Due by the 36-month birthday. Two queries: the children, the managers.
    """
    rows = children_without_check(
        born_on_or_before=add_months(today, -CHECK_FROM_MONTHS),
        born_after=add_months(today, -CHECK_LATE_MONTHS),
        today=today,
        children=children,
    )
    recipients = key_person_or_managers(rows)
    for child in rows:
        name = child_name(child)
        closes_on = add_months(child["date_of_birth"], CHECK_BY_MONTHS)
        for user_id in recipients(child):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}",
                subject=f"{name}'s progress check at age two is due",
                due_on=closes_on,
                url=_url(child),
                care_setting_id=child["care_setting_id"],
                body=(
                    f"{name} is two. Do the progress check at age two with the family by "
                    f"{long_date(closes_on)}, when {name} turns 36 months."
                ),
                child_id=child["pk"],
                todo=f"Do the progress check at age two by {long_date(closes_on)}",
            )


@rule(
    OVERDUE,
    description=(
        "A child on roll has reached 33 months without a progress check at age two, and "
        "again at 36 months, unless the reason it was not done is recorded"
    ),
    per_child=True,
    buddy_sees=True,
    links=("settings:learning:check", "settings:children:detail"),
)
def progress_check_overdue(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers that the check is late, then that it was missed.

    Two stages, each written once: at 33 months, while there is still time; at 36 months,
    "not done by 36 months", until the reason is recorded. Two queries: the children, the
    managers.
    """
    rows = children_without_check(
        born_on_or_before=add_months(today, -CHECK_LATE_MONTHS),
        born_after=None,
        today=today,
        children=children,
    )
    recipients = key_person_and_managers(rows)
    cut_off_36 = add_months(today, -CHECK_BY_MONTHS)
    for child in rows:
        name = child_name(child)
        closes_on = add_months(child["date_of_birth"], CHECK_BY_MONTHS)
        if child["date_of_birth"] <= cut_off_36:
            stage = "missed"
            subject = f"{name}'s progress check at age two was not done by 36 months"
            body = (
                f"{name} turned 36 months on {long_date(closes_on)} without a progress check "
                "at age two. Record why, and agree with the family and the health visitor "
                "what happens next."
            )
            todo = (
                f"Record why the progress check at age two was not done by {long_date(closes_on)}"
            )
        else:
            stage = "late"
            subject = f"{name}'s progress check at age two must be done soon"
            body = (
                f"{name} is 33 months old and has no progress check at age two. It must be "
                f"done by {long_date(closes_on)}."
            )
            todo = f"Do the progress check at age two soon: by {long_date(closes_on)}"
        for user_id in recipients(child):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}-{stage}",
                subject=subject,
                due_on=closes_on,
                url=_url(child),
                care_setting_id=child["care_setting_id"],
                body=body,
                child_id=child["pk"],
                todo=todo,
            )
