"""Eligibility's reminder (gathered by eypp/reminders.py at start-up).

``eypp.plan_not_written``: a child funded by EYPP (an award today, and funding started: the
term after the ground) whose setting has no action plan, in any state, for a period that
covers today, once the LA's ``eypp_plan_days`` have passed since funding started. The key
person and the setting's managers are told. Four queries whatever the number of children:
the funded children without a plan covering today, their grounds, the LAs' terms, the
managers (none but the first when no child is waiting for a plan).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef

from accounts.models import SchoolTerm
from children.models import Child, on_roll_q
from eypp import rules
from eypp.models import ActionPlan, Eligibility
from notifications.rules import (
    Due,
    first_url,
    in_children,
    key_person_and_managers,
    long_date,
    rule,
)

PLAN_NOT_WRITTEN = "eypp.plan_not_written"


def _funding_started(
    grounds: list[rules.Ground], *, award: str, terms: list[tuple[date, date]], today: date
) -> date | None:
    """Return when the award's funding started (the earliest applying ground's term after)."""
    starts = [
        rules.funding_starts(ground.eligible_from, terms=terms)
        for ground in grounds
        if ground.basis == award and ground.applies_on(today)
    ]
    started = [day for day in starts if day <= today]
    return min(started) if started else None


@rule(
    PLAN_NOT_WRITTEN,
    description="A child eligible for EYPP has no action plan within the LA's days",
    per_child=True,
    buddy_sees=True,
    links=("settings:eypp:child_eypp", "settings:children:detail"),
    alert="An EYPP action plan is due at {setting}. Sign in to see which child.",
)
def plan_not_written(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the key person and the managers about each funded child with no plan yet."""
    rows = list(
        Child.objects.filter(
            on_roll_q(today),
            care_setting__is_active=True,
            **in_children(children),
        )
        .exclude(eypp_basis="")
        .exclude(
            Exists(
                ActionPlan.objects.filter(
                    child_id=OuterRef("pk"), period_start__lte=today, period_end__gte=today
                )
            )
        )
        .values(
            "pk",
            "eypp_basis",
            "key_person_id",
            "care_setting_id",
            "care_setting__slug",
            "care_setting__local_authority_id",
            "care_setting__local_authority__eypp_plan_days",
        )
    )
    if not rows:
        return
    ids = [row["pk"] for row in rows]
    grounds: dict[int, list[rules.Ground]] = {}
    for child_id, basis, since, until in Eligibility.objects.filter(child_id__in=ids).values_list(
        "child_id", "basis", "eligible_from", "eligible_to"
    ):
        grounds.setdefault(child_id, []).append(rules.Ground(basis, since, until))
    terms: dict[int, list[tuple[date, date]]] = {}
    la_ids = {row["care_setting__local_authority_id"] for row in rows}
    for la_id, starts, ends in (
        SchoolTerm.objects.filter(local_authority_id__in=la_ids)
        .order_by("starts_on")
        .values_list("local_authority_id", "starts_on", "ends_on")
    ):
        terms.setdefault(la_id, []).append((starts, ends))
    due_rows = []
    for row in rows:
        started = _funding_started(
            grounds.get(row["pk"], []),
            award=row["eypp_basis"],
            terms=terms.get(row["care_setting__local_authority_id"], []),
            today=today,
        )
        if started is None:
            continue
        due_on = started + timedelta(days=row["care_setting__local_authority__eypp_plan_days"])
        if due_on <= today:
            due_rows.append({**row, "due_on": due_on, "started": started})
    if not due_rows:
        return
    recipients = key_person_and_managers(due_rows)
    for row in due_rows:
        slug = row["care_setting__slug"]
        url = first_url(
            ("settings:eypp:child_eypp", {"setting_slug": slug, "child_id": row["pk"]}),
            ("settings:children:detail", {"setting_slug": slug, "child_id": row["pk"]}),
        )
        for user_id in recipients(row):
            yield Due(
                recipient_id=user_id,
                subject_key=f"child-{row['pk']}-eypp-plan-{row['started'].isoformat()}",
                subject="An EYPP action plan has not been written",
                due_on=row["due_on"],
                url=url,
                care_setting_id=row["care_setting_id"],
                body=(
                    "A child at the setting funded by the Early Years Pupil Premium has no "
                    f"action plan: it was due on {long_date(row['due_on'])}. Sign in to "
                    "write it."
                ),
                child_id=row["pk"],
                todo="Write the EYPP action plan",
            )
