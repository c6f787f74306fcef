"""Writes of notes of visit: record, change, share with the setting, the setting's reflections.

Keyword-only, atomic, audited. A draft is the LA's own: its events need RECORD_VISIT to be
read, so the setting's trail shows nothing of it. Once shared, the notes may still be
corrected, but each change after sharing is on the setting's trail (which questions
changed, not their words) and on the notes' own page, so the setting can see that what it
read was changed. Sharing tells the setting's managers; reflections tell the advisor.
"""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CareSetting, User
from accounts.permissions import Action
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, versioned_update
from notifications.services import notify_now
from quality.models import Visit
from quality.plans.services import maintenance_contact_made
from quality.visits.reminders import VISIT_REFLECTED, VISIT_SHARED
from quality.visits.selectors import open_plan

# What the advisor writes: the form's questions, in order.
NOTE_FIELDS = (
    "visited_on",
    "kind",
    "met_with",
    "working_well",
    "worried_about",
    "needs_to_happen",
    "setting_scale",
    "advisor_scale",
)
NOT_SHARED_MESSAGE = "These notes have not been shared with the setting yet"


def check_visit(*, visited_on: date, **fields: Any) -> None:
    """Refuse a visit dated in the future: notes record a visit that took place."""
    if visited_on > dates.today():
        raise ValidationError({"visited_on": "The date of the visit must be today or in the past"})


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields.get(name) for name in NOTE_FIELDS}
    for name in ("met_with", "working_well", "worried_about", "needs_to_happen"):
        values[name] = (values[name] or "").strip()
    return values


def _audit(visit: Visit, *, by: User, verb: str, right: Action, **changes: Any) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=visit,
        care_setting=visit.care_setting,
        changes=changes or None,
        restricted_to=right,
    )


@transaction.atomic
def visit_record(
    *,
    care_setting: CareSetting,
    by: User,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> Visit:
    """Record the notes of a visit, as a draft, linked to the setting's open action plan.

    A maintenance visit records the maintenance contact of a closed plan that is due one.
    """
    claim = claim_submission(token=submission_token, by=by)
    values = _values(fields)
    check_visit(**values)
    visit = Visit.objects.create(
        care_setting=care_setting, plan=open_plan(care_setting), advisor=by, **values
    )
    claim.saved(visit)
    _audit(visit, by=by, verb="quality.visit_recorded", right=Action.RECORD_VISIT)
    if visit.kind == Visit.Kind.MAINTENANCE:
        # The contact due after a plan closed on a Good inspection is made.
        maintenance_contact_made(care_setting=care_setting, on=visit.visited_on, actor=by)
    return visit


@transaction.atomic
def visit_change(*, visit: Visit, by: User, version: int, **fields: Any) -> Visit:
    """Change the notes; once shared, the change is on the setting's trail."""
    values = _values(fields)
    check_visit(**values)
    before = {name: getattr(visit, name) for name in NOTE_FIELDS}
    if versioned_update(visit, version=version, fields=values):
        changed = {
            str(Visit._meta.get_field(name).verbose_name): "changed"
            for name in NOTE_FIELDS
            if before[name] != values[name]
        }
        if visit.shared_at is None:
            _audit(visit, by=by, verb="quality.visit_changed", right=Action.RECORD_VISIT)
        else:
            _audit(
                visit,
                by=by,
                verb="quality.visit_changed_after_sharing",
                right=Action.VIEW_QUALITY,
                **changed,
            )
    return visit


@transaction.atomic
def visit_share(*, visit: Visit, by: User, version: int) -> bool:
    """Share the notes with the setting and tell its managers; False if already shared.

    The notes shared are those the advisor had in front of them (``version``): if someone
    changed them meanwhile, StaleRecord.
    """
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.shared_at is not None:
        visit.shared_at, visit.shared_by_id = locked.shared_at, locked.shared_by_id
        return False
    if locked.version != version:
        raise StaleRecord
    versioned_update(visit, version=version, fields={"shared_at": timezone.now(), "shared_by": by})
    _audit(visit, by=by, verb="quality.visit_shared", right=Action.VIEW_QUALITY)
    notify_now(kind=VISIT_SHARED, today=dates.today(), children=None)
    return True


@transaction.atomic
def visit_reflect(*, visit: Visit, by: User, version: int, reflections: str) -> Visit:
    """Write the setting's reflections on shared notes, and tell the advisor."""
    if visit.shared_at is None:
        raise ValidationError(NOT_SHARED_MESSAGE)
    text = (reflections or "").strip()
    if versioned_update(visit, version=version, fields={"reflections": text}):
        now = timezone.now()
        Visit.objects.filter(pk=visit.pk).update(reflections_by=by, reflections_at=now)
        visit.reflections_by, visit.reflections_at = by, now
        _audit(visit, by=by, verb="quality.visit_reflected", right=Action.VIEW_QUALITY)
        if text:
            notify_now(kind=VISIT_REFLECTED, today=dates.today(), children=None)
    return visit
