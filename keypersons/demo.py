"""Demo data for key persons and training. Run by ``demo_step``.

Deterministic and idempotent. At every setting the practitioners share the children; at
Acorn Day Nursery the demo key person has the looked-after children (as their designated
key person, with the children in care training), and the two newest starters are left
unallocated so the allocation board and the reminder have something to show.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.db.models import Q

from accounts.models import Membership, User
from children.models import Child
from common.dates import add_years
from common.demo import DemoContext
from keypersons.models import KeyPersonAllocation, TrainingRecord

SEED = 2028
KEY_PERSON_LOGIN = "keyperson@demo.test"
UNALLOCATED_AT = "acorn-day-nursery"


def demo_allocations(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Allocate a key person (and some buddies) to the demo children; return what was created."""
    rng = random.Random(SEED)
    created: Counter[str] = Counter()
    members = list(
        Membership.objects.filter(care_setting_id__in=setting_ids, is_active=True)
        .select_related("user", "care_setting")
        .order_by("care_setting_id", "user__email")
    )
    staff_by_setting: dict[int, list[User]] = {}
    for member in members:
        # Managers of group settings do not usually hold a caseload; a childminder does.
        if (
            member.role == Membership.Role.PRACTITIONER
            or member.care_setting.kind == "childminder"
        ):
            staff_by_setting.setdefault(member.care_setting_id, []).append(member.user)
    key_person = next((m.user for m in members if m.user.email == KEY_PERSON_LOGIN), None)

    children = list(
        Child.objects.filter(care_setting_id__in=setting_ids)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .select_related("care_setting")
        .order_by("care_setting_id", "-start_date", "last_name", "first_name")
    )
    current = {
        (allocation.child_id, allocation.kind)
        for allocation in KeyPersonAllocation.objects.filter(
            child__in=children, ends_on__isnull=True
        )
    }
    ever = set(
        KeyPersonAllocation.objects.filter(child__in=children).values_list("child_id", flat=True)
    )
    unallocated_left = 2
    new, key_person_of = [], {}
    for child in children:
        staff = staff_by_setting.get(child.care_setting_id, [])
        if not staff or child.pk in ever:
            continue
        looked_after = child.looked_after_status == Child.LookedAfter.LOOKED_AFTER
        if child.care_setting.slug == UNALLOCATED_AT and unallocated_left and not looked_after:
            unallocated_left -= 1  # the newest starters wait for a key person
            continue
        if looked_after and key_person is not None and key_person in staff:
            chosen = key_person
        else:
            chosen = staff[rng.randrange(len(staff))]
        settled = child.start_date + timedelta(days=rng.randint(3, 8))
        starts_on = min(settled, today)
        if (child.pk, KeyPersonAllocation.Kind.KEY_PERSON) not in current:
            new.append(
                KeyPersonAllocation(
                    child=child,
                    staff=chosen,
                    kind=KeyPersonAllocation.Kind.KEY_PERSON,
                    is_designated=looked_after,
                    starts_on=starts_on,
                    reason="Allocated when the child settled in",
                )
            )
            key_person_of[child.pk] = chosen
        others = [person for person in staff if person != chosen]
        if others and rng.random() < 0.4 and (child.pk, "buddy") not in current:
            new.append(
                KeyPersonAllocation(
                    child=child,
                    staff=others[rng.randrange(len(others))],
                    kind=KeyPersonAllocation.Kind.BUDDY,
                    starts_on=starts_on,
                    reason="Buddy for the key person's days off",
                )
            )
    KeyPersonAllocation.objects.bulk_create(new)
    created["key-person allocations"] += len(new)
    for child in children:
        if child.pk in key_person_of and child.key_person_id != key_person_of[child.pk].pk:
            child.key_person = key_person_of[child.pk]
    Child.objects.bulk_update([c for c in children if c.pk in key_person_of], ["key_person"])
    return created


def demo_training(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Give the demo staff training records, a few expiring soon and one expired."""
    rng = random.Random(SEED + 1)
    created: Counter[str] = Counter()
    members = list(
        Membership.objects.filter(care_setting_id__in=setting_ids, is_active=True)
        .select_related("user", "care_setting__local_authority")
        .order_by("care_setting_id", "user__email")
    )
    have = set(
        TrainingRecord.objects.filter(care_setting_id__in=setting_ids).values_list(
            "staff_id", "course"
        )
    )
    course = TrainingRecord.Course
    new = []
    for index, member in enumerate(members):
        plan: list[tuple[str, int, int | None]] = []  # course, days ago, valid years
        years = member.care_setting.local_authority.safeguarding_training_years
        # Every fifth person's safeguarding runs out within the month; one has lapsed.
        if index % 5 == 2:
            ago = years * 365 - rng.randint(5, 25)
        elif index == 7:
            ago = years * 365 + 12
        else:
            ago = rng.randint(30, years * 365 - 60)
        plan.append((course.SAFEGUARDING, ago, years))
        if rng.random() < 0.7:
            plan.append((course.PAEDIATRIC_FIRST_AID, rng.randint(60, 3 * 365 - 40), 3))
        if member.is_dsl:
            plan.append((course.DSL, rng.randint(90, 600), 2))
        if member.user.email == KEY_PERSON_LOGIN:
            plan.append((course.CHILDREN_IN_CARE, 200, None))
            plan.append((course.ATTACHMENT_TRAUMA, 320, None))
        elif rng.random() < 0.3:
            plan.append((course.POSITIVE_BEHAVIOUR, rng.randint(60, 700), None))
        for name, days_ago, valid in plan:
            if (member.user_id, name) in have:
                continue
            completed = today - timedelta(days=days_ago)
            new.append(
                TrainingRecord(
                    staff=member.user,
                    care_setting=member.care_setting,
                    course=name,
                    completed_on=completed,
                    expires_on=add_years(completed, valid) if valid else None,
                    provider="Northshire Early Years Training"
                    if member.care_setting.local_authority.slug == "northshire"
                    else "Westvale Learning Partnership",
                )
            )
    TrainingRecord.objects.bulk_create(new)
    created["training records"] += len(new)
    return created


def demo_step(ctx: DemoContext) -> None:
    """Seed the key persons' part of the demo: allocations, then training."""
    for part in (demo_allocations, demo_training):
        ctx.created.update(part(setting_ids=ctx.setting_ids, today=ctx.today))
