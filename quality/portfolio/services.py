"""Writes of the setting's Ofsted history and support.

Recording an inspection, or correcting one, is followed by the setting's action plan
(``plans_follow_inspection``): below Good opens a plan when none is open; Good or better,
after the inspection that opened the plan, closes it.

An inspection is not a versioned record. A correction is guarded by when it was last
recorded (``recorded_at``): the form carries the moment it was rendered at, and the row is
written only if it still holds it, so two people correcting it at once never overwrite each
other unseen (``StaleRecord``). Each correction is audited with what it changed.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CareSetting, OfstedInspection, User
from accounts.permissions import Action
from common.audit import audit_record, changed_fields
from common.submissions import claim_submission
from common.versioning import StaleRecord, holds, versioned_update
from quality.models import ActionPlan, SettingSupport
from quality.plans.services import plans_follow_inspection

INSPECTION_FIELDS = ("inspected_on", "scheme", "overall_grade", "safeguarding_met", "area_grades")
SUPPORT_FIELDS = (
    "sufficiency_officer",
    "area_senco_name",
    "area_senco_email",
    "next_inspection_expected",
)


@dataclass(frozen=True)
class Recorded:
    """An inspection as saved, and what happened to the setting's action plan."""

    inspection: OfstedInspection
    plan: ActionPlan | None

    @property
    def plan_opened(self) -> bool:
        return self.plan is not None and self.plan.status == ActionPlan.Status.OPEN

    @property
    def plan_closed(self) -> bool:
        return self.plan is not None and self.plan.status == ActionPlan.Status.CLOSED

    @property
    def message(self) -> str:
        when = f"{self.inspection.inspected_on:%-d %B %Y}"
        if self.plan_opened:
            return (
                f"The inspection of {when} has been recorded. It is below Good: an action plan "
                f"has been opened, and the setting is to be contacted by "
                f"{self.plan.contact_due_by:%-d %B %Y}."
            )
        if self.plan_closed:
            return (
                f"The inspection of {when} has been recorded. It is Good or better: the action "
                f"plan has been closed, and a maintenance contact is due by "
                f"{self.plan.maintenance_contact_due:%-d %B %Y}."
            )
        return f"The inspection of {when} has been recorded. The action plan is unchanged."


def _check_date_free(care_setting: CareSetting, inspected_on: date, *, but: int | None) -> None:
    taken = OfstedInspection.objects.filter(care_setting=care_setting, inspected_on=inspected_on)
    if but is not None:
        taken = taken.exclude(pk=but)
    if taken.exists():
        raise ValidationError(
            {"inspected_on": "An inspection on this date is already recorded for the setting"}
        )


def _values(inspection: OfstedInspection) -> dict[str, Any]:
    return {name: getattr(inspection, name) for name in INSPECTION_FIELDS}


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


@transaction.atomic
def inspection_add(
    *,
    care_setting: CareSetting,
    by: User,
    submission_token: uuid.UUID | None = None,
    inspected_on: date,
    scheme: str,
    overall_grade: str,
    safeguarding_met: bool | None,
    area_grades: dict[str, str],
) -> Recorded:
    """Record an inspection of the setting, once however often the form is sent."""
    claim = claim_submission(token=submission_token, by=by)
    _check_date_free(care_setting, inspected_on, but=None)
    inspection = OfstedInspection.objects.create(
        care_setting=care_setting,
        inspected_on=inspected_on,
        scheme=scheme,
        overall_grade=overall_grade,
        safeguarding_met=safeguarding_met,
        area_grades=area_grades,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    claim.saved(inspection)
    audit_record(
        actor=by,
        verb="quality.inspection_recorded",
        target=inspection,
        care_setting=care_setting,
        changes=_audited(_values(inspection)),
        restricted_to=Action.VIEW_QUALITY,
    )
    return Recorded(inspection, plans_follow_inspection(inspection, actor=by))


@transaction.atomic
def inspection_correct(
    *,
    inspection: OfstedInspection,
    by: User,
    recorded: datetime | None,
    inspected_on: date,
    scheme: str,
    overall_grade: str,
    safeguarding_met: bool | None,
    area_grades: dict[str, str],
) -> Recorded:
    """Correct an inspection recorded before, if no one has recorded it again since.

    ``recorded`` is the inspection's ``recorded_at`` when the form was rendered. The same
    correction sent twice writes once.
    """
    values = {
        "inspected_on": inspected_on,
        "scheme": scheme,
        "overall_grade": overall_grade,
        "safeguarding_met": safeguarding_met,
        "area_grades": area_grades,
    }
    saved = OfstedInspection.objects.select_for_update().get(pk=inspection.pk)
    if saved.recorded_at != recorded:
        if holds(saved, values):
            return Recorded(saved, None)
        raise StaleRecord
    if holds(saved, values):
        return Recorded(saved, None)
    _check_date_free(saved.care_setting, inspected_on, but=saved.pk)
    before = _values(saved)
    for name, value in values.items():
        setattr(saved, name, value)
    saved.recorded_by = by
    saved.recorded_at = timezone.now()
    saved.save()
    audit_record(
        actor=by,
        verb="quality.inspection_corrected",
        target=saved,
        care_setting=saved.care_setting,
        changes=changed_fields(_audited(before), _audited(values)),
        restricted_to=Action.VIEW_QUALITY,
    )
    return Recorded(saved, plans_follow_inspection(saved, actor=by))


@transaction.atomic
def support_save(
    *,
    care_setting: CareSetting,
    by: User,
    version: int,
    sufficiency_officer: User | None,
    area_senco_name: str,
    area_senco_email: str,
    next_inspection_expected: date | None,
) -> SettingSupport:
    """Save who supports the setting: made on the first save, version-checked after."""
    fields = {
        "sufficiency_officer": sufficiency_officer,
        "area_senco_name": area_senco_name.strip(),
        "area_senco_email": area_senco_email.strip(),
        "next_inspection_expected": next_inspection_expected,
    }
    support = SettingSupport.objects.filter(care_setting=care_setting).first()
    if support is None:
        if version != 0:
            raise StaleRecord
        support, created = SettingSupport.objects.get_or_create(
            care_setting=care_setting, defaults={**fields, "updated_at": timezone.now()}
        )
        if not created:  # made at the same moment by someone else
            if holds(support, fields):
                return support
            raise StaleRecord
        before: dict[str, Any] = {}
    else:
        before = _support_values(support)
        if not versioned_update(support, version=version, fields=fields):
            return support
        support.updated_at = timezone.now()
        SettingSupport.objects.filter(pk=support.pk).update(updated_at=support.updated_at)
    audit_record(
        actor=by,
        verb="quality.support_changed",
        target=support,
        care_setting=care_setting,
        changes=changed_fields(before, _support_values(support)),
        restricted_to=Action.VIEW_QUALITY,
    )
    return support


def _support_values(support: SettingSupport) -> dict[str, Any]:
    return {
        "sufficiency_officer": (
            str(support.sufficiency_officer) if support.sufficiency_officer else ""
        ),
        "area_senco_name": support.area_senco_name,
        "area_senco_email": support.area_senco_email,
        "next_inspection_expected": (
            support.next_inspection_expected.isoformat()
            if support.next_inspection_expected
            else ""
        ),
    }
