"""Demo data for EYPP and the DAF: grounds on each basis, a DAF, plans in every state.

Runs after the PEP step (a looked-after child's plan lines serve the targets of the child's
PEP, and an impact review's evidence is chosen from the journey's observations and the
tracker's judgements). Everything goes through the EYPP services, as the pages would, so
the awards, audit trail and notifications are the real ones. In order:

- **Rates**: Northshire confirms its own rates for the current financial year (the
  national figures shipped unconfirmed), so its settings' DAF is a confirmed amount.
- **Grounds**: every looked-after child's ground follows the child record (opened by the
  lifecycle listener; the demo's children were made in bulk, so it is called here); the
  families of the roll's disadvantaged children declare a qualifying benefit (checked
  through the LA's checking service), and children who left care through adoption or a
  special guardianship order have the parent declaration and a copy of the order seen.
  A ground starts the first day, from the child's start, that the age rules and funded
  entitlement allow; a child whose rules refuse EYPP today gets none. The child at Acorn
  who left care also has the economic ground: two grounds, funded once.
- **DAF**: at Acorn, the child with an EHC plan, on the DLA award letter.
- **Plans** (the current term and the last one, by the tracker's terms), by child:

  - Acorn, the Northshire child in care (C2): last term's plan approved with the virtual
    school's allocation, its period ended and the impact review due (the reminder shows);
    this term's plan approved, lines linked to the PEP targets, then replaced by a second
    approved version with the reason.
  - Acorn, the Northshire child in care (E1): this term's plan submitted, awaiting the
    children in care advisor (and the allocation).
  - Acorn, the child placed in an emergency (C1): a draft by the key person.
  - Acorn, a child on the economic basis: last term's plan approved with its impact review
    recorded (spend, outcomes, evidence chosen); this term's plan submitted, awaiting the
    improvement advisor.
  - Little Owls: the child in care's plan approved with the allocation; the child who left
    care has a plan returned by the improvement advisor with the reason.
  - Brook Lane: the child in care's plan approved; a child on the economic basis with last
    term's plan reviewed and this term's approved; another with this term's approved.
  - Rainbow Steps: the child in care's plan approved with the allocation.

  So the LA's roll-up for the financial year has allocation, planned, spent and needs by
  EYFS area for four settings, impact reviewed and not.

Idempotent: rates are found by LA and year, grounds by child and basis, a DAF by child and
year, a plan by child, period start and version number; each plan is only moved on from
the state before the one it should reach, so a second run on the same day writes nothing.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.demo import ACORN, BROOK_LANE, LITTLE_OWLS, NORTHSHIRE, RAINBOW_STEPS
from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    User,
)
from children.demo import demo_children
from children.models import Child
from common import dates
from common.demo import DemoContext
from eypp import rules
from eypp.eligibility.selectors import expected_for_period
from eypp.eligibility.services import (
    awards_refresh,
    daf_add,
    default_hours,
    ground_add,
    looked_after_opened,
)
from eypp.funding.selectors import funding_year_for
from eypp.funding.services import NO_OWN_ROW, rate_save
from eypp.impact.services import review_save
from eypp.models import (
    ActionPlan,
    Basis,
    DafAward,
    Eligibility,
    FundingYear,
    ImpactReview,
    LineOutcome,
    PlanLine,
)
from eypp.plans.services import (
    PlanExists,
    line_add,
    line_remove,
    plan_allocate,
    plan_approve,
    plan_return,
    plan_revise,
    plan_start,
    plan_submit,
)
from learning.models import Area, Observation, TrackerJudgement
from learning.tracker.services import academic_year_terms
from pep.models import Pep, PepTarget

Status = ActionPlan.Status
Outcome = LineOutcome.Outcome
CIC_ADVISOR = "cicadvisor@demo.test"
LA_ADMIN = "laadmin@demo.test"

ECONOMIC_EVIDENCE = (
    "Parent declaration signed at the setting; eligibility confirmed through the LA's "
    "Eligibility Checking Service."
)
LEFT_CARE_EVIDENCE = (
    "Parent declaration and a copy of the {order}, seen at the setting; the copy is kept "
    "in the child's file."
)
ORDERS = ("adoption order", "special guardianship order")
DAF_EVIDENCE = (
    "Disability Living Allowance award letter, seen with the parent. The family chose this "
    "setting for the year's Disability Access Fund."
)
RATES_NOTE = "Confirmed by Northshire's early years funding team for its providers."


@dataclass(frozen=True)
class Line:
    """One need of a demo plan, and how it went when the impact is reviewed."""

    area: str
    need: str
    action: str
    who: str
    cost: str
    intended_impact: str
    idea: str = ""
    target: bool = False  # linked to the PEP target in the same area
    one_day: int | None = None  # a trip: that many days into the period, else the whole
    outcome: str = Outcome.ACHIEVED
    spent: str | None = None  # what was spent, if not the cost
    notes: str = ""


TALK = Line(
    "CL",
    "Speaks in short phrases and is rarely heard at group times; the tracker shows "
    "communication at risk of delay.",
    "Small-group talk sessions three mornings a week with the key person, using new words "
    "from the week's stories.",
    "Key person",
    "150.00",
    "Joins in at group time and uses sentences of four or more words in play.",
    idea="small_group_talk",
    notes="Attended all but two sessions; now retells parts of the week's story in play.",
)
STORY_SACK = Line(
    "L",
    "Few books at home; listens closely to stories at the setting.",
    "A story sack to borrow each week (a book, puppets and props) with a short guide for "
    "the family.",
    "Key person, with the family",
    "60.00",
    "Shares a story at home each week and retells parts of it with the props.",
    idea="books_home",
    notes="The sack went home every week; the family asked which books to borrow next.",
)
FOREST = Line(
    "PD",
    "Cautious on uneven ground and when climbing; rarely chooses to play outdoors.",
    "A block of six forest school sessions in a small group.",
    "Room leader (forest school trained)",
    "120.00",
    "Climbs and balances with growing confidence and chooses outdoor play.",
    idea="forest_school",
    outcome=Outcome.PARTLY,
    spent="100.00",
    notes="Five sessions ran (one lost to the weather); more confident on the climbing frame.",
)
FARM = Line(
    "UTW",
    "Has had few chances to visit places beyond home and the setting.",
    "A trip to the farm with the room, paying the child's and a parent's places and the coach.",
    "Room leader",
    "45.00",
    "Talks about the animals seen and uses new words in small-world farm play.",
    idea="visits",
    one_day=45,
    notes="Fed the lambs and talked about them for days; the farm is now a favourite game.",
)
ECONOMIC_LINES = (TALK, STORY_SACK, FOREST, FARM)

LAC_TALK = Line(
    "CL",
    "Uses single words and gestures to ask for things; the PEP target is two-word phrases "
    "at snack time.",
    "Small-group talk sessions three mornings a week, modelling two-word phrases with "
    "snack-time and story props.",
    "Key person",
    "120.00",
    "Heard using two-word phrases to ask for things on three days a week.",
    idea="small_group_talk",
    target=True,
)
LAC_SETTLING = Line(
    "PSED",
    "Finds leaving their carer at the door hard since the change of placement.",
    "Extra one-to-one time with the key person at arrival, and a photo book of home and the "
    "setting to share each morning.",
    "Key person",
    "80.00",
    "Settles within five minutes on four mornings out of five.",
    idea="key_person_time",
    target=True,
)
LAC_FARM = Line(
    "UTW",
    "Has had few chances to visit places beyond home and the setting.",
    "A trip to the farm with the room, paying the child's and the carer's places and the coach.",
    "Room leader",
    "45.00",
    "Talks about the animals seen and uses new words in small-world farm play.",
    idea="visits",
    one_day=50,
)
LAC_LINES = (LAC_TALK, LAC_SETTLING, LAC_FARM)
MAKATON = Line(
    "CL",
    "Has begun to use signs at home with the foster carers; the staff in the room do not "
    "sign yet.",
    "Makaton foundation training for the key person, and key signs used with the child "
    "through the day.",
    "Key person",
    "95.00",
    "Uses signs or words to make choices at snack and in play, understood by every adult in "
    "the room.",
    target=True,
)
REVISION_REASON = (
    "The farm trip was cancelled when the farm closed for the winter. Its money moves to "
    "Makaton training for the key person: the child has begun to sign at home with the "
    "foster carers, and the PEP's communication target needs the setting to sign too."
)
VAGUE = Line(
    "CL",
    "Communication.",
    "New resources for the room.",
    "The setting",
    "200.00",
    "Better communication.",
)
RETURN_REASON = (
    "The need and the action are too general to approve: say what the child's observations "
    "and tracker show about their communication, what will be done for them (not for the "
    "room), and the difference you expect to see by the end of term."
)
FIRST_DRAFT = (
    Line(
        "PSED",
        "New to the setting after an emergency placement; wary of adults they do not know.",
        "Extra one-to-one time with the key person at arrival and at home time, with a "
        "comforter from home kept in the room.",
        "Key person",
        "60.00",
        "Goes to the key person for comfort and joins a small group for a short story.",
        idea="key_person_time",
    ),
)
REVIEW_SUMMARY = (
    "The small-group talk sessions made the most difference: the child now talks in "
    "sentences at group time, and the tracker moved on in communication. The story sack "
    "went home every week and the family now borrows books from the library. Forest school "
    "built the child's confidence outdoors, though one session was lost to the weather."
)
REVIEW_NEXT_STEPS = (
    "Carry on the talk sessions this term with a focus on answering 'why' questions; "
    "offer the family the library's story time; share the progress with the parents at "
    "the next review."
)
LAST_TERM_ALLOCATION = Decimal("250.00")


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: date
    ends_on: date


def periods(today: date) -> dict[str, Period]:
    """Return the current term and the last one, as the tracker's terms name them."""
    terms = academic_year_terms(dates.add_years(today, -1)) + academic_year_terms(today)
    index = next(i for i, (_, starts, ends) in enumerate(terms) if starts <= today <= ends)
    found = {}
    for key, (name, starts, ends) in (("current", terms[index]), ("last", terms[index - 1])):
        season, year = name.split()
        found[key] = Period(f"{season} term {year}", starts, ends)
    return found


def at(day: date, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def working_day(day: date) -> date:
    while not dates.is_working_day(day):
        day += timedelta(days=1)
    return day


# --- Whom the demo acts as ----------------------------------------------------------------


@dataclass
class People:
    managers: dict[int, User]
    advisors: dict[int, User]
    cic: User | None
    la_admin: User | None

    @classmethod
    def load(cls, setting_ids: list[int]) -> "People":
        managers: dict[int, User] = {}
        for membership in (
            Membership.objects.filter(
                care_setting_id__in=setting_ids,
                role=Membership.Role.MANAGER,
                is_active=True,
            )
            .select_related("user")
            .order_by("pk")
        ):
            managers.setdefault(membership.care_setting_id, membership.user)
        advisors: dict[int, User] = {}
        for assignment in (
            AdvisorAssignment.objects.filter(
                care_setting_id__in=setting_ids,
                la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
                la_role__is_active=True,
            )
            .select_related("la_role__user")
            .order_by("pk")
        ):
            advisors.setdefault(assignment.care_setting_id, assignment.la_role.user)
        return cls(
            managers=managers,
            advisors=advisors,
            cic=User.objects.filter(email=CIC_ADVISOR).first(),
            la_admin=User.objects.filter(email=LA_ADMIN).first(),
        )

    def writer(self, child: Child) -> User:
        """The child's key person writes the plan; without one, the setting's manager."""
        return child.key_person or self.managers[child.care_setting_id]

    def reviewer(self, child: Child) -> User | None:
        """The responsible LA's CiC advisor for a child in care, else the setting's advisor."""
        if child.is_looked_after:
            return self.cic
        return self.advisors.get(child.care_setting_id)


# --- Step ---------------------------------------------------------------------------------


def demo_step(ctx: DemoContext) -> None:
    """Seed the EYPP part of the demo once the children, learning and PEPs exist."""
    ctx.created.update(demo_eypp(setting_ids=ctx.setting_ids, today=ctx.today, tally=ctx))


def demo_eypp(*, setting_ids: list[int], today: date, tally: DemoContext | None = None) -> Counter:
    """Record the rates, grounds, DAF, plans and reviews; return what was created."""
    created: Counter[str] = Counter()
    areas = {area.code: area for area in Area.objects.all()}
    if not areas or not setting_ids:
        return created
    people = People.load(setting_ids)
    confirm_rates(people, today=today, created=created)
    record_grounds(setting_ids, people, today=today, created=created)
    record_daf(setting_ids, people, today=today, created=created)
    writer = PlanWriter(people=people, areas=areas, today=today, created=created)
    writer.run(setting_ids)
    # The daily refresh: any award left from an older demo is brought into line.
    changed = awards_refresh(today=today)
    if changed and tally is not None:
        tally.updated["EYPP awards"] += changed
    return +created


def confirm_rates(people: People, *, today: date, created: Counter[str]) -> None:
    """Northshire confirms the year's national rates as its own."""
    la = LocalAuthority.objects.filter(slug=NORTHSHIRE).first()
    year = rules.financial_year_of(today)
    if la is None or people.la_admin is None:
        return
    if FundingYear.objects.filter(local_authority=la, starts_in=year).exists():
        return
    national = funding_year_for(la.pk, year)
    if national is None:
        return
    rate_save(
        local_authority=la,
        starts_in=year,
        by=people.la_admin,
        version=NO_OWN_ROW,
        hourly_rate=national.hourly_rate,
        rate_confirmed=True,
        annual_hours=national.annual_hours,
        weekly_hours=national.weekly_hours,
        daf_amount=national.daf_amount,
        daf_confirmed=national.daf_amount is not None,
        note=RATES_NOTE,
    )
    created["EYPP rates"] += 1


def first_allowed(child: Child, *, today: date) -> date | None:
    """Return the first day from the child's start that the age rules allow EYPP, if any."""
    candidates = {child.start_date, today}
    for months in (9, 24, 36):
        candidates.add(dates.add_months(child.date_of_birth, months))
    for day in sorted(candidates):
        if child.start_date <= day <= today and not rules.age_refusal(
            child.date_of_birth, child.funded_entitlement, on=day
        ):
            return day
    return None


def record_grounds(
    setting_ids: list[int], people: People, *, today: date, created: Counter[str]
) -> None:
    """Open the looked-after grounds, then record the declared economic and left-care ones."""
    on_roll = (
        Child.objects.filter(care_setting_id__in=setting_ids, start_date__lte=today)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .select_related("care_setting__local_authority")
        .order_by("care_setting_id", "last_name", "first_name")
    )
    for child in on_roll.filter(looked_after_status=Child.LookedAfter.LOOKED_AFTER):
        if looked_after_opened(child=child, by=None) is not None:
            created["EYPP grounds"] += 1

    slugs = dict(CareSetting.objects.filter(pk__in=setting_ids).values_list("slug", "pk"))
    declared = {
        (slugs[row["setting"]], row["first_name"], row["last_name"]): row["eypp_ground"]
        for row in demo_children(today=today)
        if row["eypp_ground"] and row["setting"] in slugs
    }
    have = set(Eligibility.objects.filter(child__in=on_roll).values_list("child_id", "basis"))
    orders = 0
    two_grounds_given = False
    for child in on_roll:
        basis = declared.get((child.care_setting_id, child.first_name, child.last_name))
        if not basis:
            continue
        bases = [basis]
        if basis == Basis.LEFT_CARE:
            order = ORDERS[orders % len(ORDERS)]
            orders += 1
            if child.care_setting.slug == ACORN and not two_grounds_given:
                # The adoptive family also receives a qualifying benefit: two grounds.
                bases.append(Basis.ECONOMIC)
                two_grounds_given = True
        for each in bases:
            if (child.pk, each) in have:
                continue
            starts = first_allowed(child, today=today)
            manager = people.managers.get(child.care_setting_id)
            if starts is None or manager is None:
                continue
            evidence = (
                ECONOMIC_EVIDENCE
                if each == Basis.ECONOMIC
                else LEFT_CARE_EVIDENCE.format(order=order)
            )
            ground_add(
                child=child,
                by=manager,
                basis=each,
                evidence=evidence,
                evidence_seen_by=manager,
                evidence_seen_on=starts,
                eligible_from=starts,
                eligible_to=None,
                hours_per_week=default_hours(child),
            )
            have.add((child.pk, each))
            created["EYPP grounds"] += 1


def record_daf(
    setting_ids: list[int], people: People, *, today: date, created: Counter[str]
) -> None:
    """The Disability Access Fund for Acorn's child with an EHC plan, on the DLA letter."""
    child = (
        Child.objects.filter(
            care_setting__slug=ACORN,
            care_setting_id__in=setting_ids,
            sen_status=Child.Sen.EHCP,
            leave_date__isnull=True,
        )
        .exclude(funded_entitlement__in=("", rules.NOT_FUNDED))
        .select_related("care_setting__local_authority")
        .order_by("date_of_birth")
        .first()
    )
    manager = people.managers.get(child.care_setting_id) if child else None
    year = rules.financial_year_of(today)
    if child is None or manager is None:
        return
    rates = funding_year_for(child.care_setting.local_authority_id, year)
    if rates is None or rates.daf_amount is None:
        return  # no DAF amount known for the year
    if rules.reception_starts(child.date_of_birth) <= today:
        return
    if DafAward.objects.filter(child=child, starts_in=year).exists():
        return
    seen_on = min(today, max(child.start_date, rules.financial_year_bounds(year)[0]))
    daf_add(
        child=child,
        care_setting=child.care_setting,
        by=manager,
        starts_in=year,
        evidence=DAF_EVIDENCE,
        evidence_seen_by=manager,
        evidence_seen_on=seen_on,
    )
    created["DAF awards"] += 1


# --- Plans ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """Which child (a setting and who: a child in care's LA and legal status, or a basis)."""

    setting: str
    basis: str
    stage: str
    legal_status: str = ""
    allocation: str = "300.00"  # a child in care's, from the virtual school


STORIES = (
    Story(ACORN, Basis.LOOKED_AFTER, "revised_with_impact_due", "C2"),
    Story(ACORN, Basis.LOOKED_AFTER, "submitted", "E1"),
    Story(ACORN, Basis.LOOKED_AFTER, "draft", "C1"),
    Story(ACORN, Basis.ECONOMIC, "reviewed_then_submitted"),
    Story(LITTLE_OWLS, Basis.LOOKED_AFTER, "approved", "C2", allocation="320.00"),
    Story(LITTLE_OWLS, Basis.LEFT_CARE, "returned"),
    Story(BROOK_LANE, Basis.LOOKED_AFTER, "approved", "C2"),
    Story(BROOK_LANE, Basis.ECONOMIC, "reviewed_then_approved"),
    Story(BROOK_LANE, Basis.ECONOMIC, "approved"),
    Story(RAINBOW_STEPS, Basis.LOOKED_AFTER, "approved", "E1", allocation="280.00"),
)
# The periods a story's child must be funded in (a child in care's allocation is the LA's).
NEEDS = {
    "revised_with_impact_due": ("last", "current"),
    "reviewed_then_submitted": ("last", "current"),
    "reviewed_then_approved": ("last", "current"),
}


@dataclass
class PlanWriter:
    people: People
    areas: dict[str, Area]
    today: date
    created: Counter[str]
    periods: dict[str, Period] = field(init=False)
    allocation: Decimal = Decimal("300.00")  # the story's, for a child in care

    def __post_init__(self) -> None:
        self.periods = periods(self.today)

    # --- choosing the children ------------------------------------------------------------

    def run(self, setting_ids: list[int]) -> None:
        children = list(
            Child.objects.filter(care_setting_id__in=setting_ids, leave_date__isnull=True)
            .exclude(funded_entitlement__in=("", rules.NOT_FUNDED))
            .select_related("care_setting__local_authority", "responsible_la", "key_person")
            .order_by("date_of_birth", "pk")
        )
        grounds: dict[int, set[str]] = {}
        for child_id, basis in Eligibility.objects.filter(
            child__in=children, eligible_to__isnull=True
        ).values_list("child_id", "basis"):
            grounds.setdefault(child_id, set()).add(basis)
        taken: set[int] = set()
        for story in STORIES:
            child = self.choose(story, children, grounds, taken)
            if child is None:
                continue
            taken.add(child.pk)
            self.allocation = Decimal(story.allocation)
            try:
                # A day on which the rules refuse a step (the dates move with today):
                # that child's story stops where it is, the others go on.
                with transaction.atomic():
                    STAGES[story.stage](self, child)
            except (ValidationError, PlanExists):
                continue

    def choose(
        self,
        story: Story,
        children: list[Child],
        grounds: dict[int, set[str]],
        taken: set[int],
    ) -> Child | None:
        for child in children:
            if child.pk in taken or child.care_setting.slug != story.setting:
                continue
            if story.basis == Basis.LOOKED_AFTER:
                if not (
                    child.is_looked_after
                    and child.responsible_la
                    and child.responsible_la.slug == NORTHSHIRE
                    and child.legal_status == story.legal_status
                ):
                    continue
            elif not self.fits(child, story, grounds.get(child.pk, set())):
                continue
            return child
        return None

    def fits(self, child: Child, story: Story, bases: set[str]) -> bool:
        """A child not in care with the story's ground, funded in the periods it needs."""
        if child.is_looked_after or story.basis not in bases:
            return False
        return all(self.funded(child, key) for key in NEEDS.get(story.stage, ("current",)))

    def funded(self, child: Child, key: str) -> bool:
        period = self.periods[key]
        expected = expected_for_period(
            child, period_start=period.starts_on, period_end=period.ends_on
        )
        return not expected.missing_years and expected.amount > 0

    # --- one plan -------------------------------------------------------------------------

    def plan(self, child: Child, key: str, lines: tuple[Line, ...], *, number: int = 1):
        """Return the child's plan (version ``number``) for the period, started if missing."""
        period = self.periods[key]
        plan = (
            ActionPlan.objects.filter(child=child, period_start=period.starts_on, number=number)
            .select_related("child", "care_setting")
            .first()
        )
        if plan is not None or number != 1:
            return plan
        pep = self.pep_of(child, period)
        plan = plan_start(
            child=child,
            by=self.people.writer(child),
            period_label=period.label,
            period_start=period.starts_on,
            period_end=period.ends_on,
            pep=pep,
        )
        self.created["EYPP action plans"] += 1
        planned = Decimal(0)
        for line in lines:
            cost = Decimal(line.cost)
            if plan.allocation is not None and planned + cost > plan.allocation:
                # Within the allocation: a need that would take the plan over it waits;
                # a plan with no need yet keeps its first, costed within what there is.
                if planned or plan.allocation < 1:
                    continue
                cost = plan.allocation.to_integral_value(rounding="ROUND_FLOOR")
            planned += cost
            self.add_line(plan, line, period, cost=cost)
        return plan

    def pep_of(self, child: Child, period: Period) -> Pep | None:
        """The PEP whose paperwork includes the plan: the one open during the period."""
        if not child.is_looked_after:
            return None
        peps = Pep.objects.filter(child=child, opened_on__lte=period.ends_on)
        return peps.order_by("-opened_on", "-pk").first()

    def targets(self, plan: ActionPlan) -> dict[str, PepTarget]:
        """The PEP targets a line may serve, by EYFS area: the plan's PEP's, else signed."""
        if not plan.child.is_looked_after:
            return {}
        found: dict[str, PepTarget] = {}
        peps = Pep.objects.filter(child=plan.child_id).filter(
            Q(pk=plan.pep_id) | Q(status=Pep.Status.SIGNED_OFF)
        )
        for target in (
            PepTarget.objects.filter(pep__in=peps)
            .select_related("area")
            .order_by("-pep__opened_on", "order")
        ):
            if target.pep_id == plan.pep_id or target.area.code not in found:
                found.setdefault(target.area.code, target)
        return found

    def add_line(
        self, plan: ActionPlan, line: Line, period: Period, *, cost: Decimal | None = None
    ) -> None:
        starts = max(period.starts_on, plan.child.start_date)
        ends = period.ends_on
        if line.one_day is not None:
            starts = ends = min(working_day(period.starts_on + timedelta(days=line.one_day)), ends)
            starts = max(starts, plan.child.start_date)
            ends = max(ends, starts)
        line_add(
            plan=plan,
            by=self.people.writer(plan.child),
            need=line.need,
            area=self.areas[line.area],
            pep_target=self.targets(plan).get(line.area) if line.target else None,
            action=line.action,
            who=line.who,
            starts_on=starts,
            ends_on=ends,
            cost=Decimal(line.cost) if cost is None else cost,
            intended_impact=line.intended_impact,
            idea=line.idea,
        )

    # --- moving a plan on -------------------------------------------------------------------

    def submit(self, plan: ActionPlan, *, on: date) -> None:
        if plan.status == Status.DRAFT and PlanLine.objects.filter(plan=plan).exists():
            plan_submit(
                plan=plan, by=self.people.writer(plan.child), version=plan.version, now=at(on, 16)
            )

    def approve(self, plan: ActionPlan, *, on: date, allocation: Decimal | None = None) -> None:
        reviewer = self.people.reviewer(plan.child)
        if plan.status != Status.SUBMITTED or reviewer is None:
            return
        if plan.child.is_looked_after and plan.allocation is None:
            plan_allocate(
                plan=plan,
                by=reviewer,
                version=plan.version,
                allocation=allocation or self.allocation,
                on=on,
            )
        plan_approve(
            plan=plan,
            by=reviewer,
            version=plan.version,
            comment="Clear needs, each tied to what the child needs next; approved.",
            now=at(on, 11),
        )

    def give_back(self, plan: ActionPlan, *, on: date, reason: str) -> None:
        reviewer = self.people.reviewer(plan.child)
        if plan.status == Status.SUBMITTED and reviewer is not None:
            plan_return(plan=plan, by=reviewer, version=plan.version, reason=reason, now=at(on))

    def review(self, plan: ActionPlan, lines: tuple[Line, ...]) -> None:
        """Record the impact review: every line's outcome and spend, evidence chosen."""
        if plan.status != Status.APPROVED:
            return
        existing = ImpactReview.objects.filter(plan=plan).first()
        if existing is not None and existing.completed_at is not None:
            return
        saved = list(PlanLine.objects.filter(plan=plan).select_related("area").order_by("order"))
        by_need = {line.need: line for line in lines}
        outcomes = {}
        for saved_line in saved:
            spec = by_need.get(saved_line.need)
            outcome = spec.outcome if spec else Outcome.ACHIEVED
            spent = Decimal(spec.spent) if spec and spec.spent else saved_line.cost
            outcomes[saved_line.pk] = (outcome, spent, spec.notes if spec else "")
        observations, judgements = self.evidence(plan, {line.area_id for line in saved})
        review_save(
            plan=plan,
            by=self.people.writer(plan.child),
            version=existing.version if existing else 0,
            outcomes=outcomes,
            summary=REVIEW_SUMMARY,
            next_steps=REVIEW_NEXT_STEPS,
            observation_ids=observations,
            judgement_ids=judgements,
            complete=True,
        )
        self.created["EYPP impact reviews"] += 1

    def evidence(self, plan: ActionPlan, area_ids: set[int]) -> tuple[list[int], list[int]]:
        """The child's published observations and judgements of the period, in its areas."""
        observations = list(
            Observation.objects.filter(
                children=plan.child_id,
                status=Observation.Status.PUBLISHED,
                observed_on__range=(plan.period_start, plan.period_end),
                areas__in=area_ids,
            )
            .distinct()
            .order_by("-observed_on", "-pk")
            .values_list("pk", flat=True)[:3]
        )
        judgements = list(
            TrackerJudgement.objects.filter(
                child=plan.child_id,
                judged_at__date__range=(plan.period_start, plan.period_end),
                area_id__in=area_ids,
            )
            .order_by("area__order", "-pk")
            .values_list("pk", flat=True)[:3]
        )
        return observations, judgements

    def days_ago(self, days: int, *, key: str = "current") -> date:
        """A working day that many days before today, not before the period started."""
        start = self.periods[key].starts_on
        return working_day(max(self.today - timedelta(days=days), start))


# --- Stages -----------------------------------------------------------------------------


def _draft(w: PlanWriter, child: Child) -> None:
    """The key person has started this term's plan."""
    w.plan(child, "current", FIRST_DRAFT)


def _submitted(w: PlanWriter, child: Child) -> None:
    """This term's plan, submitted: awaiting the reviewer (and a child in care's allocation)."""
    plan = w.plan(child, "current", LAC_LINES if child.is_looked_after else ECONOMIC_LINES)
    w.submit(plan, on=w.days_ago(3))


def _returned(w: PlanWriter, child: Child) -> None:
    """This term's plan, returned by the improvement advisor with the reason."""
    plan = w.plan(child, "current", (VAGUE,))
    w.submit(plan, on=w.days_ago(12))
    w.give_back(plan, on=w.days_ago(8), reason=RETURN_REASON)


def _approved(w: PlanWriter, child: Child) -> None:
    """This term's plan approved (a child in care's with the virtual school's allocation)."""
    lines = LAC_LINES if child.is_looked_after else ECONOMIC_LINES
    plan = w.plan(child, "current", lines)
    w.submit(plan, on=w.days_ago(40))
    w.approve(plan, on=w.days_ago(33))


def _last_term(w: PlanWriter, child: Child, lines: tuple[Line, ...]) -> ActionPlan:
    """Last term's plan, approved early in that term."""
    period = w.periods["last"]
    plan = w.plan(child, "last", lines)
    w.submit(plan, on=working_day(period.starts_on + timedelta(days=10)))
    w.approve(
        plan,
        on=working_day(period.starts_on + timedelta(days=17)),
        allocation=LAST_TERM_ALLOCATION,
    )
    return plan


def _reviewed_then_submitted(w: PlanWriter, child: Child) -> None:
    """Last term's plan reviewed (spend, outcomes, evidence); this term's awaiting review."""
    w.review(_last_term(w, child, ECONOMIC_LINES), ECONOMIC_LINES)
    _submitted(w, child)


def _reviewed_then_approved(w: PlanWriter, child: Child) -> None:
    """Last term's plan reviewed; this term's approved."""
    w.review(_last_term(w, child, ECONOMIC_LINES), ECONOMIC_LINES)
    _approved(w, child)


def _revised_with_impact_due(w: PlanWriter, child: Child) -> None:
    """Last term's plan ended, impact review due; this term's approved, then a new version."""
    _last_term(w, child, LAC_LINES)
    first = w.plan(child, "current", LAC_LINES)
    w.submit(first, on=w.days_ago(70))
    w.approve(first, on=w.days_ago(64))
    second = w.plan(child, "current", (), number=2)
    if second is None and first.status == Status.APPROVED:
        second = plan_revise(
            plan=first, by=w.people.writer(child), version=first.version, reason=REVISION_REASON
        )
        w.created["EYPP action plans"] += 1
        farm = PlanLine.objects.filter(plan=second, need=LAC_FARM.need).first()
        if farm is not None:
            line_remove(plan=second, line=farm, by=w.people.writer(child), version=second.version)
        w.add_line(second, MAKATON, w.periods["current"])
    if second is not None:
        w.submit(second, on=w.days_ago(12))
        w.approve(second, on=w.days_ago(8))


STAGES: dict[str, Callable[[PlanWriter, Child], None]] = {
    "draft": _draft,
    "submitted": _submitted,
    "returned": _returned,
    "approved": _approved,
    "reviewed_then_submitted": _reviewed_then_submitted,
    "reviewed_then_approved": _reviewed_then_approved,
    "revised_with_impact_due": _revised_with_impact_due,
}
