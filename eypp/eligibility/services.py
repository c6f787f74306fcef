"""Writes of EYPP grounds and DAF awards, and the child's award kept in step with them.

Every write is audited (readable by those who may see EYPP records) and recomputes the
child's award (``Child.eypp_basis``): the one basis that funds the child today
(``rules.award_basis``), or none when the age and entitlement rules refuse EYPP today.
Only this module writes that field; ``awards_refresh`` is safe to run every day, as ages
and grounds move on.

A looked-after ground is never typed: it follows the child record (``looked_after_opened``
and ``looked_after_closed`` listen to ``children.lifecycle``).
"""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import CareSetting, User
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import versioned_update
from eypp import rules
from eypp.eligibility.selectors import grounds_of
from eypp.funding.selectors import funding_year_for
from eypp.models import Basis, DafAward, Eligibility

RESTRICTED = "view_eypp"
LEFT_CARE_REASON = "The child's record no longer says looked after"
OPEN_GROUND_MESSAGE = (
    "{child} already has an open ground on this basis: change or end that one instead"
)


def default_hours(child: Child) -> Decimal:
    """Return the funded hours a week a new ground claims: 30 on 30 hours, else 15."""
    if child.funded_entitlement == rules.WORKING_30:
        return Decimal("30.0")
    return Decimal("15.0")


def _audit(*, by: User | None, verb: str, child: Child, target: Any, changes: dict) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=target,
        subject=child,
        care_setting=child.care_setting,
        local_authority=child.care_setting.local_authority,
        changes=changes,
        restricted_to=RESTRICTED,
    )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Return the values as the audit trail keeps them (text)."""
    shown = {}
    for name, value in values.items():
        if isinstance(value, User):
            value = value.full_name or value.email
        shown[name] = "" if value is None else str(value)
    return shown


# --- The award ------------------------------------------------------------------------


def award_for(child: Child, grounds: list[rules.Ground], *, on: date) -> str:
    """Return the basis funding the child on the day: the grounds' award, if ages allow."""
    if rules.age_refusal(child.date_of_birth, child.funded_entitlement, on=on):
        return ""
    return rules.award_basis(grounds, on=on)


def award_refresh(child: Child) -> str:
    """Recompute and store the child's award from their grounds (two queries); return it."""
    award = award_for(child, grounds_of(child), on=dates.today())
    if award != child.eypp_basis:
        # Not an edit of the record by anyone: the child's version is left alone.
        Child.objects.filter(pk=child.pk).update(eypp_basis=award)
        child.eypp_basis = award
    return award


@transaction.atomic
def awards_refresh(*, today: date) -> int:
    """Recompute every child's award as of the day; return how many changed.

    Set-based, safe to run every day: the children with a ground or an award (one query),
    their grounds (one), then one update per basis that changed.
    """
    grounds: dict[int, list[rules.Ground]] = {}
    for child_id, basis, since, until in Eligibility.objects.values_list(
        "child_id", "basis", "eligible_from", "eligible_to"
    ):
        grounds.setdefault(child_id, []).append(rules.Ground(basis, since, until))
    children = Child.objects.filter(
        Q(pk__in=Eligibility.objects.values("child_id")) | ~Q(eypp_basis="")
    )
    changes: dict[str, list[int]] = {}
    for child in children.only("pk", "date_of_birth", "funded_entitlement", "eypp_basis"):
        award = award_for(child, grounds.get(child.pk, []), on=today)
        if award != child.eypp_basis:
            changes.setdefault(award, []).append(child.pk)
    for award, ids in changes.items():
        Child.objects.filter(pk__in=ids).update(eypp_basis=award)
    return sum(len(ids) for ids in changes.values())


# --- Grounds recorded by the setting --------------------------------------------------


def _check_ground(
    *,
    child: Child,
    basis: str,
    eligible_from: date,
    eligible_to: date | None,
    evidence_seen_on: date | None,
    ground: Eligibility | None = None,
) -> None:
    """Raise a ValidationError naming each field that breaks the rules of a ground."""
    errors: dict[str, str] = {}
    if basis == Basis.LOOKED_AFTER and (ground is None or ground.basis != basis):
        errors["basis"] = (
            "A looked-after ground follows the child's record: change the child's record "
            "to say they are looked after"
        )
    if child.funded_entitlement in ("", rules.NOT_FUNDED):
        errors["basis"] = (
            "EYPP is paid only with a funded entitlement: record the child's funded hours "
            "on their record first"
        )
    else:
        refusal = rules.age_refusal(
            child.date_of_birth, child.funded_entitlement, on=eligible_from
        )
        if refusal:
            errors["eligible_from"] = f"EYPP is not paid {refusal} on the date eligible from"
    if eligible_to is not None and eligible_to < eligible_from:
        errors["eligible_to"] = "The date eligible to must be the same as or after the date from"
    if evidence_seen_on is not None and evidence_seen_on > dates.today():
        errors["evidence_seen_on"] = "The date the evidence was seen must be today or in the past"
    if "basis" not in errors and eligible_to is None:
        open_ones = Eligibility.objects.filter(child=child, basis=basis, eligible_to=None)
        if ground is not None:
            open_ones = open_ones.exclude(pk=ground.pk)
        if open_ones.exists():
            errors["basis"] = OPEN_GROUND_MESSAGE.format(child=child.known_as)
    if errors:
        raise ValidationError(errors)


def _open_ground_clash(child: Child) -> ValidationError:
    return ValidationError({"basis": OPEN_GROUND_MESSAGE.format(child=child.known_as)})


@transaction.atomic
def ground_add(
    *,
    child: Child,
    by: User,
    basis: str,
    evidence: str,
    evidence_seen_by: User | None,
    evidence_seen_on: date | None,
    eligible_from: date,
    eligible_to: date | None,
    hours_per_week: Decimal,
    submission_token: uuid.UUID | None = None,
) -> Eligibility:
    """Record a ground with the evidence seen; ValidationError if the rules refuse it."""
    claim = claim_submission(token=submission_token, by=by)
    _check_ground(
        child=child,
        basis=basis,
        eligible_from=eligible_from,
        eligible_to=eligible_to,
        evidence_seen_on=evidence_seen_on,
    )
    values = {
        "basis": basis,
        "evidence": evidence,
        "evidence_seen_by": evidence_seen_by,
        "evidence_seen_on": evidence_seen_on,
        "eligible_from": eligible_from,
        "eligible_to": eligible_to,
        "hours_per_week": hours_per_week,
    }
    try:
        with transaction.atomic():
            ground = Eligibility.objects.create(
                child=child, source=Eligibility.Source.RECORDED, recorded_by=by, **values
            )
    except IntegrityError:
        raise _open_ground_clash(child) from None
    claim.saved(ground)
    _audit(by=by, verb="eypp.ground_added", child=child, target=ground, changes=_plain(values))
    award_refresh(child)
    return ground


@transaction.atomic
def ground_change(
    *,
    ground: Eligibility,
    by: User,
    version: int,
    basis: str,
    evidence: str,
    evidence_seen_by: User | None,
    evidence_seen_on: date | None,
    eligible_from: date,
    eligible_to: date | None,
    hours_per_week: Decimal,
) -> Eligibility:
    """Change a ground, unless someone saved it since ``version`` (StaleRecord).

    A ground that follows the child's record keeps its basis and dates: only the evidence
    and the hours claimed may be changed on it.
    """
    child = ground.child
    if ground.source == Eligibility.Source.CHILD_RECORD:
        # The record is the fact: only the evidence's date is checked.
        basis, eligible_from = ground.basis, ground.eligible_from
        eligible_to = ground.eligible_to
        if evidence_seen_on is not None and evidence_seen_on > dates.today():
            raise ValidationError(
                {"evidence_seen_on": "The date the evidence was seen must be today or in the past"}
            )
    else:
        _check_ground(
            child=child,
            basis=basis,
            eligible_from=eligible_from,
            eligible_to=eligible_to,
            evidence_seen_on=evidence_seen_on,
            ground=ground,
        )
    values = {
        "basis": basis,
        "evidence": evidence,
        "evidence_seen_by": evidence_seen_by,
        "evidence_seen_on": evidence_seen_on,
        "eligible_from": eligible_from,
        "eligible_to": eligible_to,
        "hours_per_week": hours_per_week,
    }
    before = {name: getattr(ground, name) for name in values}
    try:
        with transaction.atomic():
            written = versioned_update(ground, version=version, fields=values)
    except IntegrityError:
        raise _open_ground_clash(child) from None
    if written:
        changes = {
            name: [_plain({name: before[name]})[name], _plain({name: value})[name]]
            for name, value in values.items()
            if before[name] != value
        }
        _audit(by=by, verb="eypp.ground_changed", child=child, target=ground, changes=changes)
        award_refresh(child)
    return ground


@transaction.atomic
def ground_end(
    *, ground: Eligibility, by: User, version: int, eligible_to: date, reason: str
) -> Eligibility:
    """End a ground on the day with the reason (StaleRecord if changed since ``version``)."""
    child = ground.child
    if eligible_to < ground.eligible_from:
        raise ValidationError(
            {"eligible_to": "The last day eligible must be the same as or after the date from"}
        )
    if ground.source == Eligibility.Source.CHILD_RECORD and ground.eligible_to is None:
        raise ValidationError(
            "This ground follows the child's record: it ends when the record no longer says "
            "the child is looked after"
        )
    values = {"eligible_to": eligible_to, "ended_reason": reason}
    if versioned_update(ground, version=version, fields=values):
        _audit(by=by, verb="eypp.ground_ended", child=child, target=ground, changes=_plain(values))
        award_refresh(child)
    return ground


# --- Grounds that follow the child's record -------------------------------------------


def _locked(child: Child) -> Child:
    return (
        Child.objects.select_for_update()
        .select_related("care_setting__local_authority")
        .get(pk=child.pk)
    )


@transaction.atomic
def looked_after_opened(*, child: Child, by: User | None, **_hook: Any) -> Eligibility | None:
    """Open the looked-after ground of a child the record now says is looked after.

    Listens to ``on_entered_care`` and ``on_joined`` (both fire when a child joins already
    looked after: the second finds the ground open and changes nothing). The ground starts
    the day the child entered care (today if the record does not say) and claims the
    child's usual funded hours; the age and entitlement rules are applied when funding is
    worked out, not here: the record is the fact.
    """
    child = _locked(child)
    if not child.is_looked_after:
        return None
    if Eligibility.objects.filter(
        child=child, basis=Basis.LOOKED_AFTER, eligible_to=None
    ).exists():
        return None
    ground = Eligibility.objects.create(
        child=child,
        basis=Basis.LOOKED_AFTER,
        eligible_from=child.entered_care_on or dates.today(),
        hours_per_week=default_hours(child),
        source=Eligibility.Source.CHILD_RECORD,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _audit(
        by=by,
        verb="eypp.ground_followed",
        child=child,
        target=ground,
        changes={"eligible_from": ground.eligible_from.isoformat()},
    )
    award_refresh(child)
    return ground


@transaction.atomic
def looked_after_closed(*, child: Child, by: User | None, **_hook: Any) -> Eligibility | None:
    """End the open looked-after ground of a child who is no longer looked after (today).

    Listens to ``on_left_care``. A child now previously looked after may be eligible on
    leaving care: the child's EYPP page asks the setting to record that ground with the
    order seen (nothing is assumed here).
    """
    child = _locked(child)
    ground = Eligibility.objects.filter(
        child=child, basis=Basis.LOOKED_AFTER, eligible_to=None
    ).first()
    if ground is None:
        return None
    ends = max(dates.today(), ground.eligible_from)
    Eligibility.objects.filter(pk=ground.pk).update(
        eligible_to=ends, ended_reason=LEFT_CARE_REASON, version=ground.version + 1
    )
    ground.refresh_from_db()
    _audit(
        by=by,
        verb="eypp.ground_ended",
        child=child,
        target=ground,
        changes={"eligible_to": ends.isoformat(), "ended_reason": LEFT_CARE_REASON},
    )
    award_refresh(child)
    return ground


# --- The Disability Access Fund -------------------------------------------------------


def _daf_checks(*, child: Child, starts_in: int, evidence_seen_on: date) -> tuple[Decimal, bool]:
    """Return the year's DAF amount and whether it is confirmed; ValidationError if refused."""
    errors: dict[str, str] = {}
    year = rules.financial_year_label(starts_in)
    if child.funded_entitlement in ("", rules.NOT_FUNDED):
        errors["starts_in"] = (
            "The Disability Access Fund is paid only with funded hours: record the child's "
            "funded entitlement on their record first"
        )
    elif rules.reception_starts(child.date_of_birth) <= max(
        dates.today(), rules.financial_year_bounds(starts_in)[0]
    ):
        errors["starts_in"] = (
            f"The Disability Access Fund is not paid for a child in reception in {year}"
        )
    if evidence_seen_on > dates.today():
        errors["evidence_seen_on"] = "The date the evidence was seen must be today or in the past"
    rates = funding_year_for(child.care_setting.local_authority_id, starts_in)
    if "starts_in" not in errors and (rates is None or rates.daf_amount is None):
        errors["starts_in"] = (
            f"There is no Disability Access Fund amount for {year}: ask the local authority "
            "to add the year's rates"
        )
    if errors:
        raise ValidationError(errors)
    assert rates is not None and rates.daf_amount is not None
    return rates.daf_amount, rates.daf_confirmed


def _daf_taken(child: Child, starts_in: int) -> ValidationError:
    return ValidationError(
        {
            "starts_in": f"{child.known_as} already has the Disability Access Fund for "
            f"{rules.financial_year_label(starts_in)}: it is paid to one setting once a year"
        }
    )


@transaction.atomic
def daf_add(
    *,
    child: Child,
    care_setting: CareSetting,
    by: User,
    starts_in: int,
    evidence: str,
    evidence_seen_by: User | None,
    evidence_seen_on: date,
    submission_token: uuid.UUID | None = None,
    **_confirmed: Any,
) -> DafAward:
    """Record the DAF for the year at the setting the family chose, at the year's amount."""
    claim = claim_submission(token=submission_token, by=by)
    amount, confirmed = _daf_checks(
        child=child, starts_in=starts_in, evidence_seen_on=evidence_seen_on
    )
    if DafAward.objects.filter(child=child, starts_in=starts_in).exists():
        raise _daf_taken(child, starts_in)
    try:
        with transaction.atomic():
            award = DafAward.objects.create(
                child=child,
                starts_in=starts_in,
                care_setting=care_setting,
                evidence=evidence,
                evidence_seen_by=evidence_seen_by,
                evidence_seen_on=evidence_seen_on,
                amount=amount,
                amount_confirmed=confirmed,
                recorded_by=by,
            )
    except IntegrityError:
        raise _daf_taken(child, starts_in) from None
    claim.saved(award)
    _audit(
        by=by,
        verb="eypp.daf_added",
        child=child,
        target=award,
        changes=_plain({"year": rules.financial_year_label(starts_in), "amount": amount}),
    )
    return award


@transaction.atomic
def daf_change(
    *,
    award: DafAward,
    by: User,
    version: int,
    starts_in: int,
    evidence: str,
    evidence_seen_by: User | None,
    evidence_seen_on: date,
    **_confirmed: Any,
) -> DafAward:
    """Change a DAF award (its amount follows the year's rates); StaleRecord if changed."""
    child = award.child
    amount, confirmed = _daf_checks(
        child=child, starts_in=starts_in, evidence_seen_on=evidence_seen_on
    )
    if (
        starts_in != award.starts_in
        and DafAward.objects.filter(child=child, starts_in=starts_in).exists()
    ):
        raise _daf_taken(child, starts_in)
    values = {
        "starts_in": starts_in,
        "evidence": evidence,
        "evidence_seen_by": evidence_seen_by,
        "evidence_seen_on": evidence_seen_on,
        "amount": amount,
        "amount_confirmed": confirmed,
    }
    try:
        with transaction.atomic():
            written = versioned_update(award, version=version, fields=values)
    except IntegrityError:
        raise _daf_taken(child, starts_in) from None
    if written:
        _audit(by=by, verb="eypp.daf_changed", child=child, target=award, changes=_plain(values))
    return award
