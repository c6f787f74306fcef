"""Reads for key persons, caseloads, training and the setting dashboards.

Every list is built in a fixed number of queries: related rows come with
``select_related``/``prefetch_related`` and yes/no facts as ``Exists`` annotations, and the
rows handed to templates are plain dataclasses, so templates make no queries.

A training record counts where it was recorded: a setting's pages and warnings read the
records kept by that setting. For each person and course only the newest record (latest
completion) counts, so a renewed course is not reported as expired.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import CareSetting, Membership, User
from accounts.permissions import Access, Action, can_view_caseload, child_scope, require
from children.models import Child, on_roll_q
from keypersons.models import KeyPersonAllocation, TrainingRecord
from notifications.rules import ToDo, to_dos

Kind = KeyPersonAllocation.Kind
Course = TrainingRecord.Course
EXPIRING_WITHIN_DAYS = 30
# The kind of keypersons.reminders.key_person_unallocated, which the overview asks for.
UNALLOCATED_REMINDER = "key_person.unallocated"


# --- Training status ----------------------------------------------------------------


class TrainingStatus(StrEnum):
    EXPIRED = "expired"
    EXPIRING = "expiring"
    IN_DATE = "in_date"
    NONE = "none"


# GOV.UK tag colour and words for each status.
TRAINING_TAGS = {
    TrainingStatus.EXPIRED: ("red", "Expired"),
    TrainingStatus.EXPIRING: ("yellow", "Expires soon"),
    TrainingStatus.IN_DATE: ("green", "In date"),
    TrainingStatus.NONE: ("grey", "None recorded"),
}


def training_status(record: TrainingRecord | None, today: date) -> TrainingStatus:
    """Return whether the record is expired, expiring within 30 days, in date, or missing.

    A course expires *on* ``expires_on``: from that day it is no longer current.
    """
    if record is None:
        return TrainingStatus.NONE
    if record.expires_on is None or record.expires_on > today + timedelta(
        days=EXPIRING_WITHIN_DAYS
    ):
        return TrainingStatus.IN_DATE
    if record.expires_on <= today:
        return TrainingStatus.EXPIRED
    return TrainingStatus.EXPIRING


def _current_training(today: date) -> Q:
    return Q(completed_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gt=today))


def newest_training() -> QuerySet[TrainingRecord]:
    """Return every setting's newest record per person and course, for its active staff."""
    newer = TrainingRecord.objects.filter(
        staff=OuterRef("staff"), care_setting=OuterRef("care_setting"), course=OuterRef("course")
    ).filter(
        Q(completed_on__gt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), pk__gt=OuterRef("pk"))
    )
    active = Membership.objects.filter(
        user=OuterRef("staff"), care_setting=OuterRef("care_setting"), is_active=True
    )
    return TrainingRecord.objects.filter(~Exists(newer), Exists(active))


def latest_training(care_setting: CareSetting) -> QuerySet[TrainingRecord]:
    """Return the setting's newest record per person and course, for active staff only."""
    return newest_training().filter(care_setting=care_setting)


def training_running_out(today: date) -> QuerySet[TrainingRecord]:
    """Return the newest records, in active settings, of active staff that have expired or
    expire within 30 days: what the ``training.expiring`` reminder and the dashboards show.
    """
    return newest_training().filter(
        expires_on__isnull=False,
        expires_on__lte=today + timedelta(days=EXPIRING_WITHIN_DAYS),
        staff__is_active=True,
        care_setting__is_active=True,
    )


@dataclass(frozen=True)
class TrainingCell:
    course: str
    course_label: str
    record: TrainingRecord | None
    status: TrainingStatus

    @property
    def colour(self) -> str:
        return TRAINING_TAGS[self.status][0]

    @property
    def label(self) -> str:
        return TRAINING_TAGS[self.status][1]


@dataclass(frozen=True)
class TrainingRow:
    membership: Membership
    cells: list[TrainingCell]


def training_matrix(care_setting: CareSetting, today: date) -> list[TrainingRow]:
    """Return every active member of staff with their newest record of each course."""
    members = staff_members(care_setting)
    newest = {(record.staff_id, record.course): record for record in latest_training(care_setting)}
    return [
        TrainingRow(
            membership=member,
            cells=[
                TrainingCell(
                    course=course,
                    course_label=label,
                    record=newest.get((member.user_id, course)),
                    status=training_status(newest.get((member.user_id, course)), today),
                )
                for course, label in Course.choices
            ],
        )
        for member in members
    ]


def training_records_of(care_setting: CareSetting, staff: User) -> QuerySet[TrainingRecord]:
    """Return every record the setting keeps for one person, newest first."""
    return TrainingRecord.objects.filter(care_setting=care_setting, staff=staff).order_by(
        "course", "-completed_on", "-pk"
    )


def training_due(
    care_setting: CareSetting, today: date, *, staff: User | None = None
) -> list[tuple[TrainingRecord, TrainingCell]]:
    """Return the newest records that have expired or expire within 30 days, soonest first.

    The same records the ``training.expiring`` reminder finds (``training_running_out``).
    """
    records = (
        training_running_out(today)
        .filter(care_setting=care_setting)
        .select_related("staff")
        .order_by("expires_on", "staff__full_name")
    )
    if staff is not None:
        records = records.filter(staff=staff)
    return [
        (
            record,
            TrainingCell(
                course=record.course,
                course_label=record.get_course_display(),
                record=record,
                status=training_status(record, today),
            ),
        )
        for record in records
    ]


# --- Staff --------------------------------------------------------------------------


def staff_members(care_setting: CareSetting) -> QuerySet[Membership]:
    """Return the setting's active staff with their users, by name."""
    return (
        Membership.objects.filter(care_setting=care_setting, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def staff_users(care_setting: CareSetting) -> QuerySet[User]:
    """Return the users who are active staff at the setting: who may be allocated."""
    return User.objects.filter(
        memberships__care_setting=care_setting, memberships__is_active=True
    ).order_by("full_name", "email")


def _holds_key_child(care_setting: CareSetting, today: date, prefix: str = "") -> Q:
    """Return the filter on allocations for a current key child on roll at the setting."""
    return Q(
        **{
            f"{prefix}kind": Kind.KEY_PERSON,
            f"{prefix}ends_on__isnull": True,
            f"{prefix}child__care_setting": care_setting,
        }
    ) & on_roll_q(today, prefix=f"{prefix}child__")


def staff_with_caseloads(care_setting: CareSetting, today: date) -> QuerySet[User]:
    """Return who may be allocated, each with ``key_child_count`` and ``looked_after_count``.

    One query: the counts are annotations (current key-person allocations of children on
    roll at this setting; buddies and other settings' children do not count).
    """
    holds = _holds_key_child(care_setting, today, prefix="allocations__")
    looked_after = Q(allocations__child__looked_after_status=Child.LookedAfter.LOOKED_AFTER)
    return staff_users(care_setting).annotate(
        key_child_count=Count("allocations", filter=holds),
        looked_after_count=Count("allocations", filter=holds & looked_after),
    )


def key_children_count(care_setting: CareSetting, staff: User, today: date) -> int:
    """Return how many key children on roll at the setting ``staff`` holds now."""
    return KeyPersonAllocation.objects.filter(
        _holds_key_child(care_setting, today), staff=staff
    ).count()


def key_children_label(count: int) -> str:
    """Return "no key children", "1 key child" or "6 key children"."""
    if count == 0:
        return "no key children"
    return f"{count} key child{'ren' if count != 1 else ''}"


def limit_warning(staff: Iterable[User], limit: int) -> str:
    """Return the warning about staff already at or past the limit, or "" if nobody is.

    ``staff`` carries the annotations of ``staff_with_caseloads``.
    """
    full = [
        f"{person.full_name} ({key_children_label(person.key_child_count)})"
        for person in staff
        if person.key_child_count >= limit
    ]
    if not full:
        return ""
    names = full[0] if len(full) == 1 else f"{', '.join(full[:-1])} and {full[-1]}"
    return (
        f"The setting's limit is {key_children_label(limit)} for each key person. "
        f"Already at or over it: {names}. You can still choose them."
    )


def past_limit_note(count: int, limit: int) -> str:
    """Return what to add to a confirmation once someone holds more than the limit, or ""."""
    if count <= limit:
        return ""
    return f" They now have {key_children_label(count)}, over the setting's limit of {limit}."


def cic_trained_ids(care_setting: CareSetting, today: date) -> set[int]:
    """Return the ids of staff with current children in care training at the setting."""
    return set(
        TrainingRecord.objects.filter(
            _current_training(today),
            care_setting=care_setting,
            course=Course.CHILDREN_IN_CARE,
        ).values_list("staff_id", flat=True)
    )


def member_get(care_setting: CareSetting, user_id: int, *, active_only: bool) -> Membership:
    """Return the person's membership of the setting, or 404 for anyone not on its staff."""
    memberships = Membership.objects.filter(care_setting=care_setting).select_related("user")
    if active_only:
        memberships = memberships.filter(is_active=True)
    return get_object_or_404(memberships, user_id=user_id)


def member_get_for(
    access: Access, user_id: int, action: Action, *, active_only: bool
) -> Membership:
    """Return a member of the access's setting if the access may do the action about them.

    Anyone not on the setting's staff (another setting's, a made-up id) is 404 before the
    grant is weighed, so a refusal never confirms that an id exists; a missing grant is 403.
    """
    assert access.care_setting is not None
    membership = member_get(access.care_setting, user_id, active_only=active_only)
    require(access, action)
    return membership


def caseload_member_get_for(access: Access, user_id: int) -> Membership:
    """Return a member of the access's setting whose caseload the access may see: 404, then 403."""
    assert access.care_setting is not None
    membership = member_get(access.care_setting, user_id, active_only=False)
    if not can_view_caseload(access, staff_id=membership.user_id):
        raise PermissionDenied
    return membership


def dsl_names(care_setting: CareSetting) -> list[str]:
    return list(
        Membership.objects.filter(care_setting=care_setting, is_active=True, is_dsl=True)
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )


@dataclass(frozen=True)
class Caseload:
    membership: Membership
    key_children: int
    buddy_children: int
    looked_after: int


def caseloads(care_setting: CareSetting, today: date) -> list[Caseload]:
    """Return every active member of staff with the number of children they hold."""
    current = KeyPersonAllocation.objects.filter(
        on_roll_q(today, prefix="child__"),
        child__care_setting=care_setting,
        ends_on__isnull=True,
    )
    counts = {
        row["staff_id"]: row
        for row in current.values("staff_id").annotate(
            key_children=Count("pk", filter=Q(kind=Kind.KEY_PERSON)),
            buddy_children=Count("pk", filter=Q(kind=Kind.BUDDY)),
            looked_after=Count(
                "pk",
                filter=Q(
                    kind=Kind.KEY_PERSON, child__looked_after_status=Child.LookedAfter.LOOKED_AFTER
                ),
            ),
        )
    }
    empty = {"key_children": 0, "buddy_children": 0, "looked_after": 0}
    return [
        Caseload(
            membership=member,
            key_children=counts.get(member.user_id, empty)["key_children"],
            buddy_children=counts.get(member.user_id, empty)["buddy_children"],
            looked_after=counts.get(member.user_id, empty)["looked_after"],
        )
        for member in staff_members(care_setting)
    ]


# --- Children with their key persons --------------------------------------------------


def designated_message(child: Child) -> str:
    """Return the warning for a looked-after child without a trained designated key person.

    Needs the annotations of ``with_key_person_status``; "" when nothing is missing.
    """
    if child.looked_after_status != Child.LookedAfter.LOOKED_AFTER:
        return ""
    headline = f"{child.known_as} needs a designated key person with the children in care training"
    if child.key_person_id is None:
        return f"{headline}: no key person is allocated."
    missing = []
    if not child.key_person_designated:
        missing.append("is not allocated as the designated key person")
    if not child.key_person_trained:
        missing.append("has no current children in care training")
    if not missing:
        return ""
    return f"{headline}: {child.key_person.full_name} {' and '.join(missing)}."


def with_key_person_status(children: QuerySet[Child], today: date) -> QuerySet[Child]:
    """Annotate whether the key person is designated, trained and still on the staff."""
    designated = KeyPersonAllocation.objects.filter(
        child=OuterRef("pk"),
        staff=OuterRef("key_person"),
        kind=Kind.KEY_PERSON,
        ends_on__isnull=True,
        is_designated=True,
    )
    trained = TrainingRecord.objects.filter(
        _current_training(today),
        staff=OuterRef("key_person"),
        care_setting=OuterRef("care_setting"),
        course=Course.CHILDREN_IN_CARE,
    )
    active = Membership.objects.filter(
        user=OuterRef("key_person"), care_setting=OuterRef("care_setting"), is_active=True
    )
    return children.select_related("key_person", "room").annotate(
        key_person_designated=Exists(designated),
        key_person_trained=Exists(trained),
        key_person_active=Exists(active),
    )


def _current_allocations() -> Prefetch:
    return Prefetch(
        "allocations",
        queryset=KeyPersonAllocation.objects.filter(ends_on__isnull=True).select_related("staff"),
        to_attr="current_allocations",
    )


@dataclass(frozen=True)
class ChildRow:
    """A child as the key-person pages show it."""

    child: Child
    age: str
    days_since_start: int
    key_person: KeyPersonAllocation | None = None
    buddy: KeyPersonAllocation | None = None
    warning: str = ""
    overdue: bool = False  # without a key person for longer than the LA allows
    is_buddy: bool = False  # on a caseload: held as buddy, not as key person
    todos: list["RowToDo"] = field(default_factory=list)

    @property
    def todo(self) -> list[str]:
        """Return what needs doing, in words."""
        return [item.text for item in self.todos]

    @property
    def key_person_left(self) -> bool:
        return self.child.key_person_id is not None and not self.child.key_person_active


def _row(
    child: Child,
    today: date,
    *,
    alert_days: int = 0,
    overdue: bool | None = None,
    **extra: object,
) -> ChildRow:
    current = {a.kind: a for a in getattr(child, "current_allocations", [])}
    days = (today - child.start_date).days
    if overdue is None:
        overdue = bool(alert_days) and child.key_person_id is None and days >= alert_days
    return ChildRow(
        child=child,
        age=child.age_label(today),
        days_since_start=days,
        key_person=current.get(Kind.KEY_PERSON),
        buddy=current.get(Kind.BUDDY),
        warning=designated_message(child),
        overdue=overdue,
        **extra,  # type: ignore[arg-type]
    )


def _on_roll(care_setting: CareSetting) -> QuerySet[Child]:
    return Child.objects.filter(care_setting=care_setting).on_roll()


def allocation_board(care_setting: CareSetting, today: date) -> list[ChildRow]:
    """Return every child on roll, those without a key person first, then by name."""
    children = (
        with_key_person_status(_on_roll(care_setting), today)
        .prefetch_related(_current_allocations())
        .annotate(
            has_key_person=Case(
                When(key_person__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("has_key_person", "last_name", "first_name", "pk")
    )
    alert_days = care_setting.local_authority.unallocated_key_person_days
    return [_row(child, today, alert_days=alert_days) for child in children]


def child_for_allocation(access: Access, child_id: int, today: date) -> Child:
    """Return the setting's child for its allocation page, or 404; 403 without the right."""
    assert access.care_setting is not None
    child = get_object_or_404(
        with_key_person_status(
            Child.objects.filter(care_setting=access.care_setting), today
        ).select_related("care_setting"),
        pk=child_id,
    )
    require(access, Action.ALLOCATE_KEY_PERSON, child=child)
    return child


def allocation_history(child: Child) -> QuerySet[KeyPersonAllocation]:
    """Return every allocation the child has had, newest first."""
    return (
        KeyPersonAllocation.objects.filter(child=child)
        .select_related("staff", "allocated_by")
        .order_by("-starts_on", "-created_at", "-pk")
    )


def children_for_bulk(care_setting: CareSetting) -> QuerySet[Child]:
    """Return the children a bulk allocation may pick from: those on roll."""
    return _on_roll(care_setting)


# --- Caseloads and "my key children" --------------------------------------------------


@dataclass(frozen=True)
class RowToDo:
    """One thing to do on a child's row: a reminder rule's finding, with the page to do it."""

    kind: str
    text: str
    due_on: date
    url: str = ""  # empty where the viewer reads it but another person does it


def todos_for_row(
    found: list[ToDo], *, child: Child, staff_id: int, is_buddy: bool
) -> list[RowToDo]:
    """Return the reminders' findings that belong on this person's row for the child.

    On a key child's row: what the rules tell this person about the child. On a buddy
    child's row also what they tell the child's key person, where the rule says the buddy,
    who covers for them, sees it (not a key person's own drafts, nor concerns for the DSL).
    """
    shown: dict[tuple[str, str], RowToDo] = {}
    for item in found:
        if item.child_id != child.pk:
            continue
        mine = item.recipient_id == staff_id
        covered = (
            is_buddy
            and item.buddy_sees
            and child.key_person_id is not None
            and item.recipient_id == child.key_person_id
        )
        key = (item.kind, item.due.subject_key)
        if mine or (covered and key not in shown):
            # The link is the recipient's: a buddy reads what is due, the key person acts.
            shown[key] = RowToDo(
                kind=item.kind, text=item.text, due_on=item.due_on, url=item.url if mine else ""
            )
    return list(shown.values())


def caseload_rows(
    care_setting: CareSetting, staff: User, today: date, *, with_todos: bool = True
) -> list[ChildRow]:
    """Return the children on roll whose key person or buddy ``staff`` is, key children first.

    Each row carries what needs doing (``with_todos``): what the reminder rules find for the
    child and this person (``todos_for_row``), from the rules' own queries, so the dashboard
    and the notifications cannot disagree.
    """
    buddy = KeyPersonAllocation.objects.filter(
        child=OuterRef("pk"), staff=staff, kind=Kind.BUDDY, ends_on__isnull=True
    )
    children = list(
        with_key_person_status(_on_roll(care_setting), today)
        .annotate(is_buddy=Exists(buddy))
        .filter(Q(key_person=staff) | Q(is_buddy=True))
        .prefetch_related(_current_allocations())
        .order_by("is_buddy", "last_name", "first_name", "pk")
    )
    found = (
        to_dos(today=today, children=Child.objects.filter(pk__in=[c.pk for c in children]))
        if with_todos and children
        else []
    )
    rows = []
    for child in children:
        is_buddy = child.is_buddy and child.key_person_id != staff.pk
        rows.append(
            _row(
                child,
                today,
                is_buddy=is_buddy,
                todos=todos_for_row(found, child=child, staff_id=staff.pk, is_buddy=is_buddy),
            )
        )
    return rows


# --- The manager's overview ------------------------------------------------------------


@dataclass(frozen=True)
class ChildToDos:
    """A child with what the reminders tell the viewer to do for them."""

    child: Child
    todos: list[ToDo]


@dataclass(frozen=True)
class Overview:
    unallocated_count: int
    unallocated: list[ChildRow]
    looked_after: list[ChildRow]
    training_due: list[tuple[TrainingRecord, TrainingCell]] | None
    # What the reminder rules tell the viewer about children in their scope, by child.
    to_dos: list[ChildToDos] = field(default_factory=list)


def setting_overview(access: Access, today: date, *, with_training: bool) -> Overview:
    """Return the overview's lists, limited to the children the access may see.

    The count of unallocated children is the setting's; the lists name only children in
    the viewer's scope (an improvement advisor sees the looked-after ones, for example).
    What needs doing, and which children have waited too long for a key person, is what
    the reminder rules find (``notifications.rules.to_dos``), from their own queries.
    """
    care_setting = access.care_setting
    assert care_setting is not None
    unallocated_count = _on_roll(care_setting).aggregate(
        n=Coalesce(Count("pk", filter=Q(key_person__isnull=True)), 0)
    )["n"]
    in_scope = _on_roll(care_setting).filter(child_scope(access))
    found = to_dos(today=today, children=in_scope)
    waited_too_long = {item.child_id for item in found if item.kind == UNALLOCATED_REMINDER}
    children = (
        with_key_person_status(in_scope, today)
        .filter(Q(key_person__isnull=True) | Q(looked_after_status=Child.LookedAfter.LOOKED_AFTER))
        .order_by("start_date", "last_name", "first_name", "pk")
    )
    rows = [_row(child, today, overdue=child.pk in waited_too_long) for child in children]
    return Overview(
        unallocated_count=unallocated_count,
        unallocated=[row for row in rows if row.child.key_person_id is None],
        looked_after=sorted(
            (row for row in rows if row.child.is_looked_after),
            key=lambda row: (row.child.last_name, row.child.first_name),
        ),
        training_due=training_due(care_setting, today) if with_training else None,
        to_dos=_by_child(found, recipient_id=access.user.pk),
    )


def _by_child(found: list[ToDo], *, recipient_id: int) -> list[ChildToDos]:
    """Return the findings for one recipient grouped by child, children by name."""
    mine: dict[int, list[ToDo]] = {}
    seen: set[tuple[str, str]] = set()
    for item in found:
        key = (item.kind, item.due.subject_key)
        if item.recipient_id != recipient_id or item.child_id is None or key in seen:
            continue
        seen.add(key)
        mine.setdefault(item.child_id, []).append(item)
    if not mine:
        return []
    children = Child.objects.filter(pk__in=list(mine)).order_by("last_name", "first_name", "pk")
    return [ChildToDos(child=child, todos=mine[child.pk]) for child in children]
