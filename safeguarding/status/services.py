"""Writes of early help, child in need and child protection status and of the tasks agreed.

Keyword-only, atomic, audited for readers of the safeguarding log (no words of the record
are copied into the trail). One open status per child at a setting: starting a new level
ends the open one (the day before the new one starts, or the same day when both start on
one day), so the chronology shows each step up or down.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import CareSetting, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from safeguarding.models import Level, SafeguardingStatus, StatusTask

STATUS_FIELDS = (
    "lead_professional",
    "social_worker",
    "plan_category",
    "initial_conference_on",
    "next_review_conference_on",
    "core_group",
    "next_core_group_on",
    "notes",
)


def _audit(*, by: User, verb: str, target: Any, child: Child, care_setting: Any, **changes: Any):
    audit_record(
        actor=by,
        verb=verb,
        target=target,
        subject=child,
        care_setting=care_setting,
        changes={name: str(value) for name, value in changes.items()} or None,
        restricted_to=Action.VIEW_CONCERNS,
    )


def check_status(*, level: str, started_on: date, **fields: Any) -> None:
    """Refuse what a status of the level must have, each on its own question."""
    errors: dict[str, str] = {}
    if started_on > dates.today():
        errors["started_on"] = "The start date must be today or in the past"
    if level == Level.EARLY_HELP and not fields.get("lead_professional", "").strip():
        errors["lead_professional"] = "Enter the lead professional for early help"
    if level == Level.CHILD_PROTECTION:
        if not fields.get("plan_category"):
            errors["plan_category"] = "Select the category of the child protection plan"
        if fields.get("initial_conference_on") is None:
            errors["initial_conference_on"] = "Enter the date of the initial conference"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def status_add(
    *,
    care_setting: CareSetting,
    child: Child,
    by: User,
    level: str,
    started_on: date,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> SafeguardingStatus:
    """Start a status for the child at the setting, ending the open one if there is one."""
    claim = claim_submission(token=submission_token, by=by)
    values = {name: fields.get(name) for name in STATUS_FIELDS}
    for name in ("lead_professional", "social_worker", "plan_category", "core_group", "notes"):
        values[name] = values[name] or ""
    check_status(level=level, started_on=started_on, **values)
    current = (
        SafeguardingStatus.objects.select_for_update()
        .filter(care_setting=care_setting, child=child, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if started_on < current.started_on:
            raise ValidationError(
                {
                    "started_on": (
                        f"The start date must be on or after {current.started_on:%-d %B %Y}, "
                        f"when the {current.get_level_display().lower()} started"
                    )
                }
            )
        ended_on = max(current.started_on, started_on - timedelta(days=1))
        SafeguardingStatus.objects.filter(pk=current.pk).update(
            ended_on=ended_on,
            ended_by=by,
            end_reason=f"Followed by {Level(level).label.lower()}",
            version=F("version") + 1,
        )
        _audit(
            by=by,
            verb="safeguarding.status_ended",
            target=current,
            child=child,
            care_setting=care_setting,
            ended_on=ended_on,
        )
    try:
        with transaction.atomic():
            status = SafeguardingStatus.objects.create(
                care_setting=care_setting,
                child=child,
                level=level,
                started_on=started_on,
                recorded_by=by,
                **values,
            )
    except IntegrityError:
        raise ValidationError(
            "Someone else started a status for this child at the same time: check the page"
        ) from None
    claim.saved(status)
    _audit(
        by=by,
        verb="safeguarding.status_started",
        target=status,
        child=child,
        care_setting=care_setting,
        level=level,
        started_on=started_on,
    )
    return status


@transaction.atomic
def status_edit(
    *, status: SafeguardingStatus, by: User, version: int, started_on: date, **fields: Any
) -> SafeguardingStatus:
    """Change a status's details (its level stays: a new level is a new status)."""
    values = {name: fields[name] for name in STATUS_FIELDS if name in fields}
    for name in ("lead_professional", "social_worker", "plan_category", "core_group", "notes"):
        if name in values:
            values[name] = values[name] or ""
    check_status(level=status.level, started_on=started_on, **values)
    if status.ended_on is not None and started_on > status.ended_on:
        raise ValidationError({"started_on": "The start date must be on or before the end date"})
    values["started_on"] = started_on
    if versioned_update(status, version=version, fields=values):
        _audit(
            by=by,
            verb="safeguarding.status_changed",
            target=status,
            child=status.child,
            care_setting=status.care_setting,
        )
    return status


@transaction.atomic
def status_end(
    *, status: SafeguardingStatus, by: User, version: int, ended_on: date, end_reason: str
) -> SafeguardingStatus:
    """End an open status on the day, with the reason."""
    if ended_on < status.started_on:
        raise ValidationError(
            {"ended_on": f"The end date must be on or after {status.started_on:%-d %B %Y}"}
        )
    if ended_on > dates.today():
        raise ValidationError({"ended_on": "The end date must be today or in the past"})
    if status.ended_on is not None and status.version == version:
        raise ValidationError("This status has already ended")
    values = {"ended_on": ended_on, "end_reason": end_reason, "ended_by": by}
    if versioned_update(status, version=version, fields=values):
        _audit(
            by=by,
            verb="safeguarding.status_ended",
            target=status,
            child=status.child,
            care_setting=status.care_setting,
            ended_on=ended_on,
        )
    return status


def _check_task(*, status: SafeguardingStatus, owner: User, due_on: date) -> None:
    from safeguarding.status.selectors import task_owners

    if not task_owners(status.care_setting_id).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Select a member of staff of the setting"})


@transaction.atomic
def task_add(
    *,
    status: SafeguardingStatus,
    by: User,
    text: str,
    owner: User,
    due_on: date,
    submission_token: uuid.UUID | None = None,
) -> StatusTask:
    """Record a task agreed for the setting under an open status."""
    claim = claim_submission(token=submission_token, by=by)
    if status.ended_on is not None:
        raise ValidationError("Tasks are agreed under an open status: this one has ended")
    _check_task(status=status, owner=owner, due_on=due_on)
    task = StatusTask.objects.create(status=status, text=text, owner=owner, due_on=due_on)
    claim.saved(task)
    _audit(
        by=by,
        verb="safeguarding.task_added",
        target=task,
        child=status.child,
        care_setting=status.care_setting,
        due_on=due_on,
    )
    return task


@transaction.atomic
def task_edit(
    *, task: StatusTask, by: User, version: int, text: str, owner: User, due_on: date
) -> StatusTask:
    """Change a task's words, owner or due date."""
    _check_task(status=task.status, owner=owner, due_on=due_on)
    if versioned_update(
        task, version=version, fields={"text": text, "owner": owner, "due_on": due_on}
    ):
        _audit(
            by=by,
            verb="safeguarding.task_changed",
            target=task,
            child=task.status.child,
            care_setting=task.status.care_setting,
        )
    return task


@transaction.atomic
def task_done(*, task: StatusTask, by: User, version: int) -> StatusTask:
    """Record that the task is done, today; marking it done twice changes nothing."""
    if task.done_on is not None and task.version == version:
        return task
    if versioned_update(task, version=version, fields={"done_on": dates.today(), "done_by": by}):
        _audit(
            by=by,
            verb="safeguarding.task_done",
            target=task,
            child=task.status.child,
            care_setting=task.status.care_setting,
        )
    return task
