"""Writes to a setting's action plan and support package.

Keyword-only, atomic and audited for readers of the setting's support records
(VIEW_QUALITY). The setting's manager writes the actions (EDIT_ACTION_PLAN); the advisor
records contact, comments, brokers support and records engagement (SUPPORT_SETTING). A
closed plan is kept as it was: only its maintenance contact is still recorded. Each write by
one side tells the other side at once, in the portal (``notify_now``).
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import CareSetting, OfstedInspection, User
from accounts.permissions import Action
from common import dates
from common.audit import audit_record
from common.dates import add_working_days
from common.submissions import claim_submission
from common.versioning import versioned_update
from notifications.services import notify_now
from quality.models import ActionPlan, PlanAction, SupportItem
from quality.plans.reminders import ADVISOR_UPDATE, SETTING_UPDATE

Engagement = ActionPlan.Engagement
ONE_OPEN_PLAN = "This setting already has an open action plan."


class PlanClosed(ValidationError):
    """The plan is closed: its actions and support are kept as they were."""

    def __init__(self, plan: ActionPlan) -> None:
        closed = f" on {plan.closed_on:%-d %B %Y}" if plan.closed_on else ""
        super().__init__(
            f"This action plan was closed{closed}, so it cannot be changed. "
            "Open a new plan if the setting needs one."
        )
        self.plan = plan


def _audit(*, by: User | None, verb: str, target: Any, plan: ActionPlan, **changes: Any) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=target,
        subject=plan,
        care_setting=plan.care_setting,
        changes={name: str(value) for name, value in changes.items()} or None,
        restricted_to=Action.VIEW_QUALITY,
    )


def _tell(kind: str) -> None:
    """Write the other side's notification of what was just done, in this transaction."""
    notify_now(kind=kind, today=dates.today(), children=None)


def _not_after_today(name: str, day: date | None, what: str) -> None:
    if day is not None and day > dates.today():
        raise ValidationError({name: f"{what} must be today or in the past"})


def _locked_open(plan: ActionPlan) -> ActionPlan:
    """Lock the plan's row and return it as saved; PlanClosed if it is closed."""
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != ActionPlan.Status.OPEN:
        raise PlanClosed(locked)
    return locked


# --- Opening and closing -----------------------------------------------------------------


@transaction.atomic
def plans_follow_inspection(
    inspection: OfstedInspection, *, actor: User | None
) -> ActionPlan | None:
    """Open or close the setting's action plan after an inspection is recorded.

    Below Good, with no plan open: a plan opens, with the advisor's contact due within the
    LA's working days of the inspection. Good or better with a plan open (inspected after it
    opened): the plan closes and a maintenance contact falls due. Returns the plan touched.
    """
    care_setting = inspection.care_setting
    local_authority = care_setting.local_authority
    open_plan = (
        ActionPlan.objects.select_for_update()
        .filter(care_setting=care_setting, status=ActionPlan.Status.OPEN)
        .first()
    )
    if inspection.below_good:
        if open_plan is not None:
            return None
        try:
            with transaction.atomic():
                plan = ActionPlan.objects.create(
                    care_setting=care_setting,
                    inspection=inspection,
                    opened_on=timezone.localdate(),
                    opened_by=actor,
                    contact_due_by=add_working_days(
                        inspection.inspected_on, local_authority.below_good_contact_days
                    ),
                )
        except IntegrityError:  # opened at the same moment by someone else
            return None
        audit_record(
            actor=actor,
            verb="quality.plan_opened",
            target=plan,
            care_setting=care_setting,
            restricted_to=Action.VIEW_QUALITY,
        )
        return plan
    if open_plan is None or not _later_than_plan(inspection, open_plan):
        return None
    open_plan.status = ActionPlan.Status.CLOSED
    open_plan.closed_on = timezone.localdate()
    open_plan.closing_inspection = inspection
    open_plan.maintenance_contact_due = inspection.inspected_on + timedelta(
        days=local_authority.maintenance_contact_days
    )
    open_plan.version += 1
    open_plan.save()
    audit_record(
        actor=actor,
        verb="quality.plan_closed",
        target=open_plan,
        care_setting=care_setting,
        restricted_to=Action.VIEW_QUALITY,
    )
    return open_plan


def _later_than_plan(inspection: OfstedInspection, plan: ActionPlan) -> bool:
    """Return whether the inspection came after the one that opened the plan."""
    if plan.inspection_id is not None and plan.inspection is not None:
        return inspection.inspected_on > plan.inspection.inspected_on
    return inspection.inspected_on >= plan.opened_on


@transaction.atomic
def plan_open(
    *,
    care_setting: CareSetting,
    by: User,
    opened_on: date,
    reason: str,
    contacted: bool = True,
    submission_token: uuid.UUID | None = None,
) -> ActionPlan:
    """Open a plan the advisor agrees with the setting, without an inspection below Good.

    For example after a self-review with the Positive Practice Tool. The advisor who opens
    it has been in touch, so the setting counts as contacted on the day unless ``contacted``
    is False. One open plan per setting: a second, even at the same moment, is refused.
    """
    claim = claim_submission(token=submission_token, by=by)
    _not_after_today("opened_on", opened_on, "The date the plan opened")
    if ActionPlan.objects.filter(
        care_setting=care_setting, status=ActionPlan.Status.OPEN
    ).exists():
        raise ValidationError(ONE_OPEN_PLAN)
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(
                care_setting=care_setting,
                opened_on=opened_on,
                opened_by=by,
                contact_due_by=add_working_days(
                    opened_on, care_setting.local_authority.below_good_contact_days
                ),
                contacted_on=opened_on if contacted else None,
                contacted_by=by if contacted else None,
                advisor_comment=reason.strip(),
            )
    except IntegrityError:  # another plan opened at the same moment
        raise ValidationError(ONE_OPEN_PLAN) from None
    claim.saved(plan)
    _audit(by=by, verb="quality.plan_opened", target=plan, plan=plan, opened_on=opened_on)
    return plan


# --- Contact -----------------------------------------------------------------------------


@transaction.atomic
def plan_contact(*, plan: ActionPlan, by: User, version: int, contacted_on: date) -> ActionPlan:
    """Record the day the advisor contacted the setting about its plan.

    On a closed plan this is the maintenance contact that fell due when it closed.
    """
    _not_after_today("contacted_on", contacted_on, "The date of contact")
    if plan.status == ActionPlan.Status.CLOSED:
        if plan.closed_on is not None and contacted_on < plan.closed_on:
            raise ValidationError(
                {
                    "contacted_on": "The maintenance contact must be on or after "
                    f"{plan.closed_on:%-d %B %Y}, when the plan closed"
                }
            )
        fields: dict[str, Any] = {"maintenance_contact_on": contacted_on}
        verb = "quality.plan_maintenance_contact"
    else:
        opened = plan.inspection.inspected_on if plan.inspection else plan.opened_on
        if contacted_on < opened:
            raise ValidationError(
                {"contacted_on": f"The date of contact must be on or after {opened:%-d %B %Y}"}
            )
        fields = {"contacted_on": contacted_on, "contacted_by": by}
        verb = "quality.plan_contacted"
    if versioned_update(plan, version=version, fields=fields):
        _audit(by=by, verb=verb, target=plan, plan=plan, on=contacted_on)
    return plan


@transaction.atomic
def maintenance_contact_made(
    *, care_setting: CareSetting, on: date, actor: User | None
) -> ActionPlan | None:
    """Record a maintenance contact made on the day (a maintenance visit, say), if one is due.

    The setting's latest closed plan whose maintenance contact is due and not yet made, and
    which closed on or before the day, records it. Returns that plan, or None if none was due.
    Calling it again for the same contact changes nothing.
    """
    plan = (
        ActionPlan.objects.select_for_update()
        .filter(
            care_setting=care_setting,
            status=ActionPlan.Status.CLOSED,
            maintenance_contact_due__isnull=False,
            maintenance_contact_on__isnull=True,
            closed_on__lte=on,
        )
        .order_by("-closed_on", "-pk")
        .first()
    )
    if plan is None:
        return None
    plan.maintenance_contact_on = on
    plan.version += 1
    plan.save(update_fields=["maintenance_contact_on", "version"])
    _audit(by=actor, verb="quality.plan_maintenance_contact", target=plan, plan=plan, on=on)
    return plan


# --- The advisor's comments and the setting's engagement ---------------------------------


@transaction.atomic
def plan_comment(*, plan: ActionPlan, by: User, version: int, advisor_comment: str) -> ActionPlan:
    """Save the advisor's overall comment on the plan; the setting's managers are told."""
    if plan.status != ActionPlan.Status.OPEN:
        raise PlanClosed(plan)
    if versioned_update(plan, version=version, fields={"advisor_comment": advisor_comment}):
        _audit(by=by, verb="quality.plan_commented", target=plan, plan=plan)
        _tell(ADVISOR_UPDATE)
    return plan


@transaction.atomic
def plan_engagement(
    *,
    plan: ActionPlan,
    by: User,
    version: int,
    engagement: str,
    engagement_recorded_on: date | None,
    engagement_notes: str,
    ofsted_informed_on: date | None,
) -> ActionPlan:
    """Record whether the setting engages with support; declining needs the date Ofsted knew."""
    errors: dict[str, str] = {}
    if engagement != Engagement.ENGAGED:
        if engagement_recorded_on is None:
            errors["engagement_recorded_on"] = "Enter the date the setting declined or stopped"
        if ofsted_informed_on is None:
            errors["ofsted_informed_on"] = (
                "Enter the date Ofsted was informed: a setting that declines support or does "
                "not engage is reported to Ofsted"
            )
    for name, day, what in (
        ("engagement_recorded_on", engagement_recorded_on, "The date"),
        ("ofsted_informed_on", ofsted_informed_on, "The date Ofsted was informed"),
    ):
        if day is not None and day > dates.today():
            errors.setdefault(name, f"{what} must be today or in the past")
    if (
        engagement_recorded_on
        and ofsted_informed_on
        and ofsted_informed_on < engagement_recorded_on
        and "ofsted_informed_on" not in errors
    ):
        errors["ofsted_informed_on"] = (
            "The date Ofsted was informed must be on or after the date the setting declined "
            "or stopped engaging"
        )
    if errors:
        raise ValidationError(errors)
    fields = {
        "engagement": engagement,
        "engagement_recorded_on": engagement_recorded_on,
        "engagement_notes": engagement_notes.strip(),
        "ofsted_informed_on": ofsted_informed_on,
    }
    if versioned_update(plan, version=version, fields=fields):
        _audit(
            by=by,
            verb="quality.plan_engagement",
            target=plan,
            plan=plan,
            engagement=engagement,
            ofsted_informed_on=ofsted_informed_on or "",
        )
    return plan


# --- Actions: the setting writes them, the advisor comments -----------------------------

ACTION_FIELDS = ("concern", "action", "who", "due_on", "evidence", "status")


def _completed_on(status: str, before: PlanAction | None) -> date | None:
    if status != PlanAction.Status.DONE:
        return None
    if before is not None and before.completed_on is not None:
        return before.completed_on
    return dates.today()


def _action_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields[name] for name in ACTION_FIELDS}
    for name in ("concern", "action", "who", "evidence"):
        values[name] = (values[name] or "").strip()
    return values


@transaction.atomic
def plan_action_add(
    *, plan: ActionPlan, by: User, submission_token: uuid.UUID | None = None, **fields: Any
) -> PlanAction:
    """Add an action to an open plan, numbered after the last; the advisors are told."""
    claim = claim_submission(token=submission_token, by=by)
    locked = _locked_open(plan)
    values = _action_values(fields)
    last = locked.actions.order_by("-number").values_list("number", flat=True).first() or 0
    action = PlanAction.objects.create(
        plan=locked,
        number=last + 1,
        completed_on=_completed_on(values["status"], None),
        updated_by=by,
        **values,
    )
    claim.saved(action)
    action.plan = plan
    _audit(by=by, verb="quality.action_added", target=action, plan=plan, number=action.number)
    _tell(SETTING_UPDATE)
    return action


@transaction.atomic
def plan_action_edit(
    *, plan_action: PlanAction, by: User, version: int, **fields: Any
) -> PlanAction:
    """Change an action of an open plan (completed on the day it is marked done)."""
    plan = plan_action.plan
    _locked_open(plan)
    values = _action_values(fields)
    saved = PlanAction.objects.filter(pk=plan_action.pk).first()
    values["completed_on"] = _completed_on(values["status"], saved)
    changed = versioned_update(plan_action, version=version, fields=values)
    if changed:
        PlanAction.objects.filter(pk=plan_action.pk).update(
            updated_at=timezone.now(), updated_by=by
        )
        _audit(
            by=by,
            verb="quality.action_changed",
            target=plan_action,
            plan=plan,
            number=plan_action.number,
            status=plan_action.status,
        )
        _tell(SETTING_UPDATE)
    return plan_action


@transaction.atomic
def plan_action_comment(
    *, plan_action: PlanAction, by: User, version: int, advisor_comment: str
) -> PlanAction:
    """Save the advisor's comment on one action; the setting's managers are told."""
    plan = plan_action.plan
    _locked_open(plan)
    if versioned_update(
        plan_action, version=version, fields={"advisor_comment": advisor_comment.strip()}
    ):
        _audit(
            by=by,
            verb="quality.action_commented",
            target=plan_action,
            plan=plan,
            number=plan_action.number,
        )
        _tell(ADVISOR_UPDATE)
    return plan_action


# --- The support package ----------------------------------------------------------------

SUPPORT_FIELDS = ("kind", "detail", "offered_on", "take_up", "take_up_notes")


def _support_values(plan: ActionPlan, fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields[name] for name in SUPPORT_FIELDS}
    values["detail"] = values["detail"].strip()
    values["take_up_notes"] = (values["take_up_notes"] or "").strip()
    _not_after_today("offered_on", values["offered_on"], "The date it was offered")
    if values["offered_on"] < plan.opened_on:
        raise ValidationError(
            {
                "offered_on": "The date it was offered must be on or after "
                f"{plan.opened_on:%-d %B %Y}, when the plan opened"
            }
        )
    if values["take_up"] in (SupportItem.TakeUp.PARTLY,) and not values["take_up_notes"]:
        raise ValidationError({"take_up_notes": "Enter what was taken up"})
    return values


@transaction.atomic
def support_add(
    *, plan: ActionPlan, by: User, submission_token: uuid.UUID | None = None, **fields: Any
) -> SupportItem:
    """Broker a part of the setting's support package; the setting's managers are told."""
    claim = claim_submission(token=submission_token, by=by)
    _locked_open(plan)
    values = _support_values(plan, fields)
    item = SupportItem.objects.create(plan=plan, brokered_by=by, **values)
    claim.saved(item)
    _audit(by=by, verb="quality.support_brokered", target=item, plan=plan, kind=item.kind)
    _tell(ADVISOR_UPDATE)
    return item


@transaction.atomic
def support_edit(*, item: SupportItem, by: User, version: int, **fields: Any) -> SupportItem:
    """Change a part of the support package, or record what was taken up."""
    plan = item.plan
    _locked_open(plan)
    values = _support_values(plan, fields)
    if versioned_update(item, version=version, fields=values):
        _audit(
            by=by,
            verb="quality.support_changed",
            target=item,
            plan=plan,
            kind=item.kind,
            take_up=item.take_up,
        )
        _tell(ADVISOR_UPDATE)
    return item
