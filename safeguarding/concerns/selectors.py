"""Reads of concerns, scoped to the setting of an ``Access``.

The log (every concern, the DSL's actions and outcome) is secret: 404 without
VIEW_CONCERNS. A member of staff who raised a concern reads only their own concerns, as
they wrote them, with the receipt (``my_concerns_for``, ``my_concern_get_for``).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, Min, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from accounts.permissions import (
    Access,
    Action,
    can_see_observation,
    child_scope,
    require,
)
from children.models import Child, on_roll_q
from learning.models import Observation
from safeguarding.models import Concern

CHILD_COLUMNS = ("pk", "first_name", "last_name", "preferred_name", "care_setting_id")
PAGE_SIZE = 25


def concerns_waiting_for(access: Access) -> QuerySet[Concern]:
    """Return the setting's unacknowledged concerns, oldest first (404 without the right)."""
    require(access, Action.VIEW_CONCERNS)
    return (
        Concern.objects.filter(care_setting=access.care_setting, acknowledged_at__isnull=True)
        .select_related("child", "raised_by", "observation")
        .order_by("raised_at", "pk")
    )


def concerns_waiting(access: Access) -> dict[str, Any]:
    """Return how many of the setting's concerns wait for review, and since when.

    The "Concerns waiting for review" panel of the DSL's landing page; one query. No child
    is named: the concerns page shows them.
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


def concern_get_for(
    access: Access, concern_id: int, action: Action = Action.VIEW_CONCERNS
) -> Concern:
    """Return one of the setting's concerns if the access may do ``action`` (else 404)."""
    require(access, action)
    try:
        return Concern.objects.select_related(
            "child", "care_setting", "raised_by", "acknowledged_by", "outcome_by"
        ).get(pk=concern_id, care_setting=access.care_setting)
    except Concern.DoesNotExist:
        raise Http404 from None


# --- Raising a concern --------------------------------------------------------------------


def children_to_raise_about(access: Access, *, today: date) -> QuerySet[Child]:
    """Return the setting's children on roll, for the "which child" list of a new concern."""
    require(access, Action.RAISE_CONCERN)
    return (
        Child.objects.filter(child_scope(access), care_setting=access.care_setting)
        .filter(on_roll_q(today))
        .only(*CHILD_COLUMNS)
        .order_by("last_name", "first_name", "pk")
    )


def child_to_raise_about(access: Access, child_id: int | None) -> Child:
    """Return the setting's child a concern may be raised about (404 outside its scope)."""
    require(access, Action.RAISE_CONCERN)
    child = (
        Child.objects.filter(child_scope(access), care_setting=access.care_setting)
        .select_related("care_setting")
        .filter(pk=child_id)
        .first()
        if child_id is not None
        else None
    )
    if child is None:
        raise Http404
    return child


def observation_to_raise_from(access: Access, observation_id: int | None) -> Observation:
    """Return an observation of the setting the reader may see, with its children in scope."""
    require(access, Action.RAISE_CONCERN)
    observation = (
        Observation.objects.filter(care_setting=access.care_setting, pk=observation_id).first()
        if observation_id is not None
        else None
    )
    if observation is None or not can_see_observation(
        access,
        author_id=observation.author_id,
        published=observation.status == Observation.Status.PUBLISHED,
    ):
        raise Http404
    return observation


def observation_children(access: Access, observation: Observation) -> QuerySet[Child]:
    """Return the observation's children in the reader's scope."""
    return (
        Child.objects.filter(child_scope(access), observations=observation)
        .only(*CHILD_COLUMNS)
        .order_by("last_name", "first_name", "pk")
    )


# --- The concern list (the DSL's) ----------------------------------------------------------


@dataclass(frozen=True)
class Waited:
    hours: int
    overdue: bool

    @property
    def words(self) -> str:
        if self.hours < 1:
            return "less than an hour"
        if self.hours < 48:
            return f"{self.hours} hour{'s' if self.hours != 1 else ''}"
        days = self.hours // 24
        return f"{days} days"


def waited(concern: Concern, *, now: datetime, review_hours: int) -> Waited | None:
    """Return how long a concern waiting for review has waited, and whether it is overdue."""
    if concern.acknowledged_at is not None:
        return None
    hours = int((now - concern.raised_at) / timedelta(hours=1))
    return Waited(
        hours=max(hours, 0), overdue=now - concern.raised_at > timedelta(hours=review_hours)
    )


STATE_FILTERS = {
    "open": Q(outcome=""),
    "waiting": Q(acknowledged_at__isnull=True, outcome=""),
    "under_review": Q(acknowledged_at__isnull=False, outcome=""),
    "closed": ~Q(outcome=""),
    "all": Q(),
}


def concern_list_for(
    access: Access, *, state: str, category: str, child: Child | None
) -> QuerySet[Concern]:
    """Return the setting's concerns for the list: filtered, waiting ones first, oldest first.

    One query per page (with the child and who raised it), whatever the page's length.
    """
    require(access, Action.VIEW_CONCERNS)
    concerns = Concern.objects.filter(care_setting=access.care_setting).filter(
        STATE_FILTERS.get(state, STATE_FILTERS["open"])
    )
    if category == "none":
        concerns = concerns.filter(category="")
    elif category:
        concerns = concerns.filter(category=category)
    if child is not None:
        concerns = concerns.filter(child=child)
    return (
        concerns.select_related("child", "raised_by")
        .only(
            "pk",
            "raised_at",
            "acknowledged_at",
            "outcome",
            "category",
            "care_setting_id",
            *(f"child__{column}" for column in CHILD_COLUMNS if column != "pk"),
            "child__id",
            "raised_by__id",
            "raised_by__full_name",
        )
        .annotate(
            # waiting first, then under review, then closed; oldest first in each
            rank=Case(
                When(~Q(outcome=""), then=Value(2)),
                When(acknowledged_at__isnull=True, then=Value(0)),
                default=Value(1),
            )
        )
        .order_by("rank", "raised_at", "pk")
    )


def children_with_concerns(access: Access) -> QuerySet[Child]:
    """Return the setting's children who have a concern there (the list's child filter)."""
    require(access, Action.VIEW_CONCERNS)
    return (
        Child.objects.filter(concerns__care_setting=access.care_setting)
        .distinct()
        .only(*CHILD_COLUMNS)
        .order_by("last_name", "first_name", "pk")
    )


def related_of(concern: Concern) -> list[Concern]:
    """Return the concerns linked to this one (the same setting's), oldest first."""
    return list(
        concern.related.filter(care_setting_id=concern.care_setting_id)
        .select_related("child")
        .order_by("raised_at", "pk")
    )


def others_of(concern: Concern) -> QuerySet[Concern]:
    """Return the setting's other concerns, the choices for related concerns."""
    return (
        Concern.objects.filter(care_setting_id=concern.care_setting_id)
        .exclude(pk=concern.pk)
        .select_related("child")
        .order_by("-raised_at", "-pk")
    )


# --- The raiser's own concerns -------------------------------------------------------------


def my_concerns_for(access: Access) -> QuerySet[Concern]:
    """Return the concerns the reader raised at this setting, newest first, with receipts.

    Only what the raiser may know: reference, child, when raised, when reviewed. One query
    per page.
    """
    require(access, Action.RAISE_CONCERN)
    return (
        Concern.objects.filter(care_setting=access.care_setting, raised_by=access.user)
        .select_related("child")
        .only(
            "pk",
            "raised_at",
            "acknowledged_at",
            "care_setting_id",
            "raised_by_id",
            "child__id",
            *(f"child__{column}" for column in CHILD_COLUMNS if column != "pk"),
        )
        .order_by("-raised_at", "-pk")
    )


def my_concern_get_for(access: Access, concern_id: int) -> Concern:
    """Return a concern the reader raised at this setting; 404 for anyone else, the DSL too.

    Looked up before the right is weighed, so a made-up id is 404 for everyone.
    """
    concern = (
        Concern.objects.filter(
            care_setting=access.care_setting, raised_by=access.user, pk=concern_id
        )
        .select_related("child")
        .first()
    )
    if concern is None:
        raise Http404
    require(access, Action.RAISE_CONCERN)
    return concern
