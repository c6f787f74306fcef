"""Reminder rules of EYPP action plans (gathered by eypp/reminders.py at start-up).

- ``eypp.plan_submitted``: a plan awaits review. Its reviewers are told (the children in
  care advisors of the LA responsible for a looked-after child; the improvement advisors
  assigned to the setting for any other child: ``eypp_reviewers``), at once on submission
  (``notify_now``) and by the sweep should that have been missed.
- ``eypp.plan_returned``: a plan was returned with a reason. The key person and the
  managers are told at once, and again each week while it stays returned.

Texts carry no child's name and no reason: those are read in the portal. Neither rule is a
dashboard to-do (``per_child`` is off): each would add a query to every setting's dashboard.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accounts.permissions import eypp_reviewers
from eypp.models import ActionPlan
from notifications.rules import (
    Due,
    first_url,
    in_children,
    key_person_and_managers,
    long_date,
    rule,
)

PLAN_SUBMITTED = "eypp.plan_submitted"
PLAN_RETURNED = "eypp.plan_returned"
# A returned plan is brought up again every this many days until it is sent back.
RETURNED_EVERY = 7
LINKS = ("settings:eypp:plan", "la_eypp:plan")


def _day(moment: Any) -> date:
    return timezone.localdate(moment)


@rule(
    PLAN_SUBMITTED,
    description="An EYPP action plan was submitted and awaits the LA's review",
    links=LINKS,
    alert="An EYPP action plan from {setting} is waiting for your review. Sign in to read it.",
)
def plan_submitted(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell each submitted plan's reviewers that it awaits them, once per submission.

    Three queries: the plans, the children in care advisors, the improvement advisors.
    """
    rows = list(
        ActionPlan.objects.filter(
            status=ActionPlan.Status.SUBMITTED,
            submitted_at__isnull=False,
            **in_children(children, "child"),
        )
        .values(
            "pk",
            "submitted_at",
            "child_id",
            "care_setting_id",
            "child__looked_after_status",
            "child__responsible_la_id",
            "care_setting__local_authority__slug",
            "child__responsible_la__slug",
        )
        .order_by("pk")
    )
    rows = [row for row in rows if _day(row["submitted_at"]) <= today]
    looked_after = {
        row["pk"] for row in rows if row["child__looked_after_status"] == "looked_after"
    }
    by_la, by_setting = eypp_reviewers(
        responsible_la_ids={
            r["child__responsible_la_id"] for r in rows if r["pk"] in looked_after
        },
        care_setting_ids={r["care_setting_id"] for r in rows if r["pk"] not in looked_after},
    )
    for row in rows:
        if row["pk"] in looked_after:
            people = by_la.get(row["child__responsible_la_id"], [])
            la_slug = row["child__responsible_la__slug"]
        else:
            people = by_setting.get(row["care_setting_id"], [])
            la_slug = row["care_setting__local_authority__slug"]
        url = first_url(("la_eypp:plan", {"la_slug": la_slug, "plan_id": row["pk"]}))
        submitted_on = _day(row["submitted_at"])
        for user_id in people:
            yield Due(
                recipient_id=user_id,
                subject_key=f"eypp-plan-{row['pk']}-submitted",
                subject="An EYPP action plan is waiting for your review",
                due_on=submitted_on,
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    f"A setting submitted an EYPP action plan on {long_date(submitted_on)}. "
                    "Sign in to approve it or return it with a reason."
                ),
                child_id=row["child_id"],
                todo="Review the EYPP action plan",
            )


@rule(
    PLAN_RETURNED,
    description="An EYPP action plan was returned with a reason and not yet sent back",
    links=LINKS,
    alert="An EYPP action plan has been returned for changes at {setting}. Sign in to see why.",
)
def plan_returned(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers about each plan still returned, each week.

    The first reminder is dated the day it was returned (written at once by the service);
    while the plan stays returned another follows every ``RETURNED_EVERY`` days. Two
    queries: the returned plans with their child, the managers.
    """
    rows = [
        {
            **row,
            "key_person_id": row["child__key_person_id"],
            "returned_on": _day(row["decided_at"]),
        }
        for row in ActionPlan.objects.filter(
            status=ActionPlan.Status.RETURNED,
            decided_at__isnull=False,
            care_setting__is_active=True,
            **in_children(children, "child"),
        )
        .values(
            "pk",
            "decided_at",
            "child_id",
            "care_setting_id",
            "care_setting__slug",
            "child__key_person_id",
        )
        .order_by("pk")
    ]
    rows = [row for row in rows if row["returned_on"] <= today]
    recipients = key_person_and_managers(rows)
    for row in rows:
        weeks = (today - row["returned_on"]).days // RETURNED_EVERY
        due_on = row["returned_on"] + timedelta(days=weeks * RETURNED_EVERY)
        url = first_url(
            (
                "settings:eypp:plan",
                {"setting_slug": row["care_setting__slug"], "plan_id": row["pk"]},
            )
        )
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"eypp-plan-{row['pk']}-returned-{row['returned_on'].isoformat()}",
                subject="An EYPP action plan has been returned for changes",
                due_on=due_on,
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    "The local authority returned an EYPP action plan on "
                    f"{long_date(row['returned_on'])}. Sign in to read why, make the changes "
                    "and submit it again."
                    + (
                        f" It was still waiting for your changes on {long_date(due_on)}."
                        if due_on != row["returned_on"]
                        else ""
                    )
                ),
                child_id=row["child_id"],
                todo="Make the changes the LA asked for and submit the EYPP plan again",
            )
