"""Open and close PEP cycles: the statutory clock kept by the child's lifecycle.

Every looked-after child of early years PEP age has exactly one *current* PEP. The
listeners here keep it so (registered in ``pep.clock.register``), and ``ensure_cycles``,
run daily, opens what no hook could: the cycle of a child who has just reached PEP age.

- Entering care, or joining a setting already looked after: ``start_initial_cycle``.
- Moving to another setting on the portal: ``start_change_of_setting_cycle``.
- Leaving care or the setting: ``close_current_cycle`` (through ``left_care`` / ``left``).
- A PEP signed off: ``open_next_cycle`` opens the review.

Each listener locks the child's row first, so two writes about one child queue up, and the
``pep_one_current_per_child`` constraint holds the line behind it: opening a cycle when one
is already current changes nothing, whoever asks, and never fails. The policy read is the
child's *current* responsible LA's. Every opening and closing is audited (restricted to
those who may read PEPs), with the child as subject.
"""

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from accounts.models import LocalAuthority, SchoolTerm, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.middleware import current_address
from common.models import AuditEvent
from pep.clock.rules import (
    ClockDate,
    ClockPolicy,
    change_of_setting_due,
    first_cycle,
    next_review_due,
    pep_start_date,
)
from pep.models import Meeting, Pep

RESTRICTED = Action.VIEW_PEP.value


# --- Reading what the clock needs ----------------------------------------------------------


def _terms(la: LocalAuthority, policy: ClockPolicy) -> list[dates.Term]:
    """Return the LA's terms if its policy reads them (one query), else none."""
    return la.term_dates() if policy.needs_terms else []


def _locked(child: Child) -> Child:
    """Return the child's row, locked until the transaction ends, with its LA and setting."""
    return (
        Child.objects.select_for_update(of=("self",))
        .select_related("responsible_la", "care_setting")
        .get(pk=child.pk)
    )


def _current(child: Child) -> Pep | None:
    return Pep.objects.filter(child=child, is_current=True).first()


def last_signed(child: Child) -> Pep | None:
    """Return the child's PEP signed off last (its targets are reviewed next), or None."""
    return (
        Pep.objects.filter(child=child, status=Pep.Status.SIGNED_OFF)
        .order_by("-signed_off_at", "-pk")
        .first()
    )


def _held_meetings(of_peps: Q) -> Any:
    """Return the held PEP meetings of the PEPs ``of_peps`` names, latest first."""
    return (
        Meeting.objects.filter(of_peps, kind=Meeting.Kind.PEP, status=Meeting.Status.HELD)
        .exclude(held_on=None)
        .order_by("-held_on")
    )


def review_from(pep: Pep, *, on: date) -> date:
    """Return the date a review is counted from: the PEP's meeting if held, else ``on``."""
    of_peps = Q(pep_id=pep.pk) | Q(pep_id=pep.corrects_id) if pep.corrects_id else Q(pep_id=pep.pk)
    held = _held_meetings(of_peps).values_list("held_on", flat=True).first()
    return held or on


# --- Writing ------------------------------------------------------------------------------


def _audit_opened(pep: Pep, *, by: User | None) -> None:
    audit_record(
        actor=by,
        verb="pep.opened",
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes=_opened_changes(pep),
        restricted_to=RESTRICTED,
    )


def _opened_changes(pep: Pep) -> dict[str, Any]:
    return {
        "kind": pep.get_kind_display(),
        "due_on": pep.due_on.isoformat(),
        "clock_rule": pep.clock_rule,
    }


def _open(
    *,
    child: Child,
    by: User | None,
    kind: str,
    opened_on: date,
    due: ClockDate,
    previous: Pep | None,
) -> Pep | None:
    """Open the child's current cycle; None if one is current (the constraint decides)."""
    try:
        with transaction.atomic():
            pep = Pep.objects.create(
                child=child,
                care_setting=child.care_setting,
                responsible_la=child.responsible_la,
                kind=kind,
                opened_on=opened_on,
                due_on=due.on,
                clock_rule=due.words[:200],
                previous=previous,
            )
    except IntegrityError:
        return None
    _audit_opened(pep, by=by)
    return pep


def _close(pep: Pep, *, by: User | None, reason: str, on: date) -> None:
    """Close the cycle with a reason; a signed-off PEP only stops being the current one."""
    if pep.status == Pep.Status.SIGNED_OFF:
        _retire(pep)
        return
    fields = {
        "is_current": False,
        "status": Pep.Status.CLOSED,
        "closed_on": on,
        "closed_reason": reason,
    }
    Pep.objects.filter(pk=pep.pk).update(**fields, version=F("version") + 1)
    for name, value in fields.items():
        setattr(pep, name, value)
    pep.version += 1
    audit_record(
        actor=by,
        verb="pep.closed",
        target=pep,
        subject=pep.child,
        care_setting=pep.care_setting,
        local_authority=pep.responsible_la,
        changes={
            "reason": Pep.ClosedReason(reason).label,
            "closed_on": on.isoformat(),
        },
        restricted_to=RESTRICTED,
    )


def _retire(pep: Pep) -> None:
    """Let a finished (signed-off) cycle stop being the child's current one."""
    Pep.objects.filter(pk=pep.pk).update(is_current=False, version=F("version") + 1)
    pep.is_current = False
    pep.version += 1


def _signed_current(child: Child) -> Pep | None:
    """Return the current cycle, after retiring it if it is already signed off."""
    current = _current(child)
    if current is not None and current.status == Pep.Status.SIGNED_OFF:
        _retire(current)
        return None
    return current


def _of_pep_age(child: Child, *, policy: ClockPolicy, terms: list[dates.Term], on: date) -> bool:
    """Return whether the child has reached early years PEP age on the day."""
    start = pep_start_date(
        child.date_of_birth, start_age=policy.start_age, rule=policy.start_rule, terms=terms
    )
    return start.on <= on


# --- Listeners ------------------------------------------------------------------------------


@transaction.atomic
def start_initial_cycle(*, child: Child, by: User | None) -> Pep | None:
    """Open the looked-after child's first PEP cycle, unless one is current; return it.

    Listens to ``on_entered_care`` and ``on_joined`` (both fire when a child joins already
    looked after; the second changes nothing). Below early years PEP age nothing opens now:
    ``ensure_cycles`` opens the initial PEP the day the child reaches it, due the LA's
    initial days from then. ``rules.first_cycle`` decides the kind and the date.
    """
    child = _locked(child)
    if not child.is_looked_after or _signed_current(child) is not None:
        return None
    la = child.responsible_la
    policy = ClockPolicy.of(la)
    owed = first_cycle(
        date_of_birth=child.date_of_birth,
        entered_care_on=child.entered_care_on,
        start_date=child.start_date,
        emergency=child.emergency_placement,
        today=dates.today(),
        policy=policy,
        terms=_terms(la, policy),
    )
    if owed is None:
        return None
    return _open(
        child=child,
        by=by,
        kind=owed.kind,
        opened_on=owed.opened_on,
        due=owed.due,
        previous=last_signed(child) if owed.kind == Pep.Kind.CHANGE_OF_SETTING else None,
    )


@transaction.atomic
def start_change_of_setting_cycle(
    *, child: Child, by: User | None, moved_on: date, **_hook: Any
) -> Pep | None:
    """Replace the current cycle with a PEP due the LA's days after a move; return it.

    Listens to ``on_moved`` (child, by, from_setting, to_setting, moved_on). The current
    cycle closes ("replaced by a PEP after a change of setting"); the new one's ``previous``
    is the last signed PEP, whose targets it reviews. The same move heard twice changes
    nothing. A child below PEP age, or not looked after, gets no new cycle.
    """
    child = _locked(child)
    current = _signed_current(child)
    if (
        current is not None
        and current.kind == Pep.Kind.CHANGE_OF_SETTING
        and current.opened_on == moved_on
        and current.care_setting_id == child.care_setting_id
    ):
        return None
    if current is not None:
        _close(current, by=by, reason=Pep.ClosedReason.CHANGE_OF_SETTING, on=moved_on)
    if not child.is_looked_after:
        return None
    la = child.responsible_la
    policy = ClockPolicy.of(la)
    terms = _terms(la, policy)
    if not _of_pep_age(child, policy=policy, terms=terms, on=max(moved_on, dates.today())):
        return None
    return _open(
        child=child,
        by=by,
        kind=Pep.Kind.CHANGE_OF_SETTING,
        opened_on=moved_on,
        due=change_of_setting_due(moved_on, policy=policy, terms=terms),
        previous=last_signed(child),
    )


@transaction.atomic
def close_current_cycle(*, child: Child, by: User | None, reason: str, on: date) -> Pep | None:
    """Close the child's current cycle with the reason; return it, or None if none was open."""
    child = _locked(child)
    current = _current(child)
    if current is None:
        return None
    _close(current, by=by, reason=reason, on=on)
    return current


def left_care(*, child: Child, by: User | None) -> None:
    """Listens to ``on_left_care``: the cycle closes today, the child no longer looked after."""
    close_current_cycle(child=child, by=by, reason=Pep.ClosedReason.LEFT_CARE, on=dates.today())


def left_setting(*, child: Child, by: User | None, left_on: date, **_hook: Any) -> None:
    """Listens to ``on_left``: the cycle closes once the child has left.

    A leave recorded ahead of the day closes nothing yet: the child is still at the setting
    and the PEP still due; ``ensure_cycles`` closes it on the leave date.
    """
    if left_on <= dates.today():
        close_current_cycle(child=child, by=by, reason=Pep.ClosedReason.LEFT_SETTING, on=left_on)


@transaction.atomic
def open_next_cycle(*, pep: Pep, by: User | None, on: date) -> Pep | None:
    """Open the review after the signed-off ``pep``; return it, or None if nothing opened.

    Listens to ``pep.hooks.on_signed_off``. Due on the responsible LA's review rule
    (``rules.next_review_due``) from the PEP's meeting if it was held, else from ``on``
    (the sign-off). The signed PEP stops being the current one; when another cycle is
    already current (the review opened before, or a move replaced it) nothing changes.
    """
    child = _locked(pep.child)
    current = _current(child)
    if current is not None and current.pk == pep.pk:
        _retire(current)
        current = None
    if current is not None or not child.is_looked_after:
        return None
    la = child.responsible_la
    policy = ClockPolicy.of(la)
    due = next_review_due(
        review_from(pep, on=on),
        cycle=policy.review_cycle,
        cut_offs=policy.termly_cut_offs,
        terms=_terms(la, policy),
    )
    return _open(child=child, by=by, kind=Pep.Kind.REVIEW, opened_on=on, due=due, previous=pep)


# --- The daily check ------------------------------------------------------------------------


def _bulk_audit(peps: list[Pep], *, verb: str, changes: Any) -> None:
    """Write one audit event per PEP in one INSERT (the system did it, no person)."""
    pep_type = ContentType.objects.get_for_model(Pep)
    child_type = ContentType.objects.get_for_model(Child)
    address = current_address()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=None,
            actor_label="system",
            verb=verb,
            target_type=pep_type,
            target_id=str(pep.pk),
            target_label=str(pep)[:254],
            subject_type=child_type,
            subject_id=str(pep.child_id),
            care_setting_id=pep.care_setting_id,
            local_authority_id=pep.responsible_la_id,
            ip_address=address,
            changes=changes(pep),
            restricted_to=RESTRICTED,
        )
        for pep in peps
    )


def _close_stale(today: date) -> dict[str, int]:
    """Close the current cycles of children who have left the setting or care: 3 queries."""
    stale = list(
        Pep.objects.filter(is_current=True)
        .filter(
            Q(child__leave_date__lte=today)
            | ~Q(child__looked_after_status=Child.LookedAfter.LOOKED_AFTER)
        )
        .values(
            "pk", "child_id", "care_setting_id", "responsible_la_id", "kind", "due_on", "status"
        )
        .annotate(left_on=F("child__leave_date"))
    )
    closed: list[Pep] = []
    signed = [row["pk"] for row in stale if row["status"] == Pep.Status.SIGNED_OFF]
    if signed:
        Pep.objects.filter(pk__in=signed).update(is_current=False, version=F("version") + 1)
    for row in stale:
        if row["status"] == Pep.Status.SIGNED_OFF:
            continue
        left = row["left_on"] is not None and row["left_on"] <= today
        pep = Pep(
            pk=row["pk"],
            child_id=row["child_id"],
            care_setting_id=row["care_setting_id"],
            responsible_la_id=row["responsible_la_id"],
            kind=row["kind"],
            due_on=row["due_on"],
            status=Pep.Status.CLOSED,
            is_current=False,
            closed_on=row["left_on"] if left else today,
            closed_reason=Pep.ClosedReason.LEFT_SETTING if left else Pep.ClosedReason.LEFT_CARE,
        )
        closed.append(pep)
    if not closed:
        return {"closed": 0}
    Pep.objects.bulk_update(closed, ["status", "is_current", "closed_on", "closed_reason"])
    Pep.objects.filter(pk__in=[pep.pk for pep in closed]).update(version=F("version") + 1)
    _bulk_audit(
        closed,
        verb="pep.closed",
        changes=lambda pep: {
            "reason": Pep.ClosedReason(pep.closed_reason).label,
            "closed_on": pep.closed_on.isoformat(),
        },
    )
    return {"closed": len(closed)}


@transaction.atomic
def ensure_cycles(*, today: date) -> dict[str, int]:
    """Open the missing current cycle of every looked-after child on roll of PEP age.

    Run daily. Also closes the current cycles of children who have left the setting (on
    their leave date) or are no longer looked after. Set-based: the children with what the
    clock needs in one query (their LA's policy, their last signed PEP and its meeting), the
    terms in one, then one INSERT of PEPs and one of audit events, whatever the number of
    children. A child with a signed PEP is owed the review on their LA's rule; a child
    without is owed the first cycle (``rules.first_cycle``). A rerun writes nothing.
    Returns ``{"opened", "initial", "review", "change_of_setting", "below_pep_age",
    "closed"}``.
    """
    counts = {"opened": 0, "initial": 0, "review": 0, "change_of_setting": 0, "below_pep_age": 0}
    counts.update(_close_stale(today))
    signed = Pep.objects.filter(child=OuterRef("pk"), status=Pep.Status.SIGNED_OFF).order_by(
        "-signed_off_at", "-pk"
    )
    children = list(
        Child.objects.on_roll(today)
        .looked_after()
        .filter(care_setting__is_active=True)
        .exclude(Exists(Pep.objects.filter(child=OuterRef("pk"), is_current=True)))
        .select_related("responsible_la")
        .annotate(
            last_signed_pk=Subquery(signed.values("pk")[:1]),
            last_corrects_pk=Subquery(signed.values("corrects_id")[:1]),
            last_signed_on=Subquery(
                signed.annotate(day=TruncDate("signed_off_at")).values("day")[:1]
            ),
        )
        .annotate(
            review_from=Coalesce(
                Subquery(
                    _held_meetings(
                        Q(pep_id=OuterRef("last_signed_pk"))
                        | Q(pep_id=OuterRef("last_corrects_pk"))
                    ).values("held_on")[:1]
                ),
                F("last_signed_on"),
            )
        )
        .order_by("pk")
    )
    if not children:
        return counts
    la_ids = {child.responsible_la_id for child in children}
    terms: dict[int, list[dates.Term]] = {la_id: [] for la_id in la_ids}
    for la_id, starts_on, ends_on in SchoolTerm.objects.filter(
        local_authority_id__in=la_ids
    ).values_list("local_authority_id", "starts_on", "ends_on"):
        terms[la_id].append((starts_on, ends_on))
    new: list[Pep] = []
    for child in children:
        la = child.responsible_la
        policy = ClockPolicy.of(la)
        la_terms = sorted(terms[la.pk])
        if child.last_signed_pk is not None:
            kind, opened_on, previous_id = Pep.Kind.REVIEW, today, child.last_signed_pk
            due = next_review_due(
                child.review_from or today,
                cycle=policy.review_cycle,
                cut_offs=policy.termly_cut_offs,
                terms=la_terms,
            )
        else:
            owed = first_cycle(
                date_of_birth=child.date_of_birth,
                entered_care_on=child.entered_care_on,
                start_date=child.start_date,
                emergency=child.emergency_placement,
                today=today,
                policy=policy,
                terms=la_terms,
            )
            if owed is None:
                counts["below_pep_age"] += 1
                continue
            kind, opened_on, due, previous_id = owed.kind, owed.opened_on, owed.due, None
        new.append(
            Pep(
                child=child,
                care_setting_id=child.care_setting_id,
                responsible_la_id=la.pk,
                kind=kind,
                opened_on=opened_on,
                due_on=due.on,
                clock_rule=due.words[:200],
                previous_id=previous_id,
            )
        )
        counts[kind] += 1
    if not new:
        return counts
    try:
        with transaction.atomic():
            Pep.objects.bulk_create(new)
    except IntegrityError:
        # A listener opened a cycle for one of these children a moment ago: open them one
        # by one through the locking path instead (each a no-op where one is current).
        return _ensure_one_by_one(new, counts)
    _bulk_audit(new, verb="pep.opened", changes=_opened_changes)
    counts["opened"] = len(new)
    return counts


def _ensure_one_by_one(new: list[Pep], counts: dict[str, int]) -> dict[str, int]:
    opened = 0
    for pep in new:
        child = _locked(pep.child)
        if _current(child) is not None:
            counts[pep.kind] -= 1
            continue
        made = _open(
            child=child,
            by=None,
            kind=pep.kind,
            opened_on=pep.opened_on,
            due=ClockDate(pep.due_on, pep.clock_rule),
            previous=Pep.objects.filter(pk=pep.previous_id).first() if pep.previous_id else None,
        )
        opened += made is not None
    counts["opened"] = opened
    return counts
