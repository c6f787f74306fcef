"""Reminder rules for concerns (registered with notifications.rules at start-up)."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone

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
CONCERN_OVERDUE = "safeguarding.concern_overdue"


@rule(
    CONCERN_RAISED,
    description="A concern about a child's welfare was passed to the DSL",
    per_child=True,
    links=("settings:safeguarding:concern_detail",),
    alert="A concern about a child's welfare has been passed to you at {setting}.",
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
                "settings:safeguarding:concern_detail",
                {"setting_slug": concern["care_setting__slug"], "concern_id": concern["pk"]},
            )
        )
        for user_id in dsls.get(setting_id) or managers.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"concern-{concern['pk']}",
                # Notifications reach e-mail digests: no child, no reporter, no words.
                subject="A concern about a child's welfare has been passed to you",
                due_on=concern["raised_on"],
                url=url,
                care_setting_id=setting_id,
                body=(
                    f"A concern was passed to you on {long_date(concern['raised_on'])}. "
                    "Sign in to read it and start the review."
                ),
                child_id=concern["child_id"],
                todo=(
                    f"Read and review the concern passed to you on "
                    f"{long_date(concern['raised_on'])}"
                ),
            )


def _sweep_moment(today: date) -> datetime:
    """Return the moment a sweep for ``today`` stands at: now, or the end of a past day."""
    now = timezone.now()
    if today >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


@rule(
    CONCERN_OVERDUE,
    description=(
        "A concern was not reviewed within the setting's hours: the DSL is reminded, and after "
        "twice that time the managers too"
    ),
    links=("settings:safeguarding:concern_detail",),
)
def concern_overdue(today: date) -> Iterable[Due]:
    """Remind the DSLs of every concern not reviewed in the setting's time, then the managers.

    A concern waits for review until the DSL starts it (``acknowledged_at``). Past the
    setting's ``concern_review_hours`` its DSLs are reminded (the managers where there is no
    DSL); past twice that time the managers are reminded too, under their own subject. The
    hours are weighed against the sweep's moment (now, or the end of a past day).
    Three queries: the concerns, the DSLs, the managers. No child or words in the text.
    """
    moment = _sweep_moment(today)
    concerns = []
    # The concerns still waiting; their hours are weighed here rather than in SQL, where
    # SQLite cannot multiply a duration.
    for concern in (
        Concern.objects.filter(
            acknowledged_at__isnull=True,
            outcome="",
            care_setting__is_active=True,
            raised_at__lte=moment,
        )
        .values("pk", "raised_at", "care_setting_id", "care_setting__slug")
        .annotate(hours=F("care_setting__concern_review_hours"))
        .order_by("pk")
    ):
        hours = timedelta(hours=concern["hours"])
        concern["first_due"] = concern["raised_at"] + hours
        concern["second_due"] = concern["raised_at"] + 2 * hours
        if concern["first_due"] <= moment:
            concerns.append(concern)
    setting_ids = {concern["care_setting_id"] for concern in concerns}
    dsls = dsls_by_setting(setting_ids)
    managers = managers_by_setting(setting_ids)
    for concern in concerns:
        setting_id = concern["care_setting_id"]
        url = first_url(
            (
                "settings:safeguarding:concern_detail",
                {"setting_slug": concern["care_setting__slug"], "concern_id": concern["pk"]},
            )
        )
        first_on = timezone.localdate(concern["first_due"])
        for user_id in dsls.get(setting_id) or managers.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"concern-overdue-{concern['pk']}",
                subject="A concern about a child's welfare is waiting for review",
                due_on=first_on,
                url=url,
                care_setting_id=setting_id,
                body=(
                    f"A concern passed to you has not been reviewed in the setting's time: it "
                    f"was due for review on {long_date(first_on)}. Sign in to start the review."
                ),
            )
        if concern["second_due"] > moment:
            continue
        second_on = timezone.localdate(concern["second_due"])
        for user_id in managers.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"concern-overdue-manager-{concern['pk']}",
                subject="A concern about a child's welfare has still not been reviewed",
                due_on=second_on,
                url=url,
                care_setting_id=setting_id,
                body=(
                    "A concern passed to the DSL has not been reviewed in twice the setting's "
                    f"time (since {long_date(second_on)}). Sign in to see that it is reviewed."
                ),
            )
