"""Reminder rules of status and plans: tasks coming due, and conferences and core groups.

Set-based (a fixed handful of queries whatever the number of children), recipients chosen
through the door, and nothing in a subject or body that names a child or quotes a record:
the words stay in the portal behind the DSL's door. Not per child, so no dashboard shows
them on a child's row to people who may not read the safeguarding log.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import F, Q

from accounts.permissions import Action, members_who_can_by_setting
from common.dates import add_working_days
from notifications.rules import (
    Due,
    dsls_by_setting,
    first_url,
    long_date,
    managers_by_setting,
    rule,
)
from safeguarding.models import SafeguardingStatus, StatusTask

TASK_DUE = "safeguarding.task_due"
MEETING_DUE = "safeguarding.meeting_due"
# A task is reminded this many days before it is due, and every day it is overdue.
TASK_LEAD_DAYS = 3
# Conferences and core group meetings are reminded this many working days before.
MEETING_LEAD_WORKING_DAYS = 5

CHILD_PAGE = "settings:safeguarding:child"


def _child_page(row: dict) -> str:
    return first_url(
        (
            CHILD_PAGE,
            {"setting_slug": row["setting_slug"], "child_id": row["child_id"]},
        )
    )


def _leads(setting_ids: set[int]) -> dict[int, list[int]]:
    """Return each setting's DSLs, or its managers where it has no DSL (two queries)."""
    dsls = dsls_by_setting(setting_ids)
    managers = managers_by_setting(setting_ids - {key for key, value in dsls.items() if value})
    return {
        setting_id: dsls.get(setting_id) or managers.get(setting_id, [])
        for setting_id in setting_ids
    }


@rule(
    TASK_DUE,
    description="A task agreed for the setting under a child's plan is due soon or overdue",
    links=(CHILD_PAGE,),
)
def task_due(today: date) -> Iterable[Due]:
    """Tell a task's owner when it is due within three days or overdue, and the DSL when overdue.

    The owner is told when they may read the safeguarding log (the page where it is done);
    a task owned by someone who may not is the DSL's to pass on, so the DSL is told instead.
    Four queries: the tasks, the readers of the log, the DSLs, the managers.
    """
    tasks = list(
        StatusTask.objects.filter(
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=TASK_LEAD_DAYS),
            status__ended_on__isnull=True,
            status__care_setting__is_active=True,
        )
        .values(
            "pk",
            "due_on",
            "owner_id",
            child_id=F("status__child_id"),
            setting_id=F("status__care_setting_id"),
            setting_slug=F("status__care_setting__slug"),
        )
        .order_by("pk")
    )
    setting_ids = {task["setting_id"] for task in tasks}
    readers = members_who_can_by_setting(Action.VIEW_CONCERNS, care_setting_ids=setting_ids)
    leads = _leads(setting_ids)
    for task in tasks:
        setting_id = task["setting_id"]
        overdue = task["due_on"] < today
        owner_reads = task["owner_id"] in readers.get(setting_id, [])
        recipients = [task["owner_id"]] if owner_reads else []
        if overdue or not owner_reads:
            recipients += [user for user in leads.get(setting_id, []) if user not in recipients]
        when = long_date(task["due_on"])
        for user_id in recipients:
            if overdue:
                subject = f"A safeguarding task was due on {when}"
                body = (
                    f"A task agreed under a child's plan was due on {when} and is not marked "
                    "as done. Sign in to see it."
                )
            else:
                subject = f"A safeguarding task is due on {when}"
                body = f"A task agreed under a child's plan is due on {when}. Sign in to see it."
            yield Due(
                recipient_id=user_id,
                subject_key=f"sg-task-{task['pk']}{'-overdue' if overdue else ''}",
                subject=subject,
                due_on=task["due_on"],
                url=_child_page(task),
                care_setting_id=setting_id,
                body=body,
            )


@rule(
    MEETING_DUE,
    description="A child protection conference or core group meeting is coming up",
    links=(CHILD_PAGE,),
)
def meeting_due(today: date) -> Iterable[Due]:
    """Tell the DSLs (or the managers) of a review conference or core group meeting ahead.

    From five working days before the meeting until its day. Three queries: the open
    statuses with a meeting coming, the DSLs, the managers.
    """
    horizon = add_working_days(today, MEETING_LEAD_WORKING_DAYS)
    statuses = list(
        SafeguardingStatus.objects.filter(ended_on__isnull=True, care_setting__is_active=True)
        .filter(
            Q(next_review_conference_on__range=(today, horizon))
            | Q(next_core_group_on__range=(today, horizon))
        )
        .values(
            "pk",
            "child_id",
            "next_review_conference_on",
            "next_core_group_on",
            setting_id=F("care_setting_id"),
            setting_slug=F("care_setting__slug"),
        )
        .order_by("pk")
    )
    leads = _leads({status["setting_id"] for status in statuses})
    for status in statuses:
        meetings = (
            (
                "conference",
                "A child protection review conference",
                status["next_review_conference_on"],
            ),
            ("core-group", "A core group meeting", status["next_core_group_on"]),
        )
        for key, what, day in meetings:
            if day is None or not today <= day <= horizon:
                continue
            for user_id in leads.get(status["setting_id"], []):
                yield Due(
                    recipient_id=user_id,
                    subject_key=f"sg-{key}-{status['pk']}",
                    subject=f"{what} is on {long_date(day)}",
                    due_on=day,
                    url=_child_page(status),
                    care_setting_id=status["setting_id"],
                    body=(
                        f"{what} about a child is on {long_date(day)}. Sign in to see the "
                        "plan, its tasks and the chronology."
                    ),
                )
