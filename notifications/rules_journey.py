"""Reminder rules for learning: the journey part (registered with notifications.rules.rule)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models.functions import TruncDate

from accounts.models import Membership
from learning.models import DslReferral
from notifications.rules import Due, _managers_by_setting, first_url, long_date, rule


def _dsls_by_setting(setting_ids: Iterable[int]) -> dict[int, list[int]]:
    """Return the active designated safeguarding leads' user ids of each setting, in one query."""
    dsls: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        care_setting_id__in=set(setting_ids), is_dsl=True, is_active=True, user__is_active=True
    ).values_list("care_setting_id", "user_id")
    for setting_id, user_id in rows:
        dsls[setting_id].append(user_id)
    return dsls


@rule(
    "learning.dsl_referral",
    description="A worry about a child's welfare was passed to the DSL from an observation",
)
def dsl_referral(today: date) -> Iterable[Due]:
    """Tell each DSL of the setting about every worry not yet acknowledged.

    Where a setting has no active DSL, its managers are told instead. One reminder per
    worry and person, whenever it is swept; the worry's words stay in the portal and are
    never put in a notification or an e-mail. Three queries: the worries, the DSLs, the
    managers.
    """
    referrals = list(
        DslReferral.objects.filter(
            acknowledged_at__isnull=True, child__care_setting__is_active=True
        )
        .annotate(raised_on=TruncDate("raised_at"))
        .filter(raised_on__lte=today)
        .values(
            "pk",
            "raised_on",
            "child__first_name",
            "child__preferred_name",
            "child__last_name",
            "child__care_setting_id",
            "child__care_setting__slug",
            "raised_by__full_name",
        )
        .order_by("pk")
    )
    setting_ids = {referral["child__care_setting_id"] for referral in referrals}
    dsls = _dsls_by_setting(setting_ids)
    managers = _managers_by_setting(setting_ids - set(dsls))
    for referral in referrals:
        setting_id = referral["child__care_setting_id"]
        name = (
            f"{referral['child__preferred_name'] or referral['child__first_name']} "
            f"{referral['child__last_name']}"
        )
        who = referral["raised_by__full_name"] or "A member of staff"
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
                subject=f"A worry about {name} has been passed to the DSL",
                due_on=referral["raised_on"],
                url=url,
                care_setting_id=setting_id,
                body=(
                    f"{who} noted a worry about {name}'s welfare on "
                    f"{long_date(referral['raised_on'])}. Read it and acknowledge it in the "
                    "portal."
                ),
            )
