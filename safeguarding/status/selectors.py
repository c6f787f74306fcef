"""Reads of early help, child in need and child protection status, and the tasks agreed.

Through the door only: a status and its tasks belong to the setting that keeps them
(``safeguarding_record_q``); without the right the answer is 404.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import CareSetting, User
from accounts.permissions import Access, Action, members_who_can, require, safeguarding_record_q
from children.models import Child
from common import dates
from safeguarding.models import Concern, SafeguardingStatus, StatusTask
from safeguarding.selectors import records_in_scope


def status_get_for(
    access: Access, status_id: int, action: Action = Action.EDIT_SAFEGUARDING
) -> SafeguardingStatus:
    """Return one of the setting's statuses with its child, if the access may do ``action``."""
    require(access, action)
    status = (
        records_in_scope(access, SafeguardingStatus)
        .select_related("child", "care_setting", "recorded_by", "ended_by")
        .filter(pk=status_id)
        .first()
    )
    if status is None:
        raise Http404
    return status


def task_get_for(
    access: Access, task_id: int, action: Action = Action.EDIT_SAFEGUARDING
) -> StatusTask:
    """Return one task of the setting's statuses, if the access may do ``action``; else 404."""
    require(access, action)
    task = (
        StatusTask.objects.filter(safeguarding_record_q(access, prefix="status__"))
        .select_related("status__child", "owner")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task


def open_status(care_setting: CareSetting, child: Child) -> SafeguardingStatus | None:
    """Return the child's open status at the setting, or None (one query)."""
    return (
        SafeguardingStatus.objects.filter(
            care_setting=care_setting, child=child, ended_on__isnull=True
        )
        .select_related("recorded_by")
        .first()
    )


def statuses_of(care_setting: CareSetting, child: Child) -> list[SafeguardingStatus]:
    """Return every status of the child at the setting, latest first (one query)."""
    return list(SafeguardingStatus.objects.filter(care_setting=care_setting, child=child))


def open_tasks(status: SafeguardingStatus | None) -> list[StatusTask]:
    """Return the status's tasks not done yet, soonest due first, with owners (one query)."""
    if status is None:
        return []
    return list(status.tasks.filter(done_on__isnull=True).select_related("owner"))


def task_owners(care_setting_id: int) -> QuerySet[User]:
    """Return who may own a task: the setting's active staff, by name (the door decides)."""
    return members_who_can(Action.RAISE_CONCERN, care_setting_ids=[care_setting_id]).order_by(
        "full_name", "email"
    )


def child_concerns(care_setting: CareSetting, child: Child) -> list[Concern]:
    """Return the child's concerns kept by the setting, latest first (one query)."""
    return list(Concern.objects.filter(care_setting=care_setting, child=child))


def next_meeting(status: SafeguardingStatus | None) -> Any:
    """Return the next conference or core group date of the status from today, or None."""
    if status is None:
        return None
    today = dates.today()
    coming = [
        day
        for day in (
            status.initial_conference_on,
            status.next_review_conference_on,
            status.next_core_group_on,
        )
        if day is not None and day >= today
    ]
    return min(coming, default=None)


def hub_summary(care_setting: CareSetting, child: Child) -> dict[str, Any]:
    """Return the open status and the number of open concerns of the child (two queries)."""
    status = open_status(care_setting, child)
    counts = Concern.objects.filter(care_setting=care_setting, child=child).aggregate(
        open=Count("pk", filter=Q(outcome=""))
    )
    return {
        "status": status,
        "open_concerns": counts["open"],
        "next_meeting": next_meeting(status),
    }
