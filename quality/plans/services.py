"""Writes to a setting's action plan and support package."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import OfstedInspection, User
from accounts.permissions import Action
from common.audit import audit_record
from common.dates import add_working_days
from quality.models import ActionPlan


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
