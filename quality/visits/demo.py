"""Demo notes of visit by the improvement advisor (advisor@demo.test), through the services.

- **Little Owls Pre-school**, whose latest Ofsted judgement is Requires improvement: notes
  of the visit after the inspection and of a later support visit, both shared and linked
  to its open action plan (opened here through ``plans_follow_inspection`` if no part has
  opened it yet); its manager (littleowls@demo.test) has written reflections on the first.
- **Acorn Day Nursery**: the notes of a monitoring visit, shared, and a support visit's notes
  still a draft (the advisor sees it; Acorn's manager does not).

No grade is given in any of them. Each note is found by its setting and its first answer,
so a second run, on any day, writes nothing.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import ACORN, LITTLE_OWLS
from accounts.models import CareSetting, OfstedInspection, User
from common.demo import DemoContext
from quality.models import ActionPlan, Visit
from quality.plans.services import plans_follow_inspection
from quality.visits.services import visit_record, visit_reflect, visit_share

ADVISOR_LOGIN = "advisor@demo.test"
LITTLE_OWLS_MANAGER_LOGIN = "littleowls@demo.test"

# (setting, days before today, kind, who was met, the three answers, the two scales,
# shared, the setting's reflections)
NOTES = (
    (
        LITTLE_OWLS,
        40,
        Visit.Kind.POST_INSPECTION,
        "The manager and the deputy manager (also the SENCo)",
        "Children are happy and settle quickly. Key persons know their key children and "
        "their families well, and parents spoke warmly of the staff. The outdoor area is "
        "well used in all weathers.",
        "The inspection found that staff do not consistently plan next steps from what "
        "they observe, so some children's learning does not build on what they can already "
        "do. Supervision meetings are not recorded regularly.",
        "The manager writes the setting's action plan with the advisor within two weeks. "
        "Room leaders check next steps in every learning journey each week. Supervision "
        "meetings are booked for every member of staff this half-term.",
        4,
        3,
        True,
        "We agree with the focus on next steps. We have set up weekly room meetings to "
        "look at each child's learning journey together, and supervision dates are in the "
        "diary for everyone.",
    ),
    (
        LITTLE_OWLS,
        12,
        Visit.Kind.SUPPORT,
        "The manager and two room leaders",
        "Weekly room meetings are happening and next steps are now written for most "
        "children. Staff talked confidently about why they chose them.",
        "Next steps are not yet followed through in the activities planned for the week. "
        "Two supervision meetings were moved and not rebooked.",
        "Link each week's planning sheet to the children's next steps. Rebook the two "
        "supervision meetings before half-term. Next visit in four weeks to look at "
        "planning together.",
        6,
        5,
        True,
        "",
    ),
    (
        ACORN,
        25,
        Visit.Kind.MONITORING,
        "The nursery manager",
        "Leaders have a clear picture of the setting's strengths. Staff training is up to "
        "date and the new key person handover sheets work well.",
        "The setting's self-review does not yet say how the baby room's curriculum will "
        "change for the children joining in January.",
        "The manager adds the baby room's plans for January to the self-review and shares "
        "it at the next contact.",
        8,
        8,
        True,
        "",
    ),
    (
        ACORN,
        2,
        Visit.Kind.SUPPORT,
        "The nursery manager and the baby room leader",
        "The baby room's daily routines are calm and well organised.",
        "Not discussed yet: to be written up after the follow-up call.",
        "Follow-up call with the manager next week.",
        None,
        None,
        False,
        "",
    ),
)


def demo_step(ctx: DemoContext) -> None:
    """Seed the notes of visit, once the settings, their people and inspections exist."""
    ctx.created.update(demo_visits(setting_ids=ctx.setting_ids, today=ctx.today))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 30)))


def _open_plan_for(care_setting: CareSetting, advisor: User) -> ActionPlan | None:
    """The setting's open plan; opened after its latest inspection if below Good and none is."""
    plan = ActionPlan.objects.filter(
        care_setting=care_setting, status=ActionPlan.Status.OPEN
    ).first()
    if plan is not None:
        return plan
    latest = (
        OfstedInspection.objects.filter(care_setting=care_setting)
        .order_by("-inspected_on", "-pk")
        .first()
    )
    if latest is None:
        return None
    if not latest.below_good:
        return None
    return plans_follow_inspection(latest, actor=advisor)


@transaction.atomic
def demo_visits(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Write the notes missing; return what was created."""
    created: Counter[str] = Counter()
    settings = {
        setting.slug: setting
        for setting in CareSetting.objects.filter(
            pk__in=setting_ids, slug__in=(ACORN, LITTLE_OWLS)
        )
    }
    advisor = User.objects.filter(email=ADVISOR_LOGIN).first()
    manager = User.objects.filter(email=LITTLE_OWLS_MANAGER_LOGIN).first()
    if advisor is None or not settings:
        return created
    if LITTLE_OWLS in settings:
        _open_plan_for(settings[LITTLE_OWLS], advisor)
    for (
        slug,
        days_ago,
        kind,
        met_with,
        working_well,
        worried_about,
        needs_to_happen,
        setting_scale,
        advisor_scale,
        shared,
        reflections,
    ) in NOTES:
        care_setting = settings.get(slug)
        if care_setting is None:
            continue
        visited_on = today - timedelta(days=days_ago)
        visit = Visit.objects.filter(care_setting=care_setting, working_well=working_well).first()
        if visit is None:
            visit = visit_record(
                care_setting=care_setting,
                by=advisor,
                visited_on=visited_on,
                kind=kind,
                met_with=met_with,
                working_well=working_well,
                worried_about=worried_about,
                needs_to_happen=needs_to_happen,
                setting_scale=setting_scale,
                advisor_scale=advisor_scale,
            )
            Visit.objects.filter(pk=visit.pk).update(created_at=_at(visited_on))
            created["notes of visit"] += 1
        if shared and visit.shared_at is None:
            visit_share(visit=visit, by=advisor, version=visit.version)
            shared_on = min(visited_on + timedelta(days=2), today)
            Visit.objects.filter(pk=visit.pk).update(shared_at=_at(shared_on))
            visit.refresh_from_db()
        if reflections and manager is not None and not visit.reflections and visit.shared_at:
            visit_reflect(visit=visit, by=manager, version=visit.version, reflections=reflections)
            reflected_on = min(visited_on + timedelta(days=6), today)
            Visit.objects.filter(pk=visit.pk).update(reflections_at=_at(reflected_on))
            created["reflections on visits"] += 1
    return created
