"""Reads of concerns, scoped to the setting of an ``Access``; secret: 404 without the right."""

from typing import Any

from django.db.models import Count, Min, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.permissions import Access, Action, require
from safeguarding.models import Concern


def concerns_waiting_for(access: Access) -> QuerySet[Concern]:
    """Return the setting's unacknowledged concerns, oldest first (404 without the right)."""
    require(access, Action.VIEW_CONCERNS)
    return (
        Concern.objects.filter(care_setting=access.care_setting, acknowledged_at__isnull=True)
        .select_related("child", "raised_by", "observation")
        .order_by("raised_at", "pk")
    )


def concerns_waiting(access: Access) -> dict[str, Any]:
    """Return how many of the setting's concerns wait to be acknowledged, and since when.

    The "Worries waiting for you" panel of the DSL's landing page; one query. No child is
    named: the concerns page shows them.
    """
    require(access, Action.VIEW_CONCERNS)
    assert access.care_setting is not None
    waiting = Concern.objects.filter(
        care_setting=access.care_setting, acknowledged_at__isnull=True
    ).aggregate(count=Count("pk"), oldest=Min("raised_at"))
    return {
        "count": waiting["count"],
        "oldest": waiting["oldest"],
        "url": reverse("settings:safeguarding:concern_list", args=[access.care_setting.slug]),
    }


def concern_get_for(access: Access, concern_id: int) -> Concern:
    """Return one of the setting's concerns, acknowledged or not (404 without the right)."""
    require(access, Action.VIEW_CONCERNS)
    try:
        return Concern.objects.select_related("child").get(
            pk=concern_id, care_setting=access.care_setting
        )
    except Concern.DoesNotExist:
        raise Http404 from None
