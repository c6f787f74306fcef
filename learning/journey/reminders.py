"""Reminder rules for the learning journey: observations left in draft (registered with
notifications.rules).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef

from accounts.models import Membership
from children.models import on_roll_q
from learning.models import Observation
from notifications.rules import (
    Due,
    child_name,
    first_url,
    in_children,
    long_date,
    rule,
)

DRAFTS = "learning.observation_draft"
# A draft this long after the day observed is a reminder: sooner, it is work in progress.
DRAFT_DAYS = 7


@rule(
    DRAFTS,
    description=f"An observation is still a draft {DRAFT_DAYS} days after the day observed",
    per_child=True,
    links=("settings:learning:observation_edit",),
)
def observation_draft(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the author of an observation still in draft a week after the day observed.

    Only the author (and managers) may see a draft, so only the author is told, once per
    draft, however many children it is about; each child's row on the author's dashboard
    shows it. One query: the drafts' children, with their authors still on the staff.
    """
    author_on_staff = Membership.objects.filter(
        user=OuterRef("observation__author"),
        care_setting=OuterRef("observation__care_setting"),
        is_active=True,
    )
    rows = list(
        Observation.children.through.objects.filter(
            on_roll_q(today, prefix="child__"),
            observation__status=Observation.Status.DRAFT,
            observation__author__is_active=True,
            observation__care_setting__is_active=True,
            **in_children(children, "child"),
        )
        .filter(
            Exists(author_on_staff),
            observation__observed_on__lte=today - timedelta(days=DRAFT_DAYS),
        )
        .values(
            "observation_id",
            "observation__author_id",
            "observation__observed_on",
            "observation__care_setting_id",
            "observation__care_setting__slug",
            "child_id",
            "child__first_name",
            "child__preferred_name",
            "child__last_name",
        )
        .order_by("observation_id", "child_id")
    )
    for row in rows:
        observed_on = long_date(row["observation__observed_on"])
        yield Due(
            recipient_id=row["observation__author_id"],
            subject_key=f"observation-{row['observation_id']}",
            subject=f"Your observation of {observed_on} is still a draft",
            due_on=row["observation__observed_on"],
            url=first_url(
                (
                    "settings:learning:observation_edit",
                    {
                        "setting_slug": row["observation__care_setting__slug"],
                        "observation_id": row["observation_id"],
                    },
                )
            ),
            care_setting_id=row["observation__care_setting_id"],
            body=(
                f"Your observation of {child_name(row, 'child__')} on {observed_on} is still "
                f"a draft {DRAFT_DAYS} days later. Finish it and publish it, so the team can "
                "see it."
            ),
            child_id=row["child_id"],
            todo=f"Publish your draft observation of {observed_on}",
        )
