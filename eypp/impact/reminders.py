"""Reminder rules of EYPP impact reviews (gathered by eypp/reminders.py at start-up).

- ``eypp.impact_review_due``: an approved plan's period has ended and its impact review
  is not recorded yet. The child's key person and the setting's managers are told, dated
  the last day of the period, until it is recorded.

Texts carry no child's name: it is read in the portal.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from eypp.models import ActionPlan
from notifications.rules import (
    Due,
    first_url,
    in_children,
    key_person_and_managers,
    long_date,
    rule,
)

IMPACT_REVIEW_DUE = "eypp.impact_review_due"


@rule(
    IMPACT_REVIEW_DUE,
    description="An EYPP action plan's period has ended: review its impact",
    per_child=True,
    buddy_sees=True,
    links=("settings:eypp:impact",),
)
def impact_review_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers of each approved plan ended and not reviewed.

    A draft review does not stop the reminder: only recording it does. Two queries: the
    plans with their child and setting, the managers of their settings.
    """
    rows = [
        {
            **row,
            "key_person_id": row["child__key_person_id"],
        }
        for row in ActionPlan.objects.filter(
            status=ActionPlan.Status.APPROVED,
            period_end__lte=today,
            care_setting__is_active=True,
            **in_children(children, "child"),
        )
        .exclude(impact_review__completed_at__isnull=False)
        .values(
            "pk",
            "period_end",
            "child_id",
            "child__key_person_id",
            "care_setting_id",
            "care_setting__slug",
        )
        .order_by("period_end", "pk")
    ]
    recipients = key_person_and_managers(rows)
    for row in rows:
        url = first_url(
            (
                "settings:eypp:impact",
                {"setting_slug": row["care_setting__slug"], "plan_id": row["pk"]},
            ),
        )
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"eypp-plan-{row['pk']}-impact",
                subject="An EYPP plan's impact review is due",
                due_on=row["period_end"],
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    f"An EYPP action plan's period ended on {long_date(row['period_end'])}. "
                    "Sign in to record what was spent and the difference it made."
                ),
                child_id=row["child_id"],
                todo="Record the impact review of the EYPP plan",
            )
