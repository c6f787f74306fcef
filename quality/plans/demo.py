"""Demo data for action plans: Little Owls, Requires improvement in 2024, on a support package.

Its open plan follows its latest inspection (``plans_follow_inspection``, which opens none
if one is open), dated a week after it. The advisor contacted the setting; its manager
wrote five actions, in every status and one overdue; the advisor commented on the plan and
on two actions and brokered a package of four kinds with what was taken up. Everything
goes through the services, as the pages would; the dates of what happened are then set
back. Idempotent: each part is made only if the plan has none of it yet.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import transaction

from accounts.demo import LITTLE_OWLS
from accounts.models import CareSetting, OfstedInspection, User
from common.demo import DemoContext
from quality.models import ActionPlan, PlanAction, SupportItem
from quality.plans import services

ADVISOR_LOGIN = "advisor@demo.test"
MANAGER_LOGIN = "littleowls@demo.test"

ACTIONS = (
    # (concern, what needs to happen, who, due in days from today, status)
    (
        "Key persons do not always plan next steps from what they observe.",
        "Each key person records one next step for each key child every fortnight, and the "
        "room leader checks them at the planning meeting.",
        "Room leaders",
        -200,
        PlanAction.Status.DONE,
    ),
    (
        "Staff supervision does not look at the quality of teaching.",
        "The manager observes each practitioner each term and talks it through at supervision.",
        "Manager",
        -120,
        PlanAction.Status.DONE,
    ),
    (
        "Children's communication and language is not well supported at group times.",
        "All staff complete the LA's communication-friendly setting training, and group times "
        "are shortened and split by age.",
        "Deputy manager",
        -10,
        PlanAction.Status.IN_PROGRESS,
    ),
    (
        "Parents do not hear enough about their children's learning.",
        "Key persons share each child's next steps with parents at a termly review.",
        "Key persons",
        30,
        PlanAction.Status.IN_PROGRESS,
    ),
    (
        "The outdoor area is not used for learning all year round.",
        "Plan outdoor learning in every week of the planning, with waterproofs for all.",
        "Room leaders",
        75,
        PlanAction.Status.NOT_STARTED,
    ),
)

SUPPORT = (
    # (kind, what is offered, offered days after the plan opened, take-up, what was taken up)
    (
        SupportItem.Kind.ADVISORY_VISITS,
        "Four advisory visits over the year, on observation, planning and next steps.",
        0,
        SupportItem.TakeUp.TAKEN_UP,
        "All four visits held.",
    ),
    (
        SupportItem.Kind.PEER,
        "Visits to a nearby setting judged Good, to see its planning meetings.",
        14,
        SupportItem.TakeUp.PARTLY,
        "The manager visited once; the deputy's visit is still to arrange.",
    ),
    (
        SupportItem.Kind.IN_HOUSE_TRAINING,
        "A twilight session for all staff on communication and language at group times.",
        30,
        SupportItem.TakeUp.TAKEN_UP,
        "All staff attended.",
    ),
    (
        SupportItem.Kind.EXTERNAL_TRAINING,
        "The LA's course on outdoor learning through the year.",
        60,
        SupportItem.TakeUp.OFFERED,
        "",
    ),
)


def demo_step(ctx: DemoContext) -> None:
    """Give Little Owls its open action plan with actions, comments and support."""
    ctx.created.update(demo_plan(setting_ids=ctx.setting_ids, today=ctx.today))


@transaction.atomic
def demo_plan(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Make the plan and whatever of it is missing; return what was created."""
    created: Counter[str] = Counter()
    owls = CareSetting.objects.filter(pk__in=setting_ids, slug=LITTLE_OWLS).first()
    advisor = User.objects.filter(email=ADVISOR_LOGIN).first()
    manager = User.objects.filter(email=MANAGER_LOGIN).first()
    latest = (
        OfstedInspection.objects.filter(care_setting=owls).order_by("-inspected_on", "-pk").first()
        if owls
        else None
    )
    if owls is None or advisor is None or manager is None or latest is None:
        return created
    opened = services.plans_follow_inspection(latest, actor=None)
    if opened is not None:
        ActionPlan.objects.filter(pk=opened.pk).update(
            opened_on=min(latest.inspected_on + timedelta(days=7), today)
        )
        created["action plans"] += 1
    plan = ActionPlan.objects.filter(care_setting=owls, status=ActionPlan.Status.OPEN).first()
    if plan is None:
        return created
    if plan.contacted_on is None:
        contacted_on = min(latest.inspected_on + timedelta(days=5), today)
        services.plan_contact(
            plan=plan, by=advisor, version=plan.version, contacted_on=contacted_on
        )
        plan.refresh_from_db()
    if not plan.actions.exists():
        for concern, action, who, due_in, status in ACTIONS:
            due_on = today + timedelta(days=due_in)
            added = services.plan_action_add(
                plan=plan,
                by=manager,
                concern=concern,
                action=action,
                who=who,
                due_on=due_on,
                evidence="Checked at the planning meeting." if status != "not_started" else "",
                status=status,
            )
            if status == PlanAction.Status.DONE:
                PlanAction.objects.filter(pk=added.pk).update(completed_on=due_on)
            created["plan actions"] += 1
        for number, comment in (
            (1, "Next steps are now in every learning journey I looked at. Well done."),
            (3, "Book the training for the whole team before the end of term."),
        ):
            action = plan.actions.get(number=number)
            services.plan_action_comment(
                plan_action=action, by=advisor, version=action.version, advisor_comment=comment
            )
    if not plan.advisor_comment:
        plan.refresh_from_db()
        services.plan_comment(
            plan=plan,
            by=advisor,
            version=plan.version,
            advisor_comment="A realistic plan that tackles each point of the report. Keep the "
            "evidence column up to date before each of my visits.",
        )
    if not plan.support.exists():
        plan.refresh_from_db()
        for kind, detail, after, take_up, notes in SUPPORT:
            services.support_add(
                plan=plan,
                by=advisor,
                kind=kind,
                detail=detail,
                offered_on=min(plan.opened_on + timedelta(days=after), today),
                take_up=take_up,
                take_up_notes=notes,
            )
            created["support items"] += 1
    return created
