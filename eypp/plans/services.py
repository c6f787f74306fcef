"""Writes of EYPP action plans: starting one, its lines, and its way through review.

draft → submitted → approved, or returned (with a mandatory reason) → changed → submitted
again → approved. An approved plan is locked (``checksum`` of its content); a change is a
new version (``plan_revise``: the reason, the lines copied, the allocation carried) which
supersedes it once approved, the approved one staying in force until then.

Every write is one transaction that locks the plan's row, refuses what its status does not
allow (``PlanLocked`` or a ValidationError: nothing written), checks the version the writer
read (``StaleRecord``), raises the plan's version (a line's change counts as the plan's)
and is audited. The forms that create a row claim their submission token first, so the
same form sent twice saves once. Notifications are written in the transaction and e-mailed
once it commits (``notify_now``).
"""

import hashlib
import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, versioned_update
from eypp import rules
from eypp.eligibility.selectors import expected_for_period
from eypp.models import MAX_LINE_COST, ActionPlan, Eligibility, PlanLine
from eypp.plans.reminders import PLAN_RETURNED, PLAN_SUBMITTED
from notifications.services import notify_now
from pep.models import Pep

Status = ActionPlan.Status
# The most a virtual school allocates one child for one period; anything more is a slip.
MAX_ALLOCATION = Decimal("10000.00")
LINE_FIELDS = (
    "need",
    "area",
    "pep_target",
    "action",
    "who",
    "starts_on",
    "ends_on",
    "cost",
    "intended_impact",
    "idea",
)
LOCKED_MESSAGE = (
    "This plan has been approved and is locked: nobody can change it. To change it, start "
    "a new version with the reason; this one stays in force until the new one is approved."
)
SUBMITTED_MESSAGE = (
    "This plan has been submitted to the local authority and cannot be changed unless it "
    "is returned."
)


class PlanLocked(Exception):
    """The plan's status does not let it be changed: approved, replaced or submitted."""

    def __init__(self, plan: ActionPlan) -> None:
        self.plan = plan
        message = SUBMITTED_MESSAGE if plan.status == Status.SUBMITTED else LOCKED_MESSAGE
        super().__init__(message)


class PlanExists(Exception):
    """The child already has a plan for (part of) the period: change that one."""

    def __init__(self, plan: ActionPlan) -> None:
        self.plan = plan
        super().__init__(
            f"There is already a plan for {plan.child.known_as} for {plan.period_label}, "
            f"{plan.period_start:%-d %B %Y} to {plan.period_end:%-d %B %Y} "
            f"({plan.get_status_display().lower()}), which covers these dates: change that "
            "plan instead."
        )


def _audit(*, plan: ActionPlan, by: User, verb: str, changes: dict[str, Any]) -> None:
    child = plan.child
    audit_record(
        actor=by,
        verb=verb,
        target=plan,
        subject=child,
        care_setting=plan.care_setting,
        local_authority=child.responsible_la or plan.care_setting.local_authority,
        changes=changes,
        restricted_to="view_eypp",
    )


def _lock(plan: ActionPlan) -> ActionPlan:
    """Return the plan's row locked for this transaction, read afresh."""
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    locked.child = plan.child
    locked.care_setting = plan.care_setting
    return locked


def _refresh(plan: ActionPlan, saved: ActionPlan) -> None:
    """Copy what was saved onto the caller's instance."""
    for name, value in vars(saved).items():
        if not name.startswith("_"):
            setattr(plan, name, value)


def _editable(plan: ActionPlan, version: int | None) -> ActionPlan:
    """Lock the plan for a change of its lines: PlanLocked, StaleRecord, or the locked row."""
    locked = _lock(plan)
    if not locked.is_editable:
        raise PlanLocked(locked)
    if version is not None and locked.version != version:
        raise StaleRecord
    return locked


def _bump(plan: ActionPlan) -> None:
    """Raise the plan's version: a line changed, so anyone who read the plan before is stale."""
    ActionPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.version += 1


def _check_line(plan: ActionPlan, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    starts_on, ends_on, cost = fields["starts_on"], fields["ends_on"], fields["cost"]
    period = f"{plan.period_start:%-d %B %Y} to {plan.period_end:%-d %B %Y}"
    if not plan.period_start <= starts_on <= plan.period_end:
        errors["starts_on"] = f"The start date must be inside the plan's period, {period}"
    if not plan.period_start <= ends_on <= plan.period_end:
        errors["ends_on"] = f"The end date must be inside the plan's period, {period}"
    elif ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    if not Decimal("0.01") <= cost <= MAX_LINE_COST:
        errors["cost"] = f"Enter a cost from £0.01 to {rules.money(MAX_LINE_COST)}"
    target = fields.get("pep_target")
    if target is not None and not plan.child.is_looked_after:
        errors["pep_target"] = "Only a looked-after child's plan is linked to PEP targets"
    if errors:
        raise ValidationError(errors)


# --- Starting a plan ----------------------------------------------------------------------


def _allocation(
    child: Child, *, period_start: date, period_end: date
) -> tuple[Decimal | None, str]:
    """Return the plan's allocation and its source, or a ValidationError saying why not."""
    refusal = ""
    if child.funded_entitlement == rules.NOT_FUNDED or not child.funded_entitlement:
        refusal = (
            f"{child.known_as} has no funded entitlement: EYPP is paid only for funded early "
            "education hours. Record the child's funded hours first"
        )
    if refusal:
        raise ValidationError({"period": refusal})
    if child.is_looked_after:
        # The virtual school decides a looked-after child's allocation: the plan waits for it.
        return None, ActionPlan.AllocationSource.LA
    if not Eligibility.objects.filter(child=child).exists():
        raise ValidationError(
            {"period": f"{child.known_as} has no EYPP ground recorded: record one first"}
        )
    expected = expected_for_period(child, period_start=period_start, period_end=period_end)
    if expected.missing_years:
        years = ", ".join(expected.missing_years)
        raise ValidationError({"period": f"No EYPP rates for {years}: ask your LA administrator"})
    if expected.amount <= 0:
        reasons = sorted({term.why_not for term in expected.terms if term.why_not})
        why = f" ({'; '.join(reasons)})" if reasons else ""
        raise ValidationError(
            {"period": f"{child.known_as} is not expected to attract EYPP in this period{why}"}
        )
    return expected.amount, ActionPlan.AllocationSource.EXPECTED


@transaction.atomic
def plan_start(
    *,
    child: Child,
    by: User,
    period_label: str,
    period_start: date,
    period_end: date,
    pep: Pep | None = None,
    submission_token: uuid.UUID | None = None,
) -> ActionPlan:
    """Start a draft plan for the child and period: PlanExists if one is open or approved.

    A plan whose period overlaps this one counts too: a child's money is planned once for
    any day.

    A looked-after child's plan waits for the responsible LA's allocation; any other
    child's allocation is the EYPP expected for the period's terms.
    """
    claim = claim_submission(token=submission_token, by=by)
    if period_end < period_start:
        raise ValidationError({"period_end": "The end date must be after the start date"})
    existing = (
        ActionPlan.objects.filter(
            child=child, period_start__lte=period_end, period_end__gte=period_start
        )
        .exclude(status=Status.SUPERSEDED)
        .select_related("child")
        .order_by("-period_start", "-number")
        .first()
    )
    if existing is not None:
        raise PlanExists(existing)
    allocation, source = _allocation(child, period_start=period_start, period_end=period_end)
    plan = ActionPlan(
        child=child,
        care_setting=child.care_setting,
        period_label=period_label,
        period_start=period_start,
        period_end=period_end,
        pep=pep if child.is_looked_after else None,
        allocation=allocation,
        allocation_source=source,
        created_by=by,
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        # Started at the same moment by someone else (eypp_one_open_plan_per_period).
        raise PlanExists(
            ActionPlan.objects.select_related("child")
            .filter(child=child, period_start=period_start)
            .exclude(status=Status.SUPERSEDED)
            .order_by("-number")
            .first()
        ) from None
    claim.saved(plan)
    _audit(
        plan=plan,
        by=by,
        verb="eypp.plan_started",
        changes={
            "period": plan.period_label,
            "allocation": str(allocation) if allocation is not None else None,
        },
    )
    return plan


# --- Lines ----------------------------------------------------------------------------------


@transaction.atomic
def line_add(
    *,
    plan: ActionPlan,
    by: User,
    version: int | None = None,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> PlanLine:
    """Add a line to a draft or returned plan; the plan's version rises."""
    claim = claim_submission(token=submission_token, by=by)
    locked = _editable(plan, None)
    fields = {name: fields.get(name) for name in LINE_FIELDS}
    fields["idea"] = fields["idea"] or ""
    _check_line(locked, fields)
    last = PlanLine.objects.filter(plan=locked).order_by("-order").values("order").first()
    line = PlanLine.objects.create(plan=locked, order=(last["order"] + 1) if last else 0, **fields)
    claim.saved(line)
    _bump(locked)
    _refresh(plan, locked)
    _audit(
        plan=plan, by=by, verb="eypp.line_added", changes={"line": line.pk, "cost": str(line.cost)}
    )
    return line


@transaction.atomic
def line_change(
    *, plan: ActionPlan, line: PlanLine, by: User, version: int, **fields: Any
) -> PlanLine:
    """Change a line of a draft or returned plan, as read at ``version`` of the plan."""
    locked = _lock(plan)
    if not locked.is_editable:
        raise PlanLocked(locked)
    fields = {name: fields.get(name) for name in LINE_FIELDS}
    fields["idea"] = fields["idea"] or ""
    saved = PlanLine.objects.filter(pk=line.pk, plan=locked).first()
    if saved is None:
        raise StaleRecord
    if locked.version != version:
        if all(getattr(saved, name) == value for name, value in fields.items()):
            return saved  # the same form sent twice: it holds what was typed already
        raise StaleRecord
    _check_line(locked, fields)
    changed = {name: str(value) for name, value in fields.items() if getattr(saved, name) != value}
    for name, value in fields.items():
        setattr(saved, name, value)
    saved.save()
    _bump(locked)
    _refresh(plan, locked)
    _audit(plan=plan, by=by, verb="eypp.line_changed", changes={"line": saved.pk, **changed})
    return saved


@transaction.atomic
def line_remove(*, plan: ActionPlan, line: PlanLine, by: User, version: int) -> None:
    """Remove a line from a draft or returned plan, as read at ``version`` of the plan."""
    locked = _lock(plan)
    if not locked.is_editable:
        raise PlanLocked(locked)
    deleted, _ = PlanLine.objects.filter(pk=line.pk, plan=locked).delete()
    if not deleted:
        return  # removed already: the same confirmation sent twice
    if locked.version != version:
        raise StaleRecord
    _bump(locked)
    _refresh(plan, locked)
    _audit(
        plan=plan,
        by=by,
        verb="eypp.line_removed",
        changes={"line": line.pk, "need": line.need[:80]},
    )


# --- The workflow ---------------------------------------------------------------------------


def _children(plan: ActionPlan) -> Any:
    return Child.objects.filter(pk=plan.child_id)


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by: User, version: int, now: Any = None) -> ActionPlan:
    """Submit a draft or returned plan to the LA; its reviewers are told at once.

    It needs at least one line. A looked-after child's plan may go without an allocation:
    the children in care advisor records it when reviewing.
    """
    locked = _lock(plan)
    if locked.status not in (Status.DRAFT, Status.RETURNED):
        raise PlanLocked(locked)
    if locked.version != version:
        raise StaleRecord
    if not PlanLine.objects.filter(plan=locked).exists():
        raise ValidationError("Add at least one need to the plan before submitting it.")
    versioned_update(
        locked,
        version=version,
        fields={
            "status": Status.SUBMITTED,
            "submitted_at": now or timezone.now(),
            "submitted_by": by,
        },
    )
    _refresh(plan, locked)
    _audit(plan=plan, by=by, verb="eypp.plan_submitted", changes={"version": plan.number})
    notify_now(kind=PLAN_SUBMITTED, today=dates.today(), children=_children(plan))
    return plan


def content_of(plan: ActionPlan) -> dict[str, Any]:
    """Return the plan's content as plain data: what the checksum of an approved plan seals."""
    lines = PlanLine.objects.filter(plan=plan).select_related("area").order_by("order", "pk")
    return {
        "plan": plan.pk,
        "child": plan.child_id,
        "care_setting": plan.care_setting_id,
        "number": plan.number,
        "previous": plan.previous_id,
        "change_reason": plan.change_reason,
        "pep": plan.pep_id,
        "period": [plan.period_label, plan.period_start.isoformat(), plan.period_end.isoformat()],
        "allocation": None if plan.allocation is None else str(rules.pounds(plan.allocation)),
        "allocation_source": plan.allocation_source,
        "lines": [
            {
                "need": line.need,
                "area": line.area.code,
                "pep_target": line.pep_target_id,
                "action": line.action,
                "who": line.who,
                "starts_on": line.starts_on.isoformat(),
                "ends_on": line.ends_on.isoformat(),
                "cost": str(rules.pounds(line.cost)),
                "intended_impact": line.intended_impact,
                "idea": line.idea,
            }
            for line in lines
        ],
    }


def checksum_of(plan: ActionPlan) -> str:
    """Return the SHA-256 of the plan's content as canonical JSON."""
    text = json.dumps(content_of(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def plan_approve(
    *, plan: ActionPlan, by: User, version: int, comment: str = "", now: Any = None
) -> ActionPlan:
    """Approve a submitted plan: locked with its checksum; the version it replaces superseded.

    A looked-after child's plan needs the virtual school's allocation first.
    """
    locked = _lock(plan)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only a plan submitted to the LA can be approved: this one is "
            f"“{locked.get_status_display().lower()}”."
        )
    if locked.version != version:
        raise StaleRecord
    if locked.allocation is None:
        raise ValidationError(
            {"decision": "Record the allocation for this looked-after child before approving"}
        )
    versioned_update(
        locked,
        version=version,
        fields={
            "status": Status.APPROVED,
            "decided_at": now or timezone.now(),
            "decided_by": by,
            "review_comment": comment.strip(),
            "checksum": checksum_of(locked),
        },
    )
    if locked.previous_id:
        ActionPlan.objects.filter(pk=locked.previous_id, status=Status.APPROVED).update(
            status=Status.SUPERSEDED, version=F("version") + 1
        )
    _refresh(plan, locked)
    _audit(
        plan=plan,
        by=by,
        verb="eypp.plan_approved",
        changes={"version": plan.number, "checksum": plan.checksum},
    )
    return plan


@transaction.atomic
def plan_return(
    *, plan: ActionPlan, by: User, version: int, reason: str, comment: str = "", now: Any = None
) -> ActionPlan:
    """Return a submitted plan with the reason; the key person and managers are told at once."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the plan is being returned"})
    locked = _lock(plan)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only a plan submitted to the LA can be returned: this one is "
            f"“{locked.get_status_display().lower()}”."
        )
    if locked.version != version:
        raise StaleRecord
    versioned_update(
        locked,
        version=version,
        fields={
            "status": Status.RETURNED,
            "decided_at": now or timezone.now(),
            "decided_by": by,
            "returned_reason": reason,
            "review_comment": comment.strip(),
        },
    )
    _refresh(plan, locked)
    _audit(plan=plan, by=by, verb="eypp.plan_returned", changes={"version": plan.number})
    notify_now(kind=PLAN_RETURNED, today=dates.today(), children=_children(plan))
    return plan


def _line_values(line: PlanLine) -> dict[str, Any]:
    """Return what a copy of the line needs (its area and target by id: no query)."""
    values = {
        name: getattr(line, name) for name in LINE_FIELDS if name not in ("area", "pep_target")
    }
    return {**values, "area_id": line.area_id, "pep_target_id": line.pep_target_id}


@transaction.atomic
def plan_revise(
    *,
    plan: ActionPlan,
    by: User,
    version: int,
    reason: str,
    submission_token: uuid.UUID | None = None,
) -> ActionPlan:
    """Start a new version of an approved plan, with the reason: a draft copying its lines.

    The approved plan stays in force until the new version is approved (it then becomes
    superseded). The period, the PEP and the allocation are carried over.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the plan needs a new version"})
    claim = claim_submission(token=submission_token, by=by)
    approved = _lock(plan)
    if approved.status != Status.APPROVED:
        raise ValidationError(
            "Only an approved plan can be given a new version: this one can still be changed."
            if approved.is_editable or approved.status == Status.SUBMITTED
            else "This plan has been replaced by a later version: change that one instead."
        )
    newer = ActionPlan.objects.filter(previous=approved).select_related("child").first()
    if newer is not None:
        raise PlanExists(newer)
    if approved.version != version:
        raise StaleRecord
    revision = ActionPlan(
        child_id=approved.child_id,
        care_setting_id=approved.care_setting_id,
        period_label=approved.period_label,
        period_start=approved.period_start,
        period_end=approved.period_end,
        number=approved.number + 1,
        previous=approved,
        change_reason=reason,
        pep_id=approved.pep_id,
        allocation=approved.allocation,
        allocation_source=approved.allocation_source,
        allocated_by_id=approved.allocated_by_id,
        allocated_on=approved.allocated_on,
        created_by=by,
    )
    try:
        with transaction.atomic():
            revision.save()
    except IntegrityError:
        raise PlanExists(
            ActionPlan.objects.select_related("child").filter(previous=approved).first()
            or approved
        ) from None
    PlanLine.objects.bulk_create(
        PlanLine(plan=revision, order=line.order, **_line_values(line))
        for line in PlanLine.objects.filter(plan=approved).order_by("order", "pk")
    )
    claim.saved(revision)
    revision.child = plan.child
    revision.care_setting = plan.care_setting
    _audit(
        plan=revision,
        by=by,
        verb="eypp.plan_revised",
        changes={"previous": approved.pk, "number": revision.number},
    )
    return revision


@transaction.atomic
def plan_allocate(
    *, plan: ActionPlan, by: User, version: int, allocation: Decimal, on: date | None = None
) -> ActionPlan:
    """Record the virtual school's allocation for a looked-after child's plan, until approved."""
    locked = _lock(plan)
    if locked.is_locked:
        raise PlanLocked(locked)
    if not plan.child.is_looked_after:
        raise ValidationError(
            "The allocation is recorded only for a looked-after child: any other child's is "
            "the EYPP expected from their funded hours."
        )
    if not Decimal("0.00") <= allocation <= MAX_ALLOCATION:
        raise ValidationError(
            {"allocation": f"Enter an allocation from £0.00 to {rules.money(MAX_ALLOCATION)}"}
        )
    allocation = rules.pounds(allocation)
    written = versioned_update(
        locked,
        version=version,
        fields={
            "allocation": allocation,
            "allocation_source": ActionPlan.AllocationSource.LA,
            "allocated_by": by,
            "allocated_on": on or dates.today(),
        },
    )
    _refresh(plan, locked)
    if written:
        _audit(
            plan=plan,
            by=by,
            verb="eypp.allocation_recorded",
            changes={"allocation": str(allocation)},
        )
    return plan
