"""Demo data for safeguarding at Acorn Day Nursery: what its DSL keeps, in every state.

Runs last, once the journeys, PEPs and EYPP plans exist (the waiting concern points at
the child's latest observation, and a looked-after child's chronology shows the PEP
meetings beside the entries made here). Everything goes through the safeguarding
services, as the pages would, so the audit trail and the DSL's notifications are the real
ones; the dates of what happened are then set back to when it happened. At Acorn:

- a concern **waiting** for the DSL, raised from an observation (the reminder shows);
- a concern **closed** weeks ago with a referral to children's social care and its
  reference, and a later one **under review** about the same child with a body-map mark
  and the DSL's actions; the two are linked as related;
- that child's **child protection plan** (category, conferences, core group) with the
  tasks agreed for the setting, one overdue and one done, and hand-made chronology
  entries (the strategy meeting, the initial conference);
- **early help** for another child, with its lead professional;
- a looked-after child's chronology entry, beside the PEP meetings that feed it;
- an **agency visit** (signed in and out, supervised), and **information shared** both
  ways: sent to children's social care, and received from the health visitor as
  third-party information without consent to share it onward;
- an **allegation** against a member of staff who is none of the demo logins, so that the
  demo manager and DSL both see it; the LADO has advised and Ofsted is not yet told.

The transfer awaiting receipt is made earlier, by ``safeguarding.transfer.demo``. The demo
practitioner raised none of these and sees none of them. Idempotent: each record is found
by its setting and its words, so a second run, on any day, writes nothing.
"""

from collections import Counter
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from accounts.demo import ACORN
from accounts.models import CareSetting, User
from children.models import Child
from common import dates
from common.demo import DemoContext
from learning.models import Observation
from notifications.models import Notification
from notifications.rules import long_date
from safeguarding.agency.services import share_record, visit_change, visit_record
from safeguarding.allegations.services import allegation_change, allegation_record
from safeguarding.chronology.services import entry_add
from safeguarding.concerns.reminders import CONCERN_RAISED
from safeguarding.concerns.services import (
    concern_action_add,
    concern_outcome_record,
    concern_raise,
    concern_related_set,
)
from safeguarding.models import (
    Allegation,
    BodyMapMark,
    Category,
    ChronologyEntry,
    Concern,
    ConcernAction,
    InformationShare,
    Level,
    Outcome,
    PlanCategory,
    SafeguardingStatus,
    StatusTask,
)
from safeguarding.status.services import status_add, task_add, task_done

MANAGER_LOGIN, KEY_PERSON_LOGIN, DSL_LOGIN = (
    "manager@demo.test",
    "keyperson@demo.test",
    "dsl@demo.test",
)
# A member of staff at Acorn who is none of the demo logins (accounts.demo.STAFF).
ACCUSED = "kacper.zielinski@acorn-day-nursery.demo.test"
RAISER = "ellie.robson@acorn-day-nursery.demo.test"

CONCERN_TEXT = (
    "Came in very hungry again this morning and ate three bowls of cereal. Said 'no tea "
    "last night'. Third time this fortnight. Clothes the same as the last two days."
)
REFERRED_TEXT = (
    "Finger-tip bruises on both upper arms, seen when changing after water play. Mum said "
    "the child fell off the sofa."
)
REFERRED_WORDS = "Mummy's friend squeezed me."
CSC_REFERENCE = "NCC-MASH-26-04817"
REVIEW_TEXT = (
    "A bruise on the left cheek at drop-off, about 3 cm, yellowing at the edges. Mum's "
    "partner brought the child in and said it happened at soft play."
)
REVIEW_WORDS = "I banged it. I'm not allowed to say."
EARLY_HELP_LEAD = "Family support worker, Northshire Early Help Team"
PLAN_NOTES = "Plan agreed at the initial conference; the setting attends core groups."
LAC_EVENT = "Contact with birth mother moved to supervised contact at the family centre"
VISIT_PURPOSE = (
    "Child protection visit: to see the child in the setting and talk with the key person."
)
SHARED_WHAT = (
    "Attendance for the last half term, the two concerns and the body-map record, for the "
    "core group meeting."
)
RECEIVED_WHAT = (
    "The health visitor's record of a missed developmental review and of a home visit at "
    "which the home was cold and there was little food."
)
ALLEGATION_SUMMARY = (
    "A parent says a member of staff grabbed her child by the wrist and pulled him across "
    "the garden at collection."
)


# --- Shared with the transfer's demo step ---------------------------------------------


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_days_before(day: date, n: int) -> date:
    return dates.add_working_days(day, -n)


def backdate_concern(concern: Concern, *, raised_on: date, reviewed_on: date | None) -> None:
    """Set the concern's times back to when it was raised and reviewed, on a working day."""
    fields = {"raised_at": at(raised_on, 16)}
    if reviewed_on is not None:
        fields["acknowledged_at"] = at(reviewed_on, 9, 15)
        if concern.outcome:
            fields["outcome_at"] = at(reviewed_on, 17)
    Concern.objects.filter(pk=concern.pk).update(**fields)
    ConcernAction.objects.filter(concern=concern).update(
        recorded_at=at(reviewed_on or raised_on, 17)
    )
    # The DSL was told when it was raised, and read it when the review started.
    for notification in Notification.objects.filter(
        kind=CONCERN_RAISED, dedup_key__startswith=f"{CONCERN_RAISED}:concern-{concern.pk}:"
    ):
        notification.dedup_key = (
            f"{CONCERN_RAISED}:concern-{concern.pk}:{raised_on.isoformat()}:"
            f"{notification.recipient_id}"
        )
        notification.due_on = raised_on
        notification.created_at = fields["raised_at"]
        notification.body = (
            f"A concern was passed to you on {long_date(raised_on)}. "
            "Sign in to read it and start the review."
        )
        notification.read_at = fields.get("acknowledged_at")
        notification.save(update_fields=["dedup_key", "due_on", "created_at", "body", "read_at"])


# --- Acorn's records ---------------------------------------------------------------------


class People:
    def __init__(self, care_setting: CareSetting) -> None:
        users = {
            user.email: user
            for user in User.objects.filter(
                memberships__care_setting=care_setting, memberships__is_active=True
            )
        }
        self.manager = users.get(MANAGER_LOGIN)
        self.key_person = users.get(KEY_PERSON_LOGIN)
        self.dsl = users.get(DSL_LOGIN)
        self.accused = users.get(ACCUSED)
        self.raiser = users.get(RAISER)

    @property
    def complete(self) -> bool:
        return None not in (self.manager, self.key_person, self.dsl, self.accused, self.raiser)


def demo_step(ctx: DemoContext) -> None:
    """Seed safeguarding's part of the demo, once the journeys, PEPs and EYPP plans exist."""
    ctx.created.update(demo_safeguarding(setting_ids=ctx.setting_ids, today=ctx.today))


@transaction.atomic
def demo_safeguarding(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Make Acorn's safeguarding records, those missing; return what was created."""
    created: Counter[str] = Counter()
    care_setting = CareSetting.objects.filter(pk__in=setting_ids, slug=ACORN).first()
    if care_setting is None:
        return created
    created.update(demo_concerns(setting_ids=setting_ids, today=today))
    people = People(care_setting)
    if not people.complete:
        return created
    on_roll = list(
        care_setting.children.filter(start_date__lte=today, leave_date__isnull=True).order_by("pk")
    )
    others = [child for child in on_roll if child.looked_after_status == Child.LookedAfter.NO]
    waiting = Concern.objects.filter(care_setting=care_setting, text=CONCERN_TEXT).first()
    others = [child for child in others if waiting is None or child.pk != waiting.child_id]
    looked_after = [child for child in on_roll if child.is_looked_after]
    if len(others) < 2:
        return created
    protected, helped = others[1], others[-2]
    _protection(care_setting, people, protected, today=today, created=created)
    _early_help(care_setting, people, helped, today=today, created=created)
    if looked_after:
        _looked_after_event(care_setting, people, looked_after[0], today=today, created=created)
    _allegation(care_setting, people, today=today, created=created)
    return created


def demo_concerns(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Leave one concern, raised from an observation, waiting for Acorn's DSL."""
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
    concern_raise(
        child=child,
        by=raiser,
        observation=observation,
        text=CONCERN_TEXT,
        category=Category.NEGLECT,
    )
    created["safeguarding concerns"] += 1
    return created


def _protection(
    care_setting: CareSetting, people: People, child: Child, *, today: date, created: Counter
) -> None:
    """The referred concern, the one under review, the plan, its tasks, visits and shares."""
    if Concern.objects.filter(care_setting=care_setting, text=REFERRED_TEXT).exists():
        return
    referred_on = working_days_before(today, 35)
    conference_on = dates.add_working_days(referred_on, 15)
    referred = concern_raise(
        child=child,
        by=people.key_person,
        text=REFERRED_TEXT,
        occurred_at=at(referred_on, 10, 40),
        location="Toddler room bathroom",
        others_present="The room leader",
        category=Category.PHYSICAL,
        child_words=REFERRED_WORDS,
        immediate_actions="Recorded the marks on the body map and told the DSL straight away.",
        marks=[
            {
                "side": BodyMapMark.Side.FRONT,
                "region": "left_upper_arm",
                "kind": BodyMapMark.Kind.BRUISE,
                "description": "Three oval bruises in a row, each about 1 cm, blue-purple.",
            },
            {
                "side": BodyMapMark.Side.BACK,
                "region": "right_upper_arm",
                "kind": BodyMapMark.Kind.BRUISE,
                "description": "One oval bruise, about 1.5 cm, blue-purple.",
            },
        ],
    )
    for kind, text in (
        (
            ConcernAction.Kind.DECISION,
            "Marks and the child's words meet the threshold for a referral: refer to "
            "children's social care today; do not speak to the family first.",
        ),
        (
            ConcernAction.Kind.CONTACT,
            f"Referred to Northshire's front door (MASH) by phone, followed up in writing. "
            f"Reference {CSC_REFERENCE}.",
        ),
    ):
        concern_action_add(
            concern=referred, by=people.dsl, kind=kind, taken_on=referred_on, text=text
        )
    referred.refresh_from_db()
    referred = concern_outcome_record(
        concern=referred,
        by=people.dsl,
        version=referred.version,
        outcome=Outcome.CSC_REFERRAL,
        outcome_reference=CSC_REFERENCE,
        outcome_notes="Accepted by children's social care; a strategy meeting is arranged.",
    )
    backdate_concern(referred, raised_on=referred_on, reviewed_on=referred_on)
    created["safeguarding concerns"] += 1

    review_on = working_days_before(today, 2)
    review = concern_raise(
        child=child,
        by=people.raiser,
        text=REVIEW_TEXT,
        occurred_at=at(review_on, 8, 20),
        location="Front door, at drop-off",
        category=Category.PHYSICAL,
        child_words=REVIEW_WORDS,
        immediate_actions="Recorded the mark on the body map; told the DSL before the session.",
        marks=[
            {
                "side": BodyMapMark.Side.FRONT,
                "region": "face",
                "kind": BodyMapMark.Kind.BRUISE,
                "description": "About 3 cm across on the left cheek, yellow-green at the edges.",
            }
        ],
    )
    concern_action_add(
        concern=review,
        by=people.dsl,
        kind=ConcernAction.Kind.CONTACT,
        taken_on=review_on,
        text="Told the social worker the same morning, as the plan asks; she will visit.",
    )
    concern_action_add(
        concern=review,
        by=people.dsl,
        kind=ConcernAction.Kind.DECISION,
        taken_on=review_on,
        text="Wait for the social worker's visit before deciding the outcome.",
    )
    review.refresh_from_db()
    concern_related_set(concern=review, by=people.dsl, version=review.version, related=[referred])
    backdate_concern(review, raised_on=review_on, reviewed_on=review_on)
    created["safeguarding concerns"] += 1

    strategy_on = dates.add_working_days(referred_on, 2)
    for occurred_on, kind, title, detail in (
        (
            strategy_on,
            ChronologyEntry.Kind.MEETING,
            "Strategy meeting: section 47 enquiry agreed",
            "The DSL gave the setting's information by phone.",
        ),
        (
            conference_on,
            ChronologyEntry.Kind.MEETING,
            "Initial child protection conference: child protection plan (physical abuse)",
            "The DSL attended and gave the setting's report.",
        ),
    ):
        entry_add(
            care_setting=care_setting,
            child=child,
            by=people.dsl,
            occurred_on=occurred_on,
            kind=kind,
            title=title,
            detail=detail,
        )
        created["chronology entries"] += 1

    plan = status_add(
        care_setting=care_setting,
        child=child,
        by=people.dsl,
        level=Level.CHILD_PROTECTION,
        started_on=conference_on,
        social_worker="Hayley Crane, Northshire Children's Services, Hollinsford team",
        plan_category=PlanCategory.PHYSICAL,
        initial_conference_on=conference_on,
        next_review_conference_on=dates.add_months(conference_on, 3),
        core_group="Social worker, Mum, health visitor, the setting's DSL and key person",
        next_core_group_on=dates.add_working_days(today, 6),
        notes=PLAN_NOTES,
    )
    created["safeguarding statuses"] += 1
    for text, owner, due_on, done in (
        (
            "Send the attendance record to the social worker every Friday",
            people.dsl,
            working_days_before(today, 4),
            False,
        ),
        (
            "Write the setting's report for the first core group meeting",
            people.key_person,
            dates.add_working_days(today, 4),
            False,
        ),
        (
            "Share the body-map records with the social worker",
            people.dsl,
            dates.add_working_days(conference_on, 2),
            True,
        ),
    ):
        task = task_add(status=plan, by=people.dsl, text=text, owner=owner, due_on=due_on)
        if done:
            task_done(task=task, by=people.dsl, version=task.version)
            StatusTask.objects.filter(pk=task.pk).update(done_on=due_on)
        created["safeguarding tasks"] += 1

    visit_on = working_days_before(today, 6)
    visit = visit_record(
        care_setting=care_setting,
        by=people.manager,
        child=child,
        visitor_name="Hayley Crane",
        agency="Northshire Children's Services",
        visitor_role="Social worker",
        identity_checked=True,
        purpose=VISIT_PURPOSE,
        arrived_on=visit_on,
        arrived_time=time(10, 15),
        supervised_by=people.dsl,
    )
    visit_change(
        visit=visit,
        by=people.manager,
        version=visit.version,
        left_at=at(visit_on, 11, 5),
        notes="Saw the child at play in the toddler room with the key person present.",
    )
    created["agency visits"] += 1

    share_record(
        care_setting=care_setting,
        child=child,
        by=people.dsl,
        direction=InformationShare.Direction.SHARED,
        shared_on=working_days_before(today, 10),
        agency="Northshire Children's Services",
        person="Hayley Crane, social worker",
        what=SHARED_WHAT,
        lawful_basis=InformationShare.LawfulBasis.PUBLIC_TASK,
        consent=InformationShare.Consent.NOT_SOUGHT,
        override_reason=(
            "Shared for a child protection plan: asking the family's consent could place "
            "the child at greater risk."
        ),
        onward_consent=False,
    )
    share_record(
        care_setting=care_setting,
        child=child,
        by=people.dsl,
        direction=InformationShare.Direction.RECEIVED,
        shared_on=working_days_before(today, 8),
        agency="Northshire Community Health",
        person="Beth Morgan, health visitor",
        what=RECEIVED_WHAT,
        lawful_basis=InformationShare.LawfulBasis.PUBLIC_TASK,
        consent=InformationShare.Consent.NOT_SOUGHT,
        override_reason="Shared with the core group under the child protection plan.",
        onward_consent=False,
    )
    created["information shares"] += 2


def _early_help(
    care_setting: CareSetting, people: People, child: Child, *, today: date, created: Counter
) -> None:
    if SafeguardingStatus.objects.filter(
        care_setting=care_setting, level=Level.EARLY_HELP, lead_professional=EARLY_HELP_LEAD
    ).exists():
        return
    status_add(
        care_setting=care_setting,
        child=child,
        by=people.dsl,
        level=Level.EARLY_HELP,
        started_on=working_days_before(today, 40),
        lead_professional=EARLY_HELP_LEAD,
        notes="Early help assessment with the family's consent: support with routines and sleep.",
    )
    created["safeguarding statuses"] += 1


def _looked_after_event(
    care_setting: CareSetting, people: People, child: Child, *, today: date, created: Counter
) -> None:
    if ChronologyEntry.objects.filter(care_setting=care_setting, title=LAC_EVENT).exists():
        return
    entry_add(
        care_setting=care_setting,
        child=child,
        by=people.dsl,
        occurred_on=working_days_before(today, 12),
        kind=ChronologyEntry.Kind.FAMILY,
        title=LAC_EVENT,
        detail="Told by the social worker; the foster carer noticed the child unsettled after.",
    )
    created["chronology entries"] += 1


def _allegation(
    care_setting: CareSetting, people: People, *, today: date, created: Counter
) -> None:
    if Allegation.objects.filter(care_setting=care_setting, summary=ALLEGATION_SUMMARY).exists():
        return
    received_on = working_days_before(today, 5)
    allegation = allegation_record(
        care_setting=care_setting,
        by=people.manager,
        staff_member=people.accused,
        received_on=received_on,
        made_by="A parent, in person to the manager",
        summary=ALLEGATION_SUMMARY,
        serious_harm=True,
        immediate_actions=(
            "The member of staff works away from children while the LADO advises; the "
            "parent was thanked and told what happens next."
        ),
    )
    allegation_change(
        allegation=allegation,
        by=people.manager,
        version=allegation.version,
        lado_referred_on=received_on,
        lado_reference="LADO-NS-26-0192",
        lado_advice=(
            "Threshold for a LADO strategy discussion not met: the setting to investigate "
            "under its own procedures and report back within 10 working days."
        ),
        ofsted_notified_on=None,
        ofsted_reference="",
        result="",
        result_on=None,
        result_notes="",
    )
    created["allegations"] += 1
