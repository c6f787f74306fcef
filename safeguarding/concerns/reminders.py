"""Reminder rules for concerns (registered with notifications.rules at start-up)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models.functions import TruncDate

from notifications.rules import (
    Due,
    dsls_by_setting,
    first_url,
    in_children,
    long_date,
    managers_by_setting,
    rule,
)
from safeguarding.models import Concern

CONCERN_RAISED = "safeguarding.concern"


@rule(
    CONCERN_RAISED,
    description="A worry about a child's welfare was passed to the DSL from an observation",
    per_child=True,
    links=("settings:safeguarding:concern_list",),
    alert="A worry about a child's welfare has been passed to you at {setting}.",
)
def concern_raised(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell each DSL of the setting about every concern not yet acknowledged.

    Where a setting has no active DSL, its managers are told instead. One reminder per
    concern and person, whenever it is swept (``safeguarding.services.concern_raise``
    writes it at once); the concern's words stay in the portal and are never put in a
    notification or an e-mail. Three queries: the concerns, the DSLs, the managers.
    """
    concerns = list(
        Concern.objects.filter(
            acknowledged_at__isnull=True,
            care_setting__is_active=True,
            **in_children(children, "child"),
        )
        .annotate(raised_on=TruncDate("raised_at"))
        .filter(raised_on__lte=today)
        .values(
            "pk",
            "raised_on",
            "child_id",
            "care_setting_id",
            "care_setting__slug",
        )
        .order_by("pk")
    )
    setting_ids = {concern["care_setting_id"] for concern in concerns}
    dsls = dsls_by_setting(setting_ids)
    managers = managers_by_setting(setting_ids - set(dsls))
    for concern in concerns:
        setting_id = concern["care_setting_id"]
        url = first_url(
            (
                "settings:safeguarding:concern_list",
                {"setting_slug": concern["care_setting__slug"]},
            )
        )
        for user_id in dsls.get(setting_id) or managers.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"concern-{concern['pk']}",
                # Notifications reach e-mail digests: no child, no reporter, no words.
                subject="A worry about a child's welfare has been passed to you",
                due_on=concern["raised_on"],
                url=url,
                care_setting_id=setting_id,
                body=(
                    f"A worry was passed on from an observation on "
                    f"{long_date(concern['raised_on'])}. Sign in to read it and acknowledge it."
                ),
                child_id=concern["child_id"],
                todo=(
                    f"Read and acknowledge the worry passed to you on "
                    f"{long_date(concern['raised_on'])}"
                ),
            )
