"""Demo data for safeguarding: one concern waiting for Acorn's DSL.

Idempotent: the concern is found by its setting and text. Runs after the learning
journey's step, so the concern can point at the child's latest observation.
"""

from collections import Counter
from datetime import date

from accounts.demo import ACORN
from accounts.models import CareSetting, User
from common.demo import DemoContext
from learning.models import Observation
from safeguarding.models import Concern

CONCERN_TEXT = (
    "Came in very hungry again this morning and ate three bowls of cereal. Said 'no tea "
    "last night'. Third time this fortnight. Clothes the same as the last two days."
)


def demo_concerns(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Leave one unacknowledged concern waiting for Acorn's DSL; return counts."""
    created: Counter[str] = Counter()
    care_setting = CareSetting.objects.filter(pk__in=setting_ids, slug=ACORN).first()
    if care_setting is None or not Observation.objects.filter(care_setting=care_setting).exists():
        return created  # no journey (no framework data): nothing sensible to point at
    if Concern.objects.filter(care_setting=care_setting, text=CONCERN_TEXT).exists():
        return created
    staff = list(
        User.objects.filter(
            memberships__care_setting=care_setting, memberships__is_active=True
        ).order_by("pk")
    )
    on_roll = list(
        care_setting.children.filter(start_date__lte=today, leave_date__isnull=True).order_by("pk")
    )
    if not staff or not on_roll:
        return created
    child = on_roll[len(on_roll) // 2]
    raiser = next((user for user in staff if user.pk == child.key_person_id), staff[-1])
    observation = (
        Observation.objects.filter(children=child, status=Observation.Status.PUBLISHED)
        .order_by("-observed_on")
        .first()
    )
    Concern.objects.create(
        care_setting=care_setting,
        child=child,
        observation=observation,
        raised_by=raiser,
        text=CONCERN_TEXT,
    )
    created["concerns"] += 1
    return created


def demo_step(ctx: DemoContext) -> None:
    """Seed safeguarding's part of the demo, once the learning journeys exist."""
    ctx.created.update(demo_concerns(setting_ids=ctx.setting_ids, today=ctx.today))
