"""Writes of agency working: keyword-only, atomic, audited for readers of the log.

A visitor is signed in with the member of staff who supervises them (never unsupervised)
and signed out when they leave; information shared either way is recorded with its lawful
basis and consent, or the reason it was shared without consent. What another agency
shared with us is third-party information: not shared onward without their agreement.
"""

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CareSetting, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from safeguarding.agency.forms import LONDON, at
from safeguarding.models import AgencyVisit, InformationShare

# A time in a few minutes ahead of the server's clock is a clock difference, not the future.
CLOCK_SLACK = timedelta(minutes=5)


def _audit(*, by: User, verb: str, record: Any, changes: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=record,
        subject=record.child,
        care_setting=record.care_setting,
        changes=changes or {},
        restricted_to=Action.VIEW_CONCERNS,
    )


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value.astimezone(LONDON):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


# --- Visits ---------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    care_setting: CareSetting,
    by: User,
    child: Child,
    visitor_name: str,
    agency: str,
    visitor_role: str,
    identity_checked: bool,
    purpose: str,
    arrived_on: date,
    arrived_time: time,
    supervised_by: User,
    submission_token: uuid.UUID | None = None,
) -> AgencyVisit:
    """Sign a visitor in, supervised by a member of staff; once per form render."""
    claim = claim_submission(token=submission_token, by=by)
    arrived_at = at(arrived_on, arrived_time)
    if arrived_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"arrived_time": "Time in must be now or in the past"})
    visit = AgencyVisit.objects.create(
        care_setting=care_setting,
        child=child,
        visitor_name=visitor_name,
        agency=agency,
        visitor_role=visitor_role,
        identity_checked=identity_checked,
        purpose=purpose,
        arrived_at=arrived_at,
        supervised_by=supervised_by,
        recorded_by=by,
    )
    claim.saved(visit)
    _audit(
        by=by,
        verb="visit.recorded",
        record=visit,
        changes={"agency": agency, "time in": _shown(arrived_at)},
    )
    return visit


def _check_left(visit: AgencyVisit, left_at: datetime | None) -> None:
    if left_at is None:
        return
    if left_at < visit.arrived_at:
        arrived = visit.arrived_at.astimezone(LONDON)
        raise ValidationError(
            {
                "left_time": f"Time out must be the same as or after time in "
                f"({arrived:%H:%M} on {arrived:%-d %B %Y})"
            }
        )
    if left_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"left_time": "Time out must be now or in the past"})


@transaction.atomic
def visit_change(
    *, visit: AgencyVisit, by: User, version: int, left_at: datetime | None, notes: str
) -> AgencyVisit:
    """Record when the visitor left and notes of the visit (StaleRecord if changed since)."""
    _check_left(visit, left_at)
    values = {"left_at": left_at, "notes": notes}
    before = {name: getattr(visit, name) for name in values}
    if versioned_update(visit, version=version, fields=values):
        _audit(
            by=by,
            verb="visit.changed",
            record=visit,
            changes={
                name: [_shown(before[name]), _shown(value)]
                for name, value in values.items()
                if before[name] != value and name != "notes"
            }
            | ({"notes": "changed"} if before["notes"] != notes else {}),
        )
    return visit


@transaction.atomic
def visit_sign_out(*, visit: AgencyVisit, by: User, version: int) -> bool:
    """Sign the visitor out now; return False if they were signed out already."""
    if visit.left_at is not None:
        return False
    now = timezone.now()
    left_at = max(now, visit.arrived_at)
    written = versioned_update(visit, version=version, fields={"left_at": left_at})
    if written:
        _audit(
            by=by,
            verb="visit.signed_out",
            record=visit,
            changes={"time out": _shown(left_at)},
        )
    return written


# --- Information sharing ----------------------------------------------------------------


def _check_share(*, direction: str, shared_on: date, consent: str, override_reason: str) -> None:
    if shared_on > dates.today():
        raise ValidationError({"shared_on": "The date shared must be today or in the past"})
    if (
        direction == InformationShare.Direction.SHARED
        and consent != InformationShare.Consent.GIVEN
        and not override_reason.strip()
    ):
        raise ValidationError({"override_reason": "Enter why it was shared without consent"})


def _share_values(fields: dict[str, Any]) -> dict[str, Any]:
    names = (
        "direction",
        "shared_on",
        "agency",
        "person",
        "what",
        "lawful_basis",
        "consent",
        "override_reason",
        "onward_consent",
    )
    return {name: fields[name] for name in names}


@transaction.atomic
def share_record(
    *,
    care_setting: CareSetting,
    child: Child,
    by: User,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> InformationShare:
    """Record information shared about the child, either way; once per form render."""
    claim = claim_submission(token=submission_token, by=by)
    values = _share_values(fields)
    _check_share(**{name: values[name] for name in _CHECKED})
    share = InformationShare.objects.create(
        care_setting=care_setting, child=child, recorded_by=by, **values
    )
    claim.saved(share)
    _audit(
        by=by,
        verb="share.recorded",
        record=share,
        changes={
            "direction": share.get_direction_display(),
            "agency": share.agency,
            "date": _shown(share.shared_on),
        },
    )
    return share


_CHECKED = ("direction", "shared_on", "consent", "override_reason")


@transaction.atomic
def share_change(
    *, share: InformationShare, by: User, version: int, **fields: Any
) -> InformationShare:
    """Change an information sharing record (StaleRecord if changed since ``version``)."""
    values = _share_values(fields)
    _check_share(**{name: values[name] for name in _CHECKED})
    before = {name: getattr(share, name) for name in values}
    if versioned_update(share, version=version, fields=values):
        _audit(
            by=by,
            verb="share.changed",
            record=share,
            changes={name: "changed" for name, value in values.items() if before[name] != value},
        )
    return share
