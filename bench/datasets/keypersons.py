"""Key persons' part of the bench dataset: allocations and training."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from bench.datasets import Build
from bench.scale import (
    COURSE_YEARS,
    SCALE,
    TRAINING_EXPIRED,
    TRAINING_EXPIRING,
    at,
    shift_years,
)


def plan_allocations(
    children: list[Any],
    memberships: list[Any],
    *,
    large_setting: int,
    key_person: int,
    hub_child: Any,
    rng: random.Random,
    today: date,
    now: datetime,
) -> tuple[list[Any], set[tuple[int, int]]]:
    """Allocate key persons as keypersons.services would have, and set Child.key_person.

    Of the children on roll, ``allocated_percent`` have a key person (practitioners hold
    caseloads; a childminder holds their own), ``buddy_percent`` of those a buddy, and
    ``reallocated_percent`` an earlier key person whose allocation ended on the day the
    current one started. Most leavers have the allocation their leaving ended. Looked-after
    children's key persons are mostly designated. At the largest setting the key-person
    persona holds exactly ``key_children_of_key_person`` children, the hub child among
    them, and is buddy to ``buddy_children_of_key_person`` more.

    Return the allocation rows (their children not saved yet) and the (setting, staff)
    pairs of designated key persons, who mostly have the children in care training.
    """
    from keypersons.models import KeyPersonAllocation

    key, buddy = KeyPersonAllocation.Kind.KEY_PERSON, KeyPersonAllocation.Kind.BUDDY
    everyone: dict[int, list[int]] = {}
    active: dict[int, list[int]] = {}
    practitioners: dict[int, list[int]] = {}
    managers: dict[int, int] = {}
    for member in memberships:
        setting = member.care_setting_id
        everyone.setdefault(setting, []).append(member.user_id)
        if member.role == "manager":
            managers.setdefault(setting, member.user_id)
        if member.is_active:
            active.setdefault(setting, []).append(member.user_id)
            if member.role == "practitioner":
                practitioners.setdefault(setting, []).append(member.user_id)

    def pool(setting: int) -> list[int]:
        staff = practitioners.get(setting) or active[setting]
        return [u for u in staff if u != key_person] if setting == large_setting else staff

    rows: list[Any] = []
    designated: set[tuple[int, int]] = set()

    def allocate(child: Any, staff: int, kind: str, starts: date, **fields: Any) -> None:
        rows.append(
            KeyPersonAllocation(
                child=child,
                staff_id=staff,
                kind=kind,
                starts_on=starts,
                allocated_by_id=managers.get(child.care_setting_id),
                created_at=at(starts, today=today, now=now),
                **fields,
            )
        )

    def settled(child: Any) -> date:
        return min(child.start_date + timedelta(days=rng.randint(3, 8)), today)

    on_roll = [c for c in children if c.leave_date is None]
    share = SCALE["allocated_percent"] / 100
    allocated = [c for c in on_roll if c is hub_child or rng.random() < share]
    large = [c for c in allocated if c.care_setting_id == large_setting and c is not hub_child]
    persona_keys = {
        id(c) for c in [hub_child, *rng.sample(large, SCALE["key_children_of_key_person"] - 1)]
    }
    persona_buddies = {
        id(c)
        for c in rng.sample(
            [c for c in large if id(c) not in persona_keys],
            SCALE["buddy_children_of_key_person"],
        )
    }
    for child in allocated:
        setting = child.care_setting_id
        choices = pool(setting)
        staff = key_person if id(child) in persona_keys else rng.choice(choices)
        starts = settled(child)
        looked_after = child.looked_after_status == "looked_after"
        is_designated = looked_after and (child is hub_child or rng.random() < 0.9)
        days = (today - starts).days
        reason = "Allocated when the child settled in"
        if (
            child is not hub_child
            and days > 60
            and rng.random() < SCALE["reallocated_percent"] / 100
        ):
            switch = starts + timedelta(days=rng.randint(20, days - 1))
            previous = rng.choice([u for u in everyone[setting] if u != staff] or [staff])
            allocate(
                child,
                previous,
                key,
                starts,
                ends_on=switch,
                is_designated=is_designated,
                reason=reason,
            )
            starts, reason = switch, "The previous key person moved room"
        allocate(child, staff, key, starts, is_designated=is_designated, reason=reason)
        child.key_person_id = staff
        if is_designated:
            designated.add((setting, staff))
        others = [u for u in choices if u != staff]
        if id(child) in persona_buddies:
            allocate(child, key_person, buddy, starts, reason="Buddy on the key person's days off")
        elif others and (child is hub_child or rng.random() < SCALE["buddy_percent"] / 100):
            allocate(child, rng.choice(others), buddy, starts, reason="Buddy on days off")
    for child in children:
        if child.leave_date is None:
            continue
        if rng.random() < SCALE["leavers_allocated_percent"] / 100:
            allocate(
                child,
                rng.choice(everyone[child.care_setting_id]),
                key,
                min(settled(child), child.leave_date),
                ends_on=child.leave_date,
                reason="Ended when the child left",
            )
    return rows, designated


def plan_training(
    memberships: list[Any],
    *,
    designated: set[tuple[int, int]],
    key_person: int,
    rng: random.Random,
    today: date,
    now: datetime,
) -> list[Any]:
    """Return 3 to 5 courses for every member of staff, a few expired or expiring.

    Everyone has safeguarding and paediatric first aid, and one to three more: the DSL
    course for a DSL, the children in care course for most designated key persons. Of
    the courses that expire, ``TRAINING_EXPIRED`` have lapsed and ``TRAINING_EXPIRING``
    expire within 30 days; a tenth of the rest were renewed, their older record kept.
    The key-person persona's first aid expires in 12 days.
    """
    from keypersons.models import TrainingRecord

    rows = []

    def record(member: Any, course: str, completed: date, expires: date | None) -> None:
        rows.append(
            TrainingRecord(
                staff_id=member.user_id,
                care_setting_id=member.care_setting_id,
                course=course,
                completed_on=completed,
                expires_on=expires,
                provider="Northshire Early Years Training",
                recorded_at=at(completed, today=today, now=now),
            )
        )

    for member in memberships:
        courses = ["safeguarding", "paediatric_first_aid"]
        pair = (member.care_setting_id, member.user_id)
        if member.user_id == key_person or (pair in designated and rng.random() < 0.85):
            courses.append("children_in_care")
        optional = [
            course
            for course in ("dsl", "attachment_trauma", "positive_behaviour", "children_in_care")
            if course not in courses and (course != "dsl" or member.is_dsl)
        ]
        if member.is_dsl and "dsl" in optional:
            optional.remove("dsl")
            courses.append("dsl")
        wanted = rng.randint(3, 5) - len(courses)
        courses += rng.sample(optional, max(0, min(wanted, len(optional))))
        for course in courses:
            years = COURSE_YEARS[course]
            if years is None:
                record(member, course, today - timedelta(days=rng.randint(30, 1500)), None)
                continue
            roll = rng.random()
            if member.user_id == key_person and course == "paediatric_first_aid":
                expires = today + timedelta(days=12)
            elif roll < TRAINING_EXPIRED:
                expires = today - timedelta(days=rng.randint(1, 240))
            elif roll < TRAINING_EXPIRED + TRAINING_EXPIRING:
                expires = today + timedelta(days=rng.randint(1, 30))
            else:
                expires = today + timedelta(days=rng.randint(31, years * 365 - 30))
            completed = shift_years(expires, -years)
            if expires > today + timedelta(days=30) and rng.random() < 0.1:
                record(member, course, shift_years(completed, -years), completed)
            record(member, course, completed, expires)
    return rows


def plan_key_persons(b: Build) -> None:
    """Choose key persons before the children are saved, so Child.key_person is set."""
    children, memberships, home, hub_child = b.children, b.memberships, b.home, b.hub_child
    extra, today, now, key_person_id = b.extra, b.today, b.now, b.key_person_id
    allocations, designated = plan_allocations(
        children,
        memberships,
        large_setting=home[0].pk,
        key_person=key_person_id,
        hub_child=hub_child,
        rng=extra,
        today=today,
        now=now,
    )
    b.allocations, b.designated = allocations, designated


def save_allocations(b: Build) -> None:
    """Save the allocation rows once the children have ids."""
    from keypersons.models import KeyPersonAllocation

    KeyPersonAllocation.objects.bulk_create(b.allocations, batch_size=b.batch)


def build_training(b: Build) -> None:
    """Staff training, a few courses expired or expiring."""
    from keypersons.models import TrainingRecord

    memberships, designated, key_person_id = b.memberships, b.designated, b.key_person_id
    extra, today, now, batch = b.extra, b.today, b.now, b.batch
    TrainingRecord.objects.bulk_create(
        plan_training(
            memberships,
            designated=designated,
            key_person=key_person_id,
            rng=extra,
            today=today,
            now=now,
        ),
        batch_size=batch,
    )
