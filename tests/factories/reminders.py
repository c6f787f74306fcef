"""A setting where every registered reminder rule finds something due today.

Used by the tests that hold every rule to the same promises: each reminder leads to a page
where the thing can be done, and names one date, the one in its "Due" column.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import CareSetting, LaRole, User
from accounts.permissions import Action, members_who_can
from children.models import Child
from common.dates import add_working_days
from eypp.models import Eligibility
from keypersons.models import KeyPersonAllocation, TrainingRecord
from learning.models import Observation
from pep.models import Pep, QaReview
from quality.models import StrategyCommitment
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    ChildFactory,
    LaRoleFactory,
    MembershipFactory,
)
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory
from tests.factories.keypersons import TrainingRecordFactory
from tests.factories.learning import AssessmentPeriodFactory, EarlyAssessmentFactory
from tests.factories.learning_check import ProgressCheckFactory, child_aged
from tests.factories.learning_journey import ObservationFactory
from tests.factories.pep import PepFactory, QaReviewFactory
from tests.factories.quality import StrategyChapterFactory, StrategyCommitmentFactory, VisitFactory
from tests.factories.safeguarding import (
    AllegationFactory,
    ConcernFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
    TransferFactory,
)
from tests.pep.meeting_helpers import meeting_reminders_due


@dataclass(frozen=True)
class ReminderWorld:
    due_check: Child  # 25 months, no progress check at two
    late_check: Child  # 34 months
    missed_check: Child  # 37 months
    in_care: Child  # looked after: no social worker, key person neither designated nor trained
    unallocated: Child  # no key person for a month


def allocate(child: Child, staff: User) -> Child:
    KeyPersonAllocation.objects.create(child=child, staff=staff, starts_on=child.start_date)
    child.key_person = staff
    child.save(update_fields=["key_person"])
    return child


def every_reminder_due(
    *, care_setting: CareSetting, key_person: User, practitioner: User
) -> ReminderWorld:
    """Make every registered rule find something at the setting today.

    Needs the setting's manager and DSL to exist (the ``manager`` and ``dsl`` personas).
    None of the children has consents or an early assessment, except where noted, so those
    rules find them too.
    """
    today = timezone.localdate()
    due_check = allocate(
        child_aged(months=25, care_setting=care_setting, first_name="Dara"), key_person
    )
    late_check = allocate(
        child_aged(months=34, care_setting=care_setting, first_name="Lee"), key_person
    )
    missed_check = allocate(
        child_aged(months=37, care_setting=care_setting, first_name="Mo"), key_person
    )
    in_care = allocate(
        child_aged(months=14, care_setting=care_setting, looked_after=True, first_name="Kai"),
        key_person,
    )
    EarlyAssessmentFactory(child=in_care)
    unallocated = child_aged(
        months=18,
        care_setting=care_setting,
        first_name="Una",
        start_date=today - timedelta(days=30),
    )
    # Training: the practitioner's runs out in ten days, the key person's has run out.
    TrainingRecordFactory(
        care_setting=care_setting,
        staff=practitioner,
        course=TrainingRecord.Course.PAEDIATRIC_FIRST_AID,
        completed_on=today - timedelta(days=3 * 365),
        expires_on=today + timedelta(days=10),
    )
    TrainingRecordFactory(
        care_setting=care_setting,
        staff=key_person,
        completed_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=5),
    )
    # A period ending soon, a concern for the DSL, and a draft of ten days ago.
    AssessmentPeriodFactory(
        care_setting=care_setting,
        name="This term",
        starts_on=today - timedelta(days=80),
        ends_on=today + timedelta(days=10),
    )
    ConcernFactory(child=due_check, raised_by=practitioner)
    # PEPs (the rules read the PEP, not the child's care status): an initial PEP not yet
    # scheduled, a review due in five working days and one overdue.
    PepFactory(
        child=unallocated,
        responsible_la=care_setting.local_authority,
        kind=Pep.Kind.INITIAL,
        due_on=add_working_days(today, 3),
    )
    for child, due_on in (
        (late_check, add_working_days(today, 5)),
        (missed_check, today - timedelta(days=10)),
    ):
        PepFactory(
            child=child,
            responsible_la=care_setting.local_authority,
            kind=Pep.Kind.REVIEW,
            status=Pep.Status.SCHEDULED,
            due_on=due_on,
        )
    ObservationFactory(
        care_setting=care_setting,
        author=key_person,
        children=[late_check],
        status=Observation.Status.DRAFT,
        observed_on=today - timedelta(days=10),
    )
    # An earlier PEP of the child in care, returned yesterday by the LA with a reason.
    QaReviewFactory(
        pep=PepFactory(
            child=in_care,
            is_current=False,
            status=Pep.Status.RETURNED,
            returned_reason="Add the carer's views.",
        ),
        decision=QaReview.Decision.RETURNED,
        rag=Pep.Rag.AMBER,
        reason="Add the carer's views.",
        at=timezone.now() - timedelta(days=1),
    )
    # PEP meetings: a meeting in two working days, paperwork due soon and overdue.
    meeting_reminders_due(
        care_setting=care_setting,
        key_person=key_person,
        in_care=in_care,
        other_in_care=allocate(
            child_aged(months=30, care_setting=care_setting, looked_after=True, first_name="Ola"),
            practitioner,
        ),
    )
    # EYPP: a child funded on economic grounds since last term, with no action plan.
    funded = allocate(
        child_aged(
            months=40,
            care_setting=care_setting,
            first_name="Efa",
            funded_entitlement="universal_15",
            eypp_basis="economic",
        ),
        key_person,
    )
    ProgressCheckFactory(child=funded)  # done at two: no progress check reminder for her
    Eligibility.objects.create(
        child=funded,
        basis="economic",
        evidence="Parent declaration",
        eligible_from=today - timedelta(days=200),
        hours_per_week=15,
    )
    # EYPP plans: the child in care's plan returned yesterday by the LA; an economic child's
    # plan submitted to the improvement advisor assigned to the setting.
    PlanLineFactory(
        plan=ActionPlanFactory(
            child=in_care, returned=True, decided_at=timezone.now() - timedelta(days=1)
        )
    )
    AdvisorAssignmentFactory(
        la_role__local_authority=care_setting.local_authority, care_setting=care_setting
    )
    PlanLineFactory(
        plan=ActionPlanFactory(
            child=ChildFactory(care_setting=care_setting, funded_entitlement="universal_15"),
            submitted=True,
        )
    )
    # EYPP impact: the child in care's plan of last term, approved, its period ended yesterday
    # and its impact not reviewed yet.
    PlanLineFactory(
        plan=ActionPlanFactory(
            child=in_care,
            approved=True,
            period_start=today - timedelta(days=120),
            period_end=today - timedelta(days=1),
        )
    )
    # --- Safeguarding transfer ---------------------------------------------------------
    # A leaving child's file two days past its due date, not sent (the DSL is reminded); a
    # file sent to the setting eight days ago by a neighbouring setting and not acknowledged
    # (the DSL here is told it came, and both settings' DSLs that its receipt is overdue).
    TransferFactory(
        child=ChildFactory(care_setting=care_setting, first_name="Tia"),
        due_on=today - timedelta(days=2),
    )
    sender = CareSettingFactory(
        name="Bluebell Pre-school", local_authority=care_setting.local_authority
    )
    MembershipFactory(care_setting=sender, dsl=True)
    TransferFactory(
        child=ChildFactory(care_setting=care_setting, first_name="Theo"),
        from_setting=sender,
        to_setting=care_setting,
        destination="",
        sent=True,
        sent_at=timezone.now() - timedelta(days=8),
    )
    # --- Safeguarding status and plans (safeguarding/status/reminders.py) ---------------
    # A child protection plan with a task owned by the DSL, overdue by two days, and its
    # core group meeting in three working days.
    safeguarding_world(care_setting=care_setting, child=due_check, today=today)
    # --- Safeguarding: allegations against staff ------------------------------------------
    # An allegation of serious harm about the practitioner, made ten days ago: the LADO not
    # told after one working day, Ofsted not told (from day 0, and the 14th day approaching).
    # Its readers (the manager and the DSL) are reminded; the practitioner never is.
    AllegationFactory(
        care_setting=care_setting,
        staff_member=practitioner,
        received_on=today - timedelta(days=10),
        serious_harm=True,
    )
    # --- Safeguarding concerns (safeguarding.concerns) -----------------------------------
    # A concern raised three days ago and never reviewed: past the setting's 24 hours (the
    # DSL is reminded) and past twice that (the managers are reminded too).
    ConcernFactory(
        child=late_check, raised_by=practitioner, raised_at=timezone.now() - timedelta(days=3)
    )
    # --- Support for settings: action plans (quality.plans) ------------------------------
    quality_plans_world(care_setting=care_setting, today=today)
    # --- The LA's strategy action plan (quality.strategy) --------------------------------
    # A commitment whose date passed three days ago, in progress: its named lead (an
    # improvement advisor of the LA, assigned to no setting) is reminded.
    strategy_world(care_setting=care_setting, today=today)
    # --- Support for settings: visits (quality/portfolio/reminders.py) -------------------
    # The setting is on universal support and was last visited 400 days ago: its
    # improvement advisor (assigned above) is reminded that a visit is due.
    VisitFactory(care_setting=care_setting, visited_on=today - timedelta(days=400))
    # --- Support for settings: notes of visit (quality/visits/reminders.py) --------------
    # At another setting of the LA (its visit is recent, so no visit is due there): notes
    # shared two days ago tell its manager; the manager's reflections yesterday tell the
    # advisor who wrote them.
    visited = CareSettingFactory(local_authority=care_setting.local_authority)
    MembershipFactory(care_setting=visited, role="manager")
    visiting = AdvisorAssignmentFactory(
        la_role__local_authority=care_setting.local_authority, care_setting=visited
    )
    VisitFactory(
        care_setting=visited,
        advisor=visiting.la_role.user,
        visited_on=today - timedelta(days=5),
        shared_at=timezone.now() - timedelta(days=2),
        reflections="We have started weekly planning meetings.",
        reflections_at=timezone.now() - timedelta(days=1),
    )
    return ReminderWorld(
        due_check=due_check,
        late_check=late_check,
        missed_check=missed_check,
        in_care=in_care,
        unallocated=unallocated,
    )


def quality_plans_world(*, care_setting: CareSetting, today) -> None:
    """Make the action plan rules find something: contact overdue, an action overdue, a
    maintenance contact coming, and news of each side's writes for the other.

    Needs the setting's manager and an improvement advisor assigned to it.
    """
    from quality.plans.services import plan_action_add, plan_comment
    from tests.factories.quality import ActionPlanFactory as QualityPlanFactory
    from tests.factories.quality import PlanActionFactory as QualityActionFactory

    manager = members_who_can(Action.EDIT_ACTION_PLAN, care_setting_ids=[care_setting.pk])
    advisor = User.objects.filter(
        la_roles__assignments__care_setting=care_setting, la_roles__is_active=True
    ).first()
    QualityPlanFactory(
        care_setting=care_setting,
        status="closed",
        opened_on=today - timedelta(days=700),
        contact_due_by=today - timedelta(days=690),
        contacted_on=today - timedelta(days=692),
        closed_on=today - timedelta(days=50),
        maintenance_contact_due=today + timedelta(days=10),
    )
    plan = QualityPlanFactory(
        care_setting=care_setting,
        opened_on=today - timedelta(days=20),
        contact_due_by=today - timedelta(days=2),
    )
    QualityActionFactory(plan=plan, number=1, due_on=today - timedelta(days=4))
    plan_action_add(
        plan=plan,
        by=manager.first(),
        concern="Children's next steps are not shared with parents.",
        action="Key persons share next steps at each review.",
        who="Key persons",
        due_on=today + timedelta(days=30),
        evidence="",
        status="not_started",
    )
    plan.refresh_from_db()
    plan_comment(plan=plan, by=advisor, version=plan.version, advisor_comment="A good start.")


def strategy_world(*, care_setting: CareSetting, today) -> None:
    """Make the strategy rule find a commitment past its timescale, with a named lead."""
    lead = LaRoleFactory(
        local_authority=care_setting.local_authority, role=LaRole.Role.IMPROVEMENT_ADVISOR
    ).user
    commitment = StrategyCommitmentFactory(
        chapter=StrategyChapterFactory(local_authority=care_setting.local_authority),
        timescale=today - timedelta(days=3),
        status=StrategyCommitment.Status.IN_PROGRESS,
    )
    commitment.leads.set([lead])


def safeguarding_world(*, care_setting: CareSetting, child: Child, today) -> None:
    """Make the safeguarding status rules find a task overdue and a core group coming."""
    dsl = members_who_can(Action.TRIAGE_CONCERNS, care_setting_ids=[care_setting.pk]).first()
    status = SafeguardingStatusFactory(
        child=child,
        care_setting=care_setting,
        recorded_by=dsl,
        next_core_group_on=add_working_days(today, 3),
        next_review_conference_on=today + timedelta(days=60),
    )
    StatusTaskFactory(status=status, owner=dsl, due_on=today - timedelta(days=2))
