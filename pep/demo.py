"""Demo data for PEPs: looked-after children at every stage of the PEP cycle.

Runs after the learning steps (a PEP's progress summary and photos come from the child's
tracker and journey). Every looked-after child of PEP age in the demo has exactly one current
cycle, as the clock would keep it; below PEP age, none. The stages, by child:

- Acorn (Northshire): a review with the meeting scheduled and the last PEP signed off with
  its PDF pack; a review whose paperwork is overdue; an initial PEP after an emergency
  placement not yet scheduled; a child placed by Westvale whose paperwork is submitted
  (Westvale's advisor arranges it); a baby in care below PEP age (no cycle yet).
- Little Owls: a PEP returned by the virtual school with its reason; a child placed by
  Fenmoor (not on the portal) whose PEP the setting recorded with Fenmoor's document.
- Brook Lane: meeting held, awaiting quality assurance.
- Rainbow Steps: a review overdue, not yet scheduled.
- Meadowbank (Westvale): a Northshire child placed out of county, meeting scheduled.

Idempotent: a PEP is found by its child, kind and opening day, a meeting by a UID made
from them, so a second run on the same day writes nothing.
"""

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.demo import (
    ACORN,
    BROOK_LANE,
    FENMOOR,
    LITTLE_OWLS,
    MEADOWBANK,
    NORTHSHIRE,
    RAINBOW_STEPS,
    WESTVALE,
)
from accounts.models import User
from children.models import Child, TeamMember
from common import dates
from common.demo import DemoContext
from common.pdf import render_pdf
from learning.models import Area
from pep.clock import rules
from pep.clock.services import ensure_cycles
from pep.models import (
    ExternalPepDocument,
    Invitee,
    Meeting,
    Pep,
    PepTarget,
    QaReview,
    TargetReview,
)
from pep.pack.services import pack_make
from pep.paperwork.selectors import progress_snapshot_of

# What a held demo meeting agreed, as the organiser records it.
AGREED = (
    "Targets agreed for communication and for settling at the door; the EYPP pays for "
    "small-group language sessions. Next PEP in six months."
)
# A fixed namespace: a meeting's calendar UID is the same on every run of the demo.
UID_NAMESPACE = uuid.UUID("5d7c1d52-3c1e-4f0e-9a57-2f5b0c1e6a10")
ADVISORS = {NORTHSHIRE: "cicadvisor@demo.test", WESTVALE: "westvale.cic@demo.test"}


@dataclass(frozen=True)
class Plan:
    """Which demo child (setting, responsible LA, legal status) is at which stage."""

    setting: str
    responsible_la: str
    legal_status: str
    stage: str


PLANS = (
    Plan(ACORN, NORTHSHIRE, "C2", "scheduled"),
    Plan(ACORN, WESTVALE, "V2", "submitted"),
    Plan(ACORN, NORTHSHIRE, "E1", "paperwork_overdue"),
    Plan(ACORN, NORTHSHIRE, "C1", "not_scheduled"),
    Plan(LITTLE_OWLS, NORTHSHIRE, "C2", "returned"),
    Plan(LITTLE_OWLS, FENMOOR, "C1", "external"),
    Plan(BROOK_LANE, NORTHSHIRE, "C2", "awaiting_qa"),
    Plan(RAINBOW_STEPS, NORTHSHIRE, "E1", "review_overdue"),
    Plan(MEADOWBANK, NORTHSHIRE, "C2", "scheduled"),
)

VOICE = {
    "voice_likes": "Water play, the big red bus book, being pushed high on the swing.",
    "voice_dislikes": "Loud hand dryers; having their coat zipped up.",
    "voice_comforters": "A soft blue rabbit from home, kept in the cubby.",
    "voice_routines": "Arrives at 8.30, breakfast at the small table, sleeps after lunch.",
    "voice_important_people": "Foster carers, their older foster brother, their key person.",
    "voice_happy": "Songs with actions; when a grown-up joins in their games.",
    "voice_worried": "Changes of staff at the door and unfamiliar visitors.",
    "voice_calm": "A quiet corner with cushions and a grown-up close by.",
    "voice_how_i_show_it": "Goes quiet and holds the rabbit; points and brings a book.",
}
VIEWS = {
    "carer_views": "Sleeping through most nights now. Loves the nursery songs at home.",
    "carer_views_source": "Told the key person at collection",
    "social_worker_views": "Placement is stable; contact with birth family is going well.",
    "social_worker_views_source": "By e-mail to the key person",
}
TARGETS = (
    (
        "CL",
        "Use two-word phrases to ask for what they want at snack time.",
        "Model two-word phrases at snack time every day.",
        "Heard using two-word phrases on three days in a week.",
    ),
    (
        "PSED",
        "Separate from their carer at the door with a familiar adult.",
        "A settling routine with the key person at the door each morning.",
        "Settles within five minutes on four mornings out of five.",
    ),
)


def demo_step(ctx: DemoContext) -> None:
    """Seed the PEP part of the demo once the children, key persons and journeys exist."""
    ctx.created.update(demo_peps(setting_ids=ctx.setting_ids, today=ctx.today))


def demo_peps(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Put each planned looked-after child at their stage; return what was created."""
    created: Counter[str] = Counter()
    children = {
        (child.care_setting.slug, child.responsible_la.slug, child.legal_status): child
        for child in Child.objects.looked_after()
        .filter(care_setting_id__in=setting_ids, leave_date__isnull=True)
        .select_related("care_setting__local_authority", "responsible_la", "key_person")
    }
    advisors = {
        la_slug: User.objects.filter(email=email).first() for la_slug, email in ADVISORS.items()
    }
    areas = {area.code: area for area in Area.objects.all()}
    if not areas:
        return created  # no framework data: the PEPs would have no targets to agree
    for plan in PLANS:
        child = children.get((plan.setting, plan.responsible_la, plan.legal_status))
        if child is None:
            continue
        with transaction.atomic():
            builder = Builder(
                child=child,
                today=today,
                organiser=advisors.get(plan.responsible_la),
                areas=areas,
                created=created,
            )
            STAGES[plan.stage](builder)
    # The clock's own daily check: every other looked-after child of PEP age gets a cycle.
    opened = ensure_cycles(today=today)
    created["PEP cycles opened by the clock"] += opened.get("opened", 0)
    return +created


@dataclass
class Builder:
    child: Child
    today: date
    organiser: User | None
    areas: dict[str, Area]
    created: Counter[str]

    # --- rows ---------------------------------------------------------------------------

    def pep(self, *, kind: str, opened_on: date, **fields: Any) -> Pep:
        """Return the child's PEP of this kind opened that day, made with the fields if new."""
        pep = Pep.objects.filter(child=self.child, kind=kind, opened_on=opened_on).first()
        if pep is not None:
            return pep
        if fields.get("is_current", True):
            # The clock may have opened a cycle on an earlier day's run: this one replaces it.
            Pep.objects.filter(child=self.child, is_current=True).update(is_current=False)
        pep = Pep.objects.create(
            child=self.child,
            care_setting=self.child.care_setting,
            responsible_la=self.child.responsible_la,
            kind=kind,
            opened_on=opened_on,
            **fields,
        )
        self.created["PEPs"] += 1
        return pep

    def meeting(self, pep: Pep, *, day: date, status: str, **fields: Any) -> Meeting:
        """Return the PEP's meeting (10 to 11 on the day), with the team invited, made if new."""
        uid = uuid.uuid5(UID_NAMESPACE, f"{pep.child_id}:{pep.kind}:{pep.opened_on}")
        meeting = Meeting.objects.filter(uid=uid).first()
        if meeting is not None:
            return meeting
        starts_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
        meeting = Meeting.objects.create(
            uid=uid,
            child=pep.child,
            pep=pep,
            kind=Meeting.Kind.PEP,
            status=status,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            location=f"{pep.care_setting.name}, the meeting room",
            organiser=self.organiser or pep.child.key_person,
            confirmed_at=starts_at - timedelta(days=14) if status != "scheduled" else None,
            held_on=day if status == Meeting.Status.HELD else None,
            outcome=AGREED if status == Meeting.Status.HELD else "",
            **fields,
        )
        held = status == Meeting.Status.HELD
        team = TeamMember.objects.filter(
            child=pep.child,
            is_active=True,
            role__in=(
                TeamMember.Role.FOSTER_CARER,
                TeamMember.Role.KINSHIP_CARER,
                TeamMember.Role.SOCIAL_WORKER,
                TeamMember.Role.IRO,
            ),
        ).order_by("pk")
        invitees = [
            Invitee(
                meeting=meeting,
                team_member=member,
                name=member.name,
                role=member.get_role_display(),
                email=member.email,
                attendance=(
                    ("apologies" if member.role == TeamMember.Role.IRO else "attended")
                    if held
                    else ""
                ),
            )
            for member in team
        ]
        key_person = pep.child.key_person
        if key_person is not None:
            invitees.append(
                Invitee(
                    meeting=meeting,
                    user=key_person,
                    name=key_person.full_name,
                    role="Designated key person",
                    email=key_person.email,
                    attendance="attended" if held else "",
                )
            )
        Invitee.objects.bulk_create(invitees)
        self.created["PEP meetings"] += 1
        return meeting

    def paperwork(self, pep: Pep) -> None:
        """Fill in the paperwork sections as the key person would."""
        fields = {
            **VOICE,
            **VIEWS,
            "sessions_offered": 48,
            "sessions_attended": 45,
            "funded_hours": Decimal("15.0"),
            "attendance_notes": "Three sessions missed for contact visits.",
            "health": "Up to date with immunisations; hearing check booked.",
            "sen_support": self.child.get_sen_status_display(),
            "progress_notes": "Growing in confidence with adults and peers; talking more.",
        }
        changed = [name for name, value in fields.items() if getattr(pep, name) != value]
        for name in changed:
            setattr(pep, name, fields[name])
        if changed:
            pep.save(update_fields=changed)

    def targets(self, pep: Pep, *, agreed_on: date) -> list[PepTarget]:
        """Return the PEP's SMART targets, agreed at its meeting that day, made if missing."""
        existing = list(pep.targets.all())
        if existing:
            return existing
        made = PepTarget.objects.bulk_create(
            PepTarget(
                pep=pep,
                area=self.areas[code],
                target=target,
                actions=actions,
                who="Designated key person",
                by_when=dates.add_months(agreed_on, 4),
                success_measure=measure,
                eypp_funded=order == 0,
                cost=Decimal("120.00") if order == 0 else None,
                order=order,
            )
            for order, (code, target, actions, measure) in enumerate(TARGETS)
        )
        self.created["PEP targets"] += len(made)
        return made

    def review_previous(self, pep: Pep) -> None:
        """Review the previous PEP's targets in this PEP's paperwork."""
        if pep.previous is None or pep.target_reviews.exists():
            return
        outcomes = (TargetReview.Outcome.ACHIEVED, TargetReview.Outcome.PARTLY)
        TargetReview.objects.bulk_create(
            TargetReview(
                pep=pep,
                target=target,
                outcome=outcomes[index % 2],
                evidence="Seen in observations this term and in the tracker.",
            )
            for index, target in enumerate(pep.previous.targets.all())
        )

    def submit(self, pep: Pep, *, on: date) -> None:
        """Mark the paperwork submitted that day, with the tracker frozen as it stands."""
        if pep.submitted_at is None:
            pep.progress_snapshot = progress_snapshot_of(pep, today=on)
            pep.submitted_at = timezone.make_aware(datetime.combine(on, time(16, 0)))
            pep.submitted_by = pep.child.key_person
            pep.save(update_fields=["progress_snapshot", "submitted_at", "submitted_by"])

    def signed(self, *, kind: str, opened_on: date, meeting_on: date) -> Pep:
        """Return a signed-off PEP of the child, with its meeting, targets, QA and PDF pack."""
        due = rules.next_review_due(opened_on, cycle="six_monthly", cut_offs=()).on
        pep = self.pep(
            kind=kind,
            opened_on=opened_on,
            due_on=max(due, meeting_on),
            clock_rule="Opened by the clock",
            is_current=False,
            status=Pep.Status.DUE,
        )
        if pep.status == Pep.Status.SIGNED_OFF:
            return pep
        meeting_on = on_working_day(meeting_on)
        self.paperwork(pep)
        self.submit(pep, on=meeting_on - timedelta(days=7))
        self.meeting(pep, day=meeting_on, status=Meeting.Status.HELD)
        self.targets(pep, agreed_on=meeting_on)
        signed_on = dates.add_working_days(meeting_on, 3)
        self.qa(pep, decision=QaReview.Decision.SIGNED_OFF, rag=Pep.Rag.GREEN, on=signed_on)
        pep.status = Pep.Status.SIGNED_OFF
        pep.next_pep_on = dates.add_months(meeting_on, 6)
        pep.rag = Pep.Rag.GREEN
        pep.signed_off_by = self.organiser
        pep.signed_off_at = timezone.make_aware(datetime.combine(signed_on, time(15, 0)))
        pep.save(update_fields=["status", "next_pep_on", "rag", "signed_off_by", "signed_off_at"])
        # The worker renders the pack after sign-off; the demo renders it here, once.
        transaction.on_commit(lambda: pack_make(pep_id=pep.pk))
        self.created["PEP packs"] += 1
        return pep

    def qa(self, pep: Pep, *, decision: str, rag: str, on: date, reason: str = "") -> None:
        if self.organiser is None or pep.qa_reviews.filter(decision=decision).exists():
            return
        QaReview.objects.create(
            pep=pep,
            by=self.organiser,
            at=timezone.make_aware(datetime.combine(on, time(14, 0))),
            decision=decision,
            rag=rag,
            checklist={key: True for key, _ in QaReview.CHECKLIST},
            feedback="A clear picture of the child; the targets are specific and measured.",
            reason=reason,
        )

    def review(self, *, previous: Pep, status: str, due_on: date | None = None) -> Pep:
        """Return the current review cycle after the previous PEP, opened on its sign-off."""
        meeting_on = previous.meetings.filter(status=Meeting.Status.HELD).first().held_on
        due = rules.next_review_due(meeting_on, cycle="six_monthly", cut_offs=())
        return self.pep(
            kind=Pep.Kind.REVIEW,
            opened_on=previous.signed_off_at.date() if previous.signed_off_at else meeting_on,
            due_on=due_on or due.on,
            clock_rule=due.words,
            status=status,
            previous=previous,
        )


# --- Stages -----------------------------------------------------------------------------


def _scheduled(b: Builder) -> None:
    """Last PEP signed off with its pack; this review's meeting is booked, not yet confirmed."""
    t = b.today
    last = b.signed(
        kind=Pep.Kind.REVIEW, opened_on=t - timedelta(days=175), meeting_on=t - timedelta(days=150)
    )
    pep = b.review(previous=last, status=Pep.Status.SCHEDULED)
    b.meeting(pep, day=dates.add_working_days(pep.due_on, -5), status=Meeting.Status.SCHEDULED)


def _submitted(b: Builder) -> None:
    """The responsible LA (another on the portal) confirmed; the key person has submitted."""
    t = b.today
    last = b.signed(
        kind=Pep.Kind.INITIAL,
        opened_on=t - timedelta(days=150),
        meeting_on=t - timedelta(days=125),
    )
    pep = b.review(previous=last, status=Pep.Status.SUBMITTED, due_on=dates.add_working_days(t, 8))
    b.meeting(pep, day=dates.add_working_days(t, 4), status=Meeting.Status.CONFIRMED)
    _requested(pep, meeting_on=dates.add_working_days(t, 4), lead=10)
    b.paperwork(pep)
    b.review_previous(pep)
    b.submit(pep, on=dates.add_working_days(t, -1))


def _paperwork_overdue(b: Builder) -> None:
    """Meeting confirmed in three working days; the paperwork was due two working days ago."""
    t = b.today
    last = b.signed(
        kind=Pep.Kind.REVIEW, opened_on=t - timedelta(days=200), meeting_on=t - timedelta(days=178)
    )
    pep = b.review(previous=last, status=Pep.Status.PAPERWORK_REQUESTED)
    meeting_on = dates.add_working_days(t, 3)
    b.meeting(pep, day=meeting_on, status=Meeting.Status.CONFIRMED)
    _requested(pep, meeting_on=meeting_on, lead=5)
    if not pep.voice_likes:
        pep.voice_likes = VOICE["voice_likes"]  # started, not finished
        pep.save(update_fields=["voice_likes"])


def _not_scheduled(b: Builder) -> None:
    """An initial PEP after an emergency placement, with no meeting yet."""
    child = b.child
    policy = rules.ClockPolicy.of(child.responsible_la)
    due = rules.initial_due(
        child.entered_care_on, emergency=child.emergency_placement, policy=policy, terms=()
    )
    b.pep(
        kind=Pep.Kind.INITIAL,
        opened_on=child.entered_care_on,
        due_on=due.on,
        clock_rule=due.words,
        status=Pep.Status.DUE,
    )


def _returned(b: Builder) -> None:
    """Meeting held, paperwork submitted, returned by the virtual school with its reason."""
    t = b.today
    last = b.signed(
        kind=Pep.Kind.REVIEW, opened_on=t - timedelta(days=190), meeting_on=t - timedelta(days=170)
    )
    pep = b.review(previous=last, status=Pep.Status.RETURNED)
    meeting_on = dates.add_working_days(t, -6)
    b.paperwork(pep)
    b.review_previous(pep)
    b.submit(pep, on=meeting_on - timedelta(days=7))
    b.meeting(pep, day=meeting_on, status=Meeting.Status.HELD)
    b.targets(pep, agreed_on=meeting_on)
    reason = (
        "The child's voice repeats the carer's views: add what the child shows you in the "
        "setting, and link the EYPP-funded target to its cost."
    )
    b.qa(
        pep,
        decision=QaReview.Decision.RETURNED,
        rag=Pep.Rag.RED,
        on=dates.add_working_days(t, -2),
        reason=reason,
    )
    if not pep.returned_reason:
        pep.returned_reason, pep.rag = reason, Pep.Rag.RED
        pep.next_pep_on = dates.add_months(meeting_on, 6)
        pep.save(update_fields=["returned_reason", "rag", "next_pep_on"])


def _external(b: Builder) -> None:
    """Placed by an LA not on the portal: the setting recorded its PEP and uploaded it."""
    child = b.child
    policy = rules.ClockPolicy.of(child.responsible_la)
    due = rules.initial_due(child.entered_care_on, emergency=False, policy=policy, terms=())
    pep = b.pep(
        kind=Pep.Kind.INITIAL,
        opened_on=child.entered_care_on,
        due_on=due.on,
        clock_rule=due.words,
        is_current=False,
        status=Pep.Status.DUE,
    )
    if pep.status == Pep.Status.SIGNED_OFF:
        return
    recorder = User.objects.filter(email="manager@demo.test").first() or child.key_person
    held_on = dates.add_working_days(due.on, -2)
    pdf = render_pdf(
        template="pdf/demo_external_pep.html",
        context={"child": child, "held_on": held_on, "la": child.responsible_la},
    )
    document = ExternalPepDocument(
        pep=pep,
        original_name=f"{child.responsible_la.name} PEP {held_on:%Y-%m-%d}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        uploaded_by=recorder,
    )
    document.file.save("pep.pdf", ContentFile(pdf), save=False)
    document.save()
    starts_at = timezone.make_aware(datetime.combine(held_on, time.min))
    Meeting.objects.create(
        child=child,
        pep=pep,
        kind=Meeting.Kind.PEP,
        status=Meeting.Status.HELD,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=1),
        location=f"Arranged by {child.responsible_la.name}",
        organiser=recorder,
        outcome="Targets agreed for language and settling; next PEP in six months.",
        held_on=held_on,
    )
    pep.status, pep.meeting_outcome = (
        Pep.Status.SIGNED_OFF,
        "Targets agreed for language and settling.",
    )
    pep.next_pep_on = dates.add_months(held_on, 6)
    pep.signed_off_at = timezone.make_aware(
        datetime.combine(held_on + timedelta(days=1), time(12))
    )
    pep.signed_off_by = recorder
    pep.save(
        update_fields=[
            "status",
            "meeting_outcome",
            "next_pep_on",
            "signed_off_at",
            "signed_off_by",
        ]
    )
    b.created["out-of-county PEP documents"] += 1
    due_next = rules.next_review_due(held_on, cycle="six_monthly", cut_offs=())
    b.pep(
        kind=Pep.Kind.REVIEW,
        opened_on=pep.signed_off_at.date(),
        due_on=due_next.on,
        clock_rule=due_next.words,
        previous=pep,
        status=Pep.Status.DUE,
    )


def _awaiting_qa(b: Builder) -> None:
    """Meeting held with targets agreed; waiting for the virtual school's QA."""
    t = b.today
    last = b.signed(
        kind=Pep.Kind.REVIEW, opened_on=t - timedelta(days=185), meeting_on=t - timedelta(days=168)
    )
    pep = b.review(previous=last, status=Pep.Status.AWAITING_QA)
    meeting_on = dates.add_working_days(t, -3)
    b.paperwork(pep)
    b.review_previous(pep)
    b.submit(pep, on=meeting_on - timedelta(days=6))
    b.meeting(pep, day=meeting_on, status=Meeting.Status.HELD)
    b.targets(pep, agreed_on=meeting_on)
    if pep.next_pep_on is None:
        pep.next_pep_on = dates.add_months(meeting_on, 6)
        pep.save(update_fields=["next_pep_on"])


def _review_overdue(b: Builder) -> None:
    """The review's due date has passed and no meeting is booked."""
    t = b.today
    b.review(
        previous=b.signed(
            kind=Pep.Kind.REVIEW,
            opened_on=t - timedelta(days=215),
            meeting_on=t - timedelta(days=196),
        ),
        status=Pep.Status.DUE,
    )


def on_working_day(day: date) -> date:
    """Return the day, or the next working day if it falls at a weekend or bank holiday."""
    while not dates.is_working_day(day):
        day += timedelta(days=1)
    return day


def _requested(pep: Pep, *, meeting_on: date, lead: int) -> None:
    if pep.paperwork_requested_on is None:
        pep.paperwork_requested_on = dates.add_working_days(meeting_on, -(lead + 10))
        pep.paperwork_due_on = dates.add_working_days(meeting_on, -lead)
        pep.save(update_fields=["paperwork_requested_on", "paperwork_due_on"])


STAGES = {
    "scheduled": _scheduled,
    "submitted": _submitted,
    "paperwork_overdue": _paperwork_overdue,
    "not_scheduled": _not_scheduled,
    "returned": _returned,
    "external": _external,
    "awaiting_qa": _awaiting_qa,
    "review_overdue": _review_overdue,
}
