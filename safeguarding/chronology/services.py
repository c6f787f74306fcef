"""Writes of the chronology: significant events entered by hand (audited, versioned)."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import CareSetting, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from safeguarding.models import ChronologyEntry


def _check(occurred_on: date) -> None:
    if occurred_on > dates.today():
        raise ValidationError(
            {"occurred_on": "The date of the event must be today or in the past"}
        )


@transaction.atomic
def entry_add(
    *,
    care_setting: CareSetting,
    child: Child,
    by: User,
    occurred_on: date,
    kind: str,
    title: str,
    detail: str = "",
    submission_token: uuid.UUID | None = None,
) -> ChronologyEntry:
    """Add a significant event to the child's chronology at the setting."""
    claim = claim_submission(token=submission_token, by=by)
    _check(occurred_on)
    entry = ChronologyEntry.objects.create(
        care_setting=care_setting,
        child=child,
        occurred_on=occurred_on,
        kind=kind,
        title=title,
        detail=detail,
        recorded_by=by,
    )
    claim.saved(entry)
    audit_record(
        actor=by,
        verb="safeguarding.entry_added",
        target=entry,
        subject=child,
        care_setting=care_setting,
        restricted_to=Action.VIEW_CONCERNS,
    )
    return entry


@transaction.atomic
def entry_edit(
    *,
    entry: ChronologyEntry,
    by: User,
    version: int,
    occurred_on: date,
    kind: str,
    title: str,
    detail: str = "",
) -> ChronologyEntry:
    """Change a significant event, unless someone else changed it since it was loaded."""
    _check(occurred_on)
    fields = {"occurred_on": occurred_on, "kind": kind, "title": title, "detail": detail}
    if versioned_update(entry, version=version, fields=fields):
        audit_record(
            actor=by,
            verb="safeguarding.entry_changed",
            target=entry,
            subject=entry.child,
            care_setting=entry.care_setting,
            restricted_to=Action.VIEW_CONCERNS,
        )
    return entry
