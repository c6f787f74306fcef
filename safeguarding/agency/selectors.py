"""Reads of agency working: the setting's visit log and each child's information sharing.

Through the door only: the records a setting keeps (``records_in_scope``), the children
of the setting (``child_scope``) and its staff (``members_who_can``). Secret: 404 without
the right.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Access, Action, child_scope, members_who_can, require
from children.models import Child
from safeguarding.models import AgencyVisit, InformationShare
from safeguarding.selectors import records_in_scope

PAGE_SIZE = 25


def start_of(day: date) -> datetime:
    """Return midnight at the start of the day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def visits_for(
    access: Access,
    *,
    child_id: int | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AgencyVisit]:
    """Return the setting's visit log, newest first, filtered (404 without the right)."""
    require(access, Action.VIEW_CONCERNS)
    visits = records_in_scope(access, AgencyVisit).select_related("child", "supervised_by")
    if child_id is not None:
        visits = visits.filter(child_id=child_id)
    if day_from is not None:
        visits = visits.filter(arrived_at__gte=start_of(day_from))
    if day_to is not None:
        visits = visits.filter(arrived_at__lt=start_of(day_to + timedelta(days=1)))
    return visits.order_by("-arrived_at", "-pk")


def on_premises(access: Access) -> list[AgencyVisit]:
    """Return the visitors not signed out: who is on the premises now, earliest first."""
    require(access, Action.VIEW_CONCERNS)
    return list(
        records_in_scope(access, AgencyVisit)
        .filter(left_at__isnull=True)
        .select_related("child", "supervised_by")
        .order_by("arrived_at", "pk")
    )


def visit_get(access: Access, visit_id: int, action: Action = Action.VIEW_CONCERNS) -> AgencyVisit:
    """Return one of the setting's visits (404 without the right or outside the setting)."""
    require(access, action)
    visit = (
        records_in_scope(access, AgencyVisit)
        .select_related("child", "supervised_by")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def children_of(access: Access) -> QuerySet[Child]:
    """Return the setting's children a visit or a filter may name, by name."""
    require(access, Action.VIEW_CONCERNS)
    return Child.objects.filter(child_scope(access)).order_by("last_name", "first_name", "pk")


def staff_of(access: Access) -> QuerySet[User]:
    """Return the setting's active staff, by name: who may supervise a visitor."""
    assert access.care_setting is not None
    return members_who_can(
        Action.RAISE_CONCERN, care_setting_ids=[access.care_setting.pk]
    ).order_by("full_name", "email", "pk")


def shares_of(access: Access, child: Child) -> list[InformationShare]:
    """Return the child's information sharing kept by the setting, newest first."""
    require(access, Action.VIEW_CONCERNS)
    return list(
        records_in_scope(access, InformationShare)
        .filter(child=child)
        .select_related("recorded_by")
        .order_by("-shared_on", "-pk")
    )


def share_get(
    access: Access, share_id: int, action: Action = Action.VIEW_CONCERNS
) -> InformationShare:
    """Return one of the setting's information sharing records, or 404."""
    require(access, action)
    share = (
        records_in_scope(access, InformationShare)
        .select_related("child")
        .filter(pk=share_id)
        .first()
    )
    if share is None:
        raise Http404
    return share
