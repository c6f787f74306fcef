"""Demo data for the progress check at age two.

Most children aged 27 to 35 months have a check, done at about 25 months; in each setting one
child aged 33 months or more is left without one (the "late" reminder), and one younger child
still due (children aged 24 to 26 months are due anyway). Children of 36 months and over had
theirs at about 25 months too, so the LA's children in care report counts real checks. In
each setting one check is shared with the health visitor, for a child whose carers consented.

Deterministic and idempotent: a child's check is its natural key; only missing checks are
created and only an unshared check is marked shared.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.db.models import Q

from children.models import Child, Consent
from children.selectors import has_consent
from common.dates import add_months
from common.demo import DemoContext
from learning.check.selectors import CHECK_BY_MONTHS, CHECK_LATE_MONTHS
from learning.models import ProgressCheckAtTwo

DONE_FROM_MONTHS = 27
COMMUNICATION = [
    "Uses a range of single words and is starting to put two words together. Enjoys "
    "songs with actions and joins in with the last word.",
    "Understands simple instructions such as 'get your coat'. Points and uses gestures "
    "to show what she wants, and babbles in her home language.",
    "Talks in short phrases about what he is doing. Listens to short stories in a small "
    "group and names familiar objects in picture books.",
]
PERSONAL = [
    "Settles well with a key person and is beginning to play alongside other children. "
    "Shows pride when praised.",
    "Seeks comfort from familiar adults when unsure. Is learning to wait for a turn with "
    "support and enjoys helping to tidy up.",
    "Confident to explore the room. Sometimes finds sharing hard and needs an adult to help "
    "name feelings.",
]
PHYSICAL = [
    "Walks and runs confidently, climbs the low frame and kicks a large ball. Feeds "
    "himself with a spoon.",
    "Enjoys the garden: pushes a wheeled toy and is learning to jump with two feet. Makes "
    "marks with chunky crayons.",
    "Moves with confidence and is beginning to use the potty. Turns the pages of a board book.",
]
STRENGTHS = [
    "Loves stories and singing; very sociable with adults.",
    "Curious and persistent: keeps trying with puzzles.",
    "Physically confident and enjoys being outdoors.",
]
LESS_THAN_EXPECTED = [
    "",
    "",
    "Uses fewer words than expected for her age. We will model language during play and "
    "snack time; parents will share songs at home. Reviewed in six weeks.",
]
NEXT_STEPS = [
    "Extend two-word phrases during snack time and story time.",
    "Support turn-taking in small-group games.",
    "Offer more mark-making outdoors with large brushes and chalk.",
]
PARENT_COMMENTS = [
    "We are pleased with how she has settled. She sings the nursery songs at home.",
    "",
    "He talks much more at home, in both our languages.",
]


def demo_check(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Record demo progress checks for the settings' children; return what was created."""
    created: Counter[str] = Counter()
    youngest_born = add_months(today, -DONE_FROM_MONTHS)
    oldest_born = add_months(today, -CHECK_BY_MONTHS)
    late_born = add_months(today, -CHECK_LATE_MONTHS)
    children = list(
        Child.objects.filter(
            Q(leave_date__isnull=True) | Q(leave_date__gt=today),
            care_setting_id__in=setting_ids,
            date_of_birth__lte=youngest_born,
        )
        .select_related("key_person")
        .order_by("care_setting_id", "date_of_birth", "pk")
    )
    have_check = {
        check.child_id: check for check in ProgressCheckAtTwo.objects.filter(child__in=children)
    }
    left_out: set[int] = set()
    by_setting: dict[int, list[Child]] = {}
    for child in children:
        by_setting.setdefault(child.care_setting_id, []).append(child)
    for setting_children in by_setting.values():
        # Only children still within the check's window are left without one.
        window = [child for child in setting_children if child.date_of_birth > oldest_born]
        late = [child for child in window if child.date_of_birth <= late_born]
        due = [child for child in window if child.date_of_birth > late_born]
        if late:
            left_out.add(late[-1].pk)  # the youngest of the late: still time to do it
        if due:
            left_out.add(due[-1].pk)

    new_checks = []
    for child in children:
        if child.pk in left_out or child.pk in have_check:
            continue
        rng = random.Random(f"demo-check-{child.pk}")
        completed_on = min(
            add_months(child.date_of_birth, 25) + timedelta(days=rng.randint(0, 40)), today
        )
        new_checks.append(
            ProgressCheckAtTwo(
                child=child,
                completed_on=completed_on,
                communication_and_language=rng.choice(COMMUNICATION),
                personal_social_emotional=rng.choice(PERSONAL),
                physical_development=rng.choice(PHYSICAL),
                strengths=rng.choice(STRENGTHS),
                less_than_expected=rng.choice(LESS_THAN_EXPECTED),
                next_steps=rng.choice(NEXT_STEPS),
                parent_comments=rng.choice(PARENT_COMMENTS),
                by=child.key_person,
            )
        )
    ProgressCheckAtTwo.objects.bulk_create(new_checks)
    created["progress checks at age two"] += len(new_checks)

    checks = {check.child_id: check for check in [*have_check.values(), *new_checks]}
    for setting_children in by_setting.values():
        with_check = [
            child
            for child in setting_children
            if child.pk in checks and child.date_of_birth > oldest_born
        ]
        if any(checks[child.pk].shared_with_health_visitor_on for child in with_check):
            continue
        for child in with_check:
            check = checks[child.pk]
            shared_on = min(check.completed_on + timedelta(days=7), today)
            if has_consent(child, Consent.Kind.HEALTH_VISITOR, shared_on):
                ProgressCheckAtTwo.objects.filter(pk=check.pk).update(
                    shared_with_health_visitor_on=shared_on
                )
                created["progress checks shared with the health visitor"] += 1
                break
    return created


def demo_step(ctx: DemoContext) -> None:
    """Seed the progress check at two's part of the demo, once the children exist."""
    ctx.created.update(demo_check(setting_ids=ctx.setting_ids, today=ctx.today))
