"""Reminder rules for the learning journey: worries for the DSL, and observations left in draft
(registered with notifications.rules).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncDate

from accounts.models import Membership
from children.models import on_roll_q
from learning.models import DslReferral, Observation
from notifications.rules import (
    Due,
    child_name,
    dsls_by_setting,
    first_url,
    in_children,
    long_date,
    managers_by_setting,
    rule,
)

DSL_REFERRAL = "learning.dsl_referral"
DRAFTS = "learning.observation_draft"
# A draft this long after the day observed is a reminder: sooner, it is work in progress.
DRAFT_DAYS = 7


@rule(
    DSL_REFERRAL,
    description="A worry about a child's welfare was passed to the DSL from an observation",
    per_child=True,
    alert="A worry about a child's welfare has been passed to you at {setting}.",
)
def dsl_referral(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell each DSL of the setting about every worry not yet acknowledged.

    Where a setting has no active DSL, its managers are told instead. One reminder per
    worry and person, whenever it is swept (``learning.journey.services.dsl_referral_raise``
    writes it at once); the worry's words stay in the portal and are never put in a
    notification or an e-mail. Three queries: the worries, the DSLs, the managers.
    """
    referrals = list(
        DslReferral.objects.filter(
            acknowledged_at__isnull=True,
            child__care_setting__is_active=True,
            **in_children(children, "child"),
        )
        .annotate(raised_on=TruncDate("raised_at"))
        .filter(raised_on__lte=today)
        .values(
            "pk",
            "raised_on",
            "child_id",
            "child__care_setting_id",
            "child__care_setting__slug",
        )
        .order_by("pk")
    )
    setting_ids = {referral["child__care_setting_id"] for referral in referrals}
    dsls = dsls_by_setting(setting_ids)
    managers = managers_by_setting(setting_ids - set(dsls))
    for referral in referrals:
        setting_id = referral["child__care_setting_id"]
        url = first_url(
            (
                "settings:learning:worry_list",
                {"setting_slug": referral["child__care_setting__slug"]},
            )
        )
        for user_id in dsls.get(setting_id) or managers.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"dsl-referral-{referral['pk']}",
                # Notifications reach e-mail digests: no child, no reporter, no words.
                subject="A worry about a child's welfare has been passed to you",
                due_on=referral["raised_on"],
                url=url,
                care_setting_id=setting_id,
                body=(
                    f"A worry was passed on from an observation on "
                    f"{long_date(referral['raised_on'])}. Sign in to read it and acknowledge it."
                ),
                child_id=referral["child_id"],
                todo=(
                    f"Read and acknowledge the worry passed to you on "
                    f"{long_date(referral['raised_on'])}"
                ),
            )


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
