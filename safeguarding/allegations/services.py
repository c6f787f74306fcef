"""Writes of allegations against staff: atomic, audited on the allegation's own trail.

Every event names ``ALLEGATION_TRAIL`` (shown only on the allegation's page) and the
allegation by its reference ("Allegation A-0001"), never the member of staff's name; its
changes name what was changed, never what the allegation says.
"""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import CareSetting, User
from accounts.permissions import ALLEGATION_TRAIL
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from safeguarding.models import Allegation

NOT_ABOUT_YOURSELF = (
    "You cannot record an allegation about yourself: tell the DSL or another manager, "
    "or the LADO directly if there is no one else"
)


def _audit(*, by: User, verb: str, allegation: Allegation, changes: dict[str, Any]) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=allegation,
        care_setting=allegation.care_setting,
        changes=changes,
        restricted_to=ALLEGATION_TRAIL,
    )


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


@transaction.atomic
def allegation_record(
    *,
    care_setting: CareSetting,
    by: User,
    staff_member: User,
    received_on: date,
    made_by: str,
    summary: str,
    serious_harm: bool,
    immediate_actions: str,
    submission_token: uuid.UUID | None = None,
) -> Allegation:
    """Record an allegation against a member of staff; once per form render."""
    claim = claim_submission(token=submission_token, by=by)
    if staff_member.pk == by.pk:
        raise ValidationError({"staff_member": NOT_ABOUT_YOURSELF})
    if received_on > dates.today():
        raise ValidationError(
            {"received_on": "The date the allegation was made must be today or in the past"}
        )
    allegation = Allegation.objects.create(
        care_setting=care_setting,
        staff_member=staff_member,
        received_on=received_on,
        made_by=made_by,
        summary=summary,
        serious_harm=serious_harm,
        immediate_actions=immediate_actions,
        recorded_by=by,
    )
    claim.saved(allegation)
    _audit(
        by=by,
        verb="allegation.recorded",
        allegation=allegation,
        changes={
            "date made": _shown(received_on),
            "serious harm": "Yes" if serious_harm else "No",
        },
    )
    return allegation


# (field, what the messages call it) of the dates an allegation's progress records.
DATES = (
    ("lado_referred_on", "The date referred to the LADO"),
    ("ofsted_notified_on", "The date Ofsted was notified"),
    ("result_on", "The date of the outcome"),
)
TEXTS = ("lado_advice", "result_notes")


def _check_progress(allegation: Allegation, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    made = allegation.received_on
    for name, what in DATES:
        day = values[name]
        if day is None:
            continue
        if day < made:
            errors[name] = (
                f"{what} must be the same as or after the date the allegation was made "
                f"({_shown(made)})"
            )
        elif day > dates.today():
            errors[name] = f"{what} must be today or in the past"
    if values["result"] and values["result_on"] is None and "result_on" not in errors:
        errors["result_on"] = "Enter the date of the outcome"
    if values["result_on"] is not None and not values["result"]:
        errors["result"] = "Select the outcome, or leave the date of the outcome empty"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def allegation_change(
    *,
    allegation: Allegation,
    by: User,
    version: int,
    lado_referred_on: date | None,
    lado_reference: str,
    lado_advice: str,
    ofsted_notified_on: date | None,
    ofsted_reference: str,
    result: str,
    result_on: date | None,
    result_notes: str,
) -> Allegation:
    """Record the LADO's referral, Ofsted's notification and the outcome (StaleRecord)."""
    values = {
        "lado_referred_on": lado_referred_on,
        "lado_reference": lado_reference,
        "lado_advice": lado_advice,
        "ofsted_notified_on": ofsted_notified_on,
        "ofsted_reference": ofsted_reference,
        "result": result,
        "result_on": result_on,
        "result_notes": result_notes,
    }
    _check_progress(allegation, values)
    before = {name: getattr(allegation, name) for name in values}
    if versioned_update(allegation, version=version, fields=values):
        changes: dict[str, Any] = {}
        for name, value in values.items():
            if before[name] == value:
                continue
            label = str(Allegation._meta.get_field(name).verbose_name)
            if name in TEXTS:
                changes[label] = "changed"
            elif name == "result":
                changes[label] = [
                    Allegation.Result(before[name]).label if before[name] else "",
                    Allegation.Result(value).label if value else "",
                ]
            else:
                changes[label] = [_shown(before[name]), _shown(value)]
        _audit(by=by, verb="allegation.changed", allegation=allegation, changes=changes)
    return allegation
