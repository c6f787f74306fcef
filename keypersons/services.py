"""Writes for key-person allocations and staff training: keyword-only, atomic, audited.

Allocations are history: a change never edits the current row's staff, it ends that row and
starts a new one. An allocation that is replaced ends **on the day the new one starts**
(``ends_on`` of the old row == ``starts_on`` of the new one), so a same-day correction
keeps ``ends_on >= starts_on`` and nobody is ever without a key person in between.

``Child.key_person`` is the denormalised current key person that the permission door reads
(``child.key_person_id``); these services alone write it, in the same transaction as the
allocation rows. Every change is audited with the child as the subject.

Allocations of one child are made one after another (the child's row is locked). The
allocation form says which allocation it was rendered with (``Seen``): if someone else
allocated or ended one in between, the second manager is told what happened instead of
replacing it unawares. A form's submission token makes a double click allocate once.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from accounts.models import CareSetting, Membership, User
from children.models import Child
from common import dates
from common.audit import audit_record
from common.dates import add_years
from common.submissions import claim_submission
from common.versioning import versioned_update
from keypersons.models import KeyPersonAllocation, TrainingRecord

Kind = KeyPersonAllocation.Kind
Course = TrainingRecord.Course

CONFLICT_MESSAGE = (
    "Someone else changed {child}'s key persons at the same time. "
    "Check the allocations below and try again."
)

# Years a course stays valid. Safeguarding follows the LA's policy; None: no fixed expiry.
COURSE_VALID_YEARS: dict[str, int | None] = {
    Course.DSL: 2,
    Course.PAEDIATRIC_FIRST_AID: 3,
    Course.CHILDREN_IN_CARE: None,
    Course.ATTACHMENT_TRAUMA: None,
    Course.POSITIVE_BEHAVIOUR: None,
}


@dataclass(frozen=True)
class Seen:
    """The child's current allocation of a kind when the form was shown (None: there was none)."""

    allocation_id: int | None


class AllocationChanged(ValidationError):
    """The allocation someone meant to end has already been ended; ``current_id`` is now."""

    def __init__(self, message: str, *, current_id: int | None) -> None:
        super().__init__(message, code="changed")
        self.current_id = current_id


def _kind_label(kind: str) -> str:
    return "key person" if kind == Kind.KEY_PERSON else "buddy key person"


def _changed_meanwhile(*, now: KeyPersonAllocation | None, kind: str, name: str, by: User) -> str:
    """Say what someone else did to the allocation since the form was shown."""
    if now is None:
        return (
            f"{name}'s {_kind_label(kind)} was ended a moment ago. "
            "Check the allocations below, then save again to allocate someone."
        )
    if now.allocated_by_id == by.pk:
        who = "you"
    elif now.allocated_by is not None:
        who = now.allocated_by.full_name
    else:
        who = "someone else"
    return (
        f"{now.staff.full_name} was allocated as {name}'s {_kind_label(kind)} by {who} a "
        "moment ago. Check the allocations below, then save again if you still want to "
        "change it."
    )


def _changed_message(
    child: Child, kind: str, seen_id: int, current: KeyPersonAllocation | None
) -> str:
    """Say, in plain words, what became of the allocation someone meant to end."""
    name, label = child.known_as, _kind_label(kind)
    seen = (
        KeyPersonAllocation.objects.filter(pk=seen_id, child=child, kind=kind)
        .select_related("staff", "ended_by")
        .first()
    )
    if seen is not None and seen.ends_on is not None:
        by = f" by {seen.ended_by.full_name}" if seen.ended_by is not None else ""
        said = (
            f"{seen.staff.full_name}'s allocation as {name}'s {label} has already been "
            f"ended{by}, on {seen.ends_on:%-d %B %Y}."
        )
    else:
        said = f"{name}'s {label} has changed since you opened this page."
    if current is None:
        return f"{said} {name} has no {label} now, so nothing was changed."
    return (
        f"{said} {current.staff.full_name} is now {name}'s {label}: nothing was changed. "
        f"Send the form again only if you mean to end {current.staff.full_name}'s allocation."
    )


def _lock_child(child: Child) -> Child:
    """Lock the child's row, so allocations of one child are made one after another.

    ``FOR NO KEY UPDATE``: it still serialises allocations (the lock conflicts with itself)
    but not rows elsewhere that merely point at the child, whose foreign-key checks take a
    key-share lock on it.
    """
    return (
        Child.objects.select_for_update(no_key=True, of=("self",))
        .select_related("care_setting")
        .get(pk=child.pk)
    )


def _require_member(*, staff: User, care_setting_id: int, field: str = "staff") -> None:
    if not Membership.objects.filter(
        user=staff, care_setting_id=care_setting_id, is_active=True
    ).exists():
        raise ValidationError(
            {field: f"{staff.full_name} is not a member of staff at this setting"}
        )


def _set_key_person(child: Child, staff: User | None) -> None:
    """Keep Child.key_person in step with the current key-person allocation.

    ``version`` is not raised: the key person is not part of the child's record form, so a
    reallocation must not make a colleague's edit of the record look like a conflict.
    """
    Child.objects.filter(pk=child.pk).update(key_person=staff)
    child.key_person = staff


@transaction.atomic
def key_person_allocate(
    *,
    by: User,
    child: Child,
    staff: User,
    kind: str = Kind.KEY_PERSON,
    reason: str = "",
    starts_on: date | None = None,
    is_designated: bool = False,
    seen: Seen | None = None,
    submission_token: uuid.UUID | None = None,
) -> KeyPersonAllocation:
    """Make ``staff`` the child's key person (or buddy) from ``starts_on`` (default today).

    Ends the current allocation of that kind on ``starts_on``. Raises ValidationError (with
    form field names as keys) when the staff member is not active at the child's setting,
    the buddy would be the key person, nothing would change, the child has left, or another
    allocation was made at the same moment (the database constraint refused this one).
    With ``seen`` (what the form showed), an allocation of the kind made or ended since is
    refused with code "changed", saying who did what. ``AlreadySaved`` when the same form
    was saved before.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind of allocation: {kind!r}")
    claim = claim_submission(token=submission_token, by=by)
    starts_on = starts_on or dates.today()
    locked = _lock_child(child)
    _require_member(staff=staff, care_setting_id=locked.care_setting_id)
    name = locked.known_as
    if starts_on > dates.today():
        raise ValidationError({"starts_on": "The start date must be today or in the past"})
    if locked.leave_date is not None and locked.leave_date <= starts_on:
        raise ValidationError(
            {"starts_on": f"{name} left on {locked.leave_date:%-d %B %Y}: choose an earlier date"}
        )
    if kind == Kind.BUDDY and is_designated:
        raise ValidationError(
            {"is_designated": "Only the key person can be the designated key person"}
        )
    current = {
        allocation.kind: allocation
        for allocation in KeyPersonAllocation.objects.filter(
            child=locked, ends_on__isnull=True
        ).select_related("staff", "allocated_by")
    }
    now = current.get(kind)
    if seen is not None and seen.allocation_id != (now.pk if now is not None else None):
        raise ValidationError(
            _changed_meanwhile(now=now, kind=kind, name=name, by=by), code="changed"
        )
    other_kind = Kind.BUDDY if kind == Kind.KEY_PERSON else Kind.KEY_PERSON
    other = current.get(other_kind)
    if other is not None and other.staff_id == staff.pk:
        raise ValidationError(
            {
                "staff": f"{staff.full_name} is already {name}'s {_kind_label(other_kind)}: "
                f"the key person and the buddy must be different people"
            }
        )
    previous = current.get(kind)
    if previous is not None:
        if previous.staff_id == staff.pk and previous.is_designated == is_designated:
            raise ValidationError(
                {"staff": f"{staff.full_name} is already {name}'s {_kind_label(kind)}"}
            )
        if starts_on < previous.starts_on:
            raise ValidationError(
                {
                    "starts_on": f"The current {_kind_label(kind)} started on "
                    f"{previous.starts_on:%-d %B %Y}: the new one cannot start before that"
                }
            )
        previous.ends_on = starts_on
        previous.ended_by = by
        previous.save(update_fields=["ends_on", "ended_by"])
    try:
        # A savepoint, so the refusal can be explained instead of breaking the transaction.
        with transaction.atomic():
            allocation = KeyPersonAllocation.objects.create(
                child=locked,
                staff=staff,
                kind=kind,
                is_designated=is_designated,
                starts_on=starts_on,
                reason=reason,
                allocated_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(CONFLICT_MESSAGE.format(child=name), code="conflict") from error
    claim.saved(allocation)
    if kind == Kind.KEY_PERSON:
        _set_key_person(locked, staff)
        child.key_person = staff
        verb = "key_person.reallocated" if previous is not None else "key_person.allocated"
    else:
        verb = "buddy.reallocated" if previous is not None else "buddy.allocated"
    audit_record(
        actor=by,
        verb=verb,
        target=allocation,
        subject=locked,
        care_setting=locked.care_setting,
        changes={
            "kind": kind,
            "staff": [
                previous.staff.email if previous is not None else None,
                staff.email,
            ],
            "is_designated": is_designated,
            "starts_on": starts_on.isoformat(),
            "reason": reason,
        },
    )
    return allocation


@transaction.atomic
def allocations_bulk(
    *,
    by: User,
    children: Iterable[Child],
    staff: User,
    reason: str,
    starts_on: date | None = None,
) -> list[KeyPersonAllocation]:
    """Make ``staff`` the key person of every child given (a new intake), all or nothing.

    Children whose key person already is ``staff`` are left as they are. Raises one
    ValidationError listing every child that could not be allocated; then none is.
    """
    allocations, errors = [], []
    # Locks are taken in id order, so two bulk allocations cannot deadlock.
    for child in sorted(children, key=lambda child: child.pk):
        if child.key_person_id == staff.pk:
            continue
        try:
            allocations.append(
                key_person_allocate(
                    by=by,
                    child=child,
                    staff=staff,
                    kind=Kind.KEY_PERSON,
                    reason=reason,
                    starts_on=starts_on,
                )
            )
        except ValidationError as error:
            errors.extend(f"{child.known_as} {child.last_name}: {m}" for m in error.messages)
    if errors:
        raise ValidationError(errors)
    return allocations


@transaction.atomic
def key_person_end(
    *,
    by: User,
    child: Child,
    kind: str = Kind.KEY_PERSON,
    reason: str,
    ends_on: date | None = None,
    allocation_id: int | None = None,
) -> KeyPersonAllocation:
    """End the child's current allocation of ``kind`` on ``ends_on`` (default today).

    For the key person, the child is left without one (``Child.key_person`` cleared) until
    someone is allocated; the board lists the child first. The reason goes to the audit trail.
    ``allocation_id`` is the allocation the person saw: if someone else has ended it since,
    AllocationChanged says who, and a newer allocation is left alone.
    """
    ends_on = ends_on or dates.today()
    locked = _lock_child(child)
    allocation = (
        KeyPersonAllocation.objects.filter(child=locked, kind=kind, ends_on__isnull=True)
        .select_related("staff")
        .first()
    )
    if allocation_id is not None and (allocation is None or allocation.pk != allocation_id):
        raise AllocationChanged(
            _changed_message(locked, kind, allocation_id, allocation),
            current_id=allocation.pk if allocation is not None else None,
        )
    if allocation is None:
        raise ValidationError(f"{locked.known_as} has no {_kind_label(kind)} to end")
    if ends_on > dates.today():
        raise ValidationError({"ends_on": "The end date must be today or in the past"})
    if ends_on < allocation.starts_on:
        raise ValidationError(
            {
                "ends_on": f"The allocation started on {allocation.starts_on:%-d %B %Y}: "
                "it cannot end before that"
            }
        )
    allocation.ends_on = ends_on
    allocation.ended_by = by
    allocation.save(update_fields=["ends_on", "ended_by"])
    if kind == Kind.KEY_PERSON:
        _set_key_person(locked, None)
        child.key_person = None
    audit_record(
        actor=by,
        verb="key_person.ended" if kind == Kind.KEY_PERSON else "buddy.ended",
        target=allocation,
        subject=locked,
        care_setting=locked.care_setting,
        changes={
            "kind": kind,
            "staff": [allocation.staff.email, None],
            "ends_on": ends_on.isoformat(),
            "reason": reason,
        },
    )
    return allocation


@transaction.atomic
def allocations_end_for_staff(
    *,
    by: User,
    care_setting: CareSetting,
    staff: User,
    reason: str,
    ends_on: date | None = None,
) -> list[KeyPersonAllocation]:
    """End every current allocation ``staff`` holds at the setting (they are leaving).

    Raises ValidationError when they hold none any more (someone else ended them: the
    message says who), or when a last day comes before an allocation began (it names the
    child).
    """
    current = list(
        KeyPersonAllocation.objects.filter(
            staff=staff, child__care_setting=care_setting, ends_on__isnull=True
        )
        .select_related("child")
        .order_by("child_id", "kind")
    )
    if not current:
        raise ValidationError(_nothing_to_end_message(care_setting, staff), code="nothing")
    ended = []
    for allocation in current:
        try:
            ended.append(
                key_person_end(
                    by=by,
                    child=allocation.child,
                    kind=allocation.kind,
                    reason=reason,
                    ends_on=ends_on,
                )
            )
        except ValidationError as error:
            raise _naming(allocation.child, error) from error
    return ended


def _naming(child: Child, error: ValidationError) -> ValidationError:
    """Return the refusal with the child's name before each message, fields kept."""
    name = f"{child.known_as} {child.last_name}"
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [f"{name}: {message}" for message in messages]
                for field, messages in error.message_dict.items()
            }
        )
    return ValidationError([f"{name}: {message}" for message in error.messages])


def _nothing_to_end_message(care_setting: CareSetting, staff: User) -> str:
    last = (
        KeyPersonAllocation.objects.filter(
            staff=staff, child__care_setting=care_setting, ends_on__isnull=False
        )
        .select_related("ended_by")
        .order_by("-ends_on", "-pk")
        .first()
    )
    said = f"{staff.full_name} holds no key-person or buddy allocations now"
    if last is not None and last.ended_by is not None:
        said += f": {last.ended_by.full_name} ended the last of them, on {last.ends_on:%-d %B %Y}"
    return f"{said}. Nothing was changed."


def staff_left(*, membership: Membership, by: User, reason: str) -> None:
    """End the allocations of a member of staff who was deactivated, as when staff leave.

    Registered on ``accounts.lifecycle.on_staff_left``: the same flow as the staff-leaving
    page, ending today, with the reason given for the deactivation.
    """
    try:
        allocations_end_for_staff(
            by=by, care_setting=membership.care_setting, staff=membership.user, reason=reason
        )
    except ValidationError as error:
        # Someone who holds no allocation has nothing to end: the deactivation goes ahead.
        if error.code != "nothing":
            raise


def _allocations_end_on(child: Child, day: date) -> None:
    """End the child's open allocations on ``day`` (one starting later ends on its first day).

    One UPDATE, no audit event: the child's leave or move is the event the trail records.
    """
    KeyPersonAllocation.objects.filter(child=child, ends_on__isnull=True).update(
        ends_on=Greatest(F("starts_on"), Value(day, output_field=models.DateField()))
    )


def child_left(*, child: Child, left_on: date, **_: object) -> None:
    """A child left the setting: their key person and buddy allocations end on the day.

    Registered on ``children.lifecycle.on_left``.
    """
    _allocations_end_on(child, left_on)


def child_moved(*, child: Child, moved_on: date, **_: object) -> None:
    """A child moved setting: the old setting's staff stop being their key persons.

    Registered on ``children.lifecycle.on_moved``; the new setting allocates its own.
    """
    _allocations_end_on(child, moved_on)


# --- The setting's limit of key children ---------------------------------------------


LIMIT_CONFLICT = (
    "Someone else changed the limit while you were editing it. Yours has not been saved: "
    "check what is saved now and save again."
)


@transaction.atomic
def key_children_limit_set(
    *, by: User, care_setting: CareSetting, limit: int, version: int
) -> bool:
    """Set the most key children one key person should hold; False if it already was that.

    ``version`` is the setting's version the editor's form was rendered at: if someone else
    changed the limit since, nothing is written and ``StaleRecord`` is raised. The same
    change sent twice is saved once.
    """
    saved = CareSetting.objects.select_for_update(no_key=True).get(pk=care_setting.pk)
    was = saved.key_children_limit
    fields = {"key_children_limit": limit}
    if saved.version == version and was == limit:
        return False
    if not versioned_update(saved, version=version, fields=fields):
        return False
    care_setting.key_children_limit, care_setting.version = limit, saved.version
    audit_record(
        actor=by,
        verb="setting.key_children_limit_changed",
        target=care_setting,
        care_setting=care_setting,
        changes={"key_children_limit": [was, limit]},
    )
    return True


# --- Training ----------------------------------------------------------------------


def training_expiry(*, course: str, completed_on: date, care_setting: CareSetting) -> date | None:
    """Return when a course completed on the day needs refreshing, or None if it does not.

    Safeguarding follows the setting's LA (``safeguarding_training_years``, 2 by default);
    DSL training lasts 2 years, paediatric first aid 3; the others have no fixed expiry.
    """
    if course == Course.SAFEGUARDING:
        years: int | None = care_setting.local_authority.safeguarding_training_years
    else:
        years = COURSE_VALID_YEARS[course]
    return add_years(completed_on, years) if years else None


@transaction.atomic
def training_record_add(
    *,
    by: User,
    care_setting: CareSetting,
    staff: User,
    course: str,
    completed_on: date,
    expires_on: date | None = None,
    provider: str = "",
    submission_token: uuid.UUID | None = None,
) -> TrainingRecord:
    """Record a course a member of staff completed; ``expires_on`` is worked out if not given.

    An expiry typed in overrides the course's usual validity (a certificate may say so).
    ``AlreadySaved`` when the same form was saved before: the course is recorded once.
    """
    claim = claim_submission(token=submission_token, by=by)
    _require_member(staff=staff, care_setting_id=care_setting.pk)
    if completed_on > dates.today():
        raise ValidationError({"completed_on": "The date completed must be today or in the past"})
    if expires_on is None:
        expires_on = training_expiry(
            course=course, completed_on=completed_on, care_setting=care_setting
        )
    elif expires_on <= completed_on:
        raise ValidationError({"expires_on": "The expiry date must be after the date completed"})
    record = TrainingRecord.objects.create(
        staff=staff,
        care_setting=care_setting,
        course=course,
        completed_on=completed_on,
        expires_on=expires_on,
        provider=provider,
        recorded_by=by,
    )
    claim.saved(record)
    audit_record(
        actor=by,
        verb="training.recorded",
        target=record,
        subject=staff,
        care_setting=care_setting,
        changes={
            "staff": staff.email,
            "course": course,
            "completed_on": completed_on.isoformat(),
            "expires_on": expires_on.isoformat() if expires_on else None,
            "provider": provider,
        },
    )
    return record
