"""Reminder rules for the progress check at age two (registered with notifications.rules.rule).

The birthday cut-offs are worked out in Python from today, so each rule is one query for the
children (born on or before "today minus N months", with no check) and one for the managers.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q

from children.models import Child
from learning.check_selectors import (
    CHECK_BY_MONTHS,
    CHECK_FROM_MONTHS,
    CHECK_LATE_MONTHS,
    add_months,
)
from learning.models import ProgressCheckAtTwo
from notifications.rules import Due, _managers_by_setting, first_url, long_date, rule

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


def _children_without_check(*, born_on_or_before: date, born_after: date | None, today: date):
    has_check = ProgressCheckAtTwo.objects.filter(child=OuterRef("pk"))
    children = Child.objects.filter(
        Q(leave_date__isnull=True) | Q(leave_date__gt=today),
        ~Exists(has_check),
        date_of_birth__lte=born_on_or_before,
        start_date__lte=today,
        care_setting__is_active=True,
    )
    if born_after is not None:
        children = children.filter(date_of_birth__gt=born_after)
    return list(children.values(*CHILD_FIELDS).order_by("pk"))


def _name(child: dict[str, Any]) -> str:
    return f"{child['preferred_name'] or child['first_name']} {child['last_name']}"


def _url(child: dict[str, Any]) -> str:
    kwargs = {"setting_slug": child["care_setting__slug"], "child_id": child["pk"]}
    return first_url(("settings:learning:check", kwargs), ("settings:children:detail", kwargs))


@rule(
    "learning.progress_check_due",
    description="A child on roll has turned 24 months without a progress check at age two",
)
def progress_check_due(today: date) -> Iterable[Due]:
    """Tell the key person (or the managers, if none) that the check is due.

    Children from 24 months up to the "late" stage (33 months), when the overdue rule takes
    over. Due on the 24-month birthday. Two queries: the children, the managers.
    """
    children = _children_without_check(
        born_on_or_before=add_months(today, -CHECK_FROM_MONTHS),
        born_after=add_months(today, -CHECK_LATE_MONTHS),
        today=today,
    )
    managers = _managers_by_setting(child["care_setting_id"] for child in children)
    for child in children:
        name = _name(child)
        closes_on = add_months(child["date_of_birth"], CHECK_BY_MONTHS)
        recipients = (
            [child["key_person_id"]]
            if child["key_person_id"]
            else managers.get(child["care_setting_id"], [])
        )
        for user_id in recipients:
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}",
                subject=f"{name}'s progress check at age two is due",
                due_on=add_months(child["date_of_birth"], CHECK_FROM_MONTHS),
                url=_url(child),
                care_setting_id=child["care_setting_id"],
                body=(
                    f"{name} is two. Do the progress check at age two with the family by "
                    f"{long_date(closes_on)}, when {name} turns 36 months."
                ),
            )


@rule(
    "learning.progress_check_overdue",
    description=(
        "A child on roll has reached 33 months without a progress check at age two, and "
        "again at 36 months"
    ),
)
def progress_check_overdue(today: date) -> Iterable[Due]:
    """Tell the key person and the managers that the check is late, then that it was missed.

    Two stages, each written once: at 33 months, while there is still time; at 36 months,
    "not done by 36 months". Two queries: the children, the managers.
    """
    children = _children_without_check(
        born_on_or_before=add_months(today, -CHECK_LATE_MONTHS), born_after=None, today=today
    )
    managers = _managers_by_setting(child["care_setting_id"] for child in children)
    cut_off_36 = add_months(today, -CHECK_BY_MONTHS)
    for child in children:
        name = _name(child)
        closes_on = add_months(child["date_of_birth"], CHECK_BY_MONTHS)
        if child["date_of_birth"] <= cut_off_36:
            stage, due_on = "missed", closes_on
            subject = f"{name}'s progress check at age two was not done by 36 months"
            body = (
                f"{name} turned 36 months on {long_date(closes_on)} without a progress check "
                "at age two. Record why, and agree with the family and the health visitor "
                "what happens next."
            )
        else:
            stage = "late"
            due_on = add_months(child["date_of_birth"], CHECK_LATE_MONTHS)
            subject = f"{name}'s progress check at age two must be done soon"
            body = (
                f"{name} is 33 months old and has no progress check at age two. It must be "
                f"done by {long_date(closes_on)}."
            )
        recipients = list(managers.get(child["care_setting_id"], []))
        if child["key_person_id"] and child["key_person_id"] not in recipients:
            recipients.insert(0, child["key_person_id"])
        for user_id in recipients:
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{child['pk']}-{stage}",
                subject=subject,
                due_on=due_on,
                url=_url(child),
                care_setting_id=child["care_setting_id"],
                body=body,
            )
