"""Demo data: Northshire's early years strategy action plan.

Four chapters and twelve commitments, in every status and every RAG rating, some past
their timescale (so the reminder shows), with dated progress updates. The commitments'
named leads are the demo LA people; "who is leading" names their teams. Commitment 2.4 (iv)
is the children in care advisor's. Dates are counted from the day the demo is seeded.
Idempotent: chapters are found by number, commitments by number, updates by their words,
so a second run on the same day writes nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from accounts.demo import NORTHSHIRE
from accounts.models import LocalAuthority, User
from common.demo import DemoContext, Tally, sync
from quality.models import StrategyChapter, StrategyCommitment, StrategyUpdate

Status = StrategyCommitment.Status
Rag = StrategyCommitment.Rag
DASH = "\u2013"
ADMIN = "laadmin@demo.test"
ADVISOR = "advisor@demo.test"
SECOND_ADVISOR = "imran.siddiqui@northshire.demo.test"
CIC = "cicadvisor@demo.test"

CHAPTERS = (
    (1, "Best start in life"),
    (2, "Children in care and previously looked after"),
    (3, "Quality and sufficiency of places"),
    (4, "Inclusion and SEND"),
)


@dataclass(frozen=True)
class Commitment:
    chapter: int
    reference: str
    text: str
    leading: str
    leads: tuple[str, ...]
    days: int | None  # the timescale, in days from today (negative: past)
    note: str
    existing_plan: str
    resources: str
    status: str
    rag: str
    # (days ago, words, status, RAG, author) of its progress updates.
    updates: tuple[tuple[int, str, str, str, str], ...] = ()


VIRTUAL_SCHOOL = "Virtual School early years team"
QUALITY = "Early Years Quality Improvement team"
SUFFICIENCY = "Sufficiency and Childcare team"
INCLUSION = "Inclusion and SEND team"

COMMITMENTS = (
    Commitment(
        1,
        "1.1",
        "Promote the funded place for eligible two-year-olds through family hubs and "
        "health visitors.",
        "Family Hubs with the Early Years and Childcare team",
        (ADMIN,),
        None,
        "Ongoing",
        "Family Hubs and Start for Life programme",
        "Family hub outreach workers; leaflets in five languages",
        Status.ONGOING,
        Rag.GREEN,
        (
            (
                30,
                "Take-up of two-year-old places is 78%, up from 71% a year ago.",
                "ongoing",
                "green",
                ADMIN,
            ),
        ),
    ),
    Commitment(
        1,
        "1.2",
        "Every child's progress check at age two is shared with the health visitor for an "
        "integrated review.",
        QUALITY,
        (ADVISOR,),
        -45,
        "",
        "Healthy Child Programme",
        "Briefings for setting managers; a shared consent form",
        Status.IN_PROGRESS,
        Rag.RED,
        (
            (
                80,
                "Consent form agreed with the health visiting service.",
                "in_progress",
                "amber",
                ADVISOR,
            ),
            (
                12,
                "Fewer than half of the checks due this term were shared: the consent form "
                "is not yet used by childminders.",
                "in_progress",
                "red",
                ADVISOR,
            ),
        ),
    ),
    Commitment(
        1,
        "1.3",
        "Publish a home learning offer for the parents of babies and toddlers.",
        "Family Hubs",
        (),
        120,
        "",
        "Family Hubs and Start for Life programme",
        "",
        Status.NOT_STARTED,
        Rag.GREEN,
    ),
    Commitment(
        2,
        "2.4 (ii)",
        f"Every looked-after child aged 0{DASH}5 has a Personal Education Plan reviewed each "
        "term.",
        VIRTUAL_SCHOOL,
        (CIC,),
        None,
        "Each term",
        "Virtual School improvement plan",
        "",
        Status.ONGOING,
        Rag.GREEN,
        ((20, "Every PEP due this term was held on time.", "ongoing", "green", CIC),),
    ),
    Commitment(
        2,
        "2.4 (iv)",
        f"Track and monitor attainment and achievement of looked-after children aged 0{DASH}5.",
        VIRTUAL_SCHOOL,
        (CIC,),
        -20,
        "",
        "Virtual School improvement plan",
        "Tracker data from each setting every term; an analyst one day a month",
        Status.IN_PROGRESS,
        Rag.AMBER,
        (
            (
                70,
                "Baseline tracker data collected from the settings of the looked-after "
                "children placed in county.",
                "in_progress",
                "green",
                CIC,
            ),
            (
                6,
                "Data is still missing for the children placed out of county; their "
                "virtual schools have been asked for it.",
                "in_progress",
                "amber",
                CIC,
            ),
        ),
    ),
    Commitment(
        2,
        "2.4 (v)",
        "Train designated staff in settings in attachment and trauma-informed practice.",
        "Virtual School with the Educational Psychology service",
        (CIC,),
        -90,
        "",
        "Virtual School improvement plan",
        "Two training days; an educational psychologist",
        Status.COMPLETE,
        Rag.GREEN,
        (
            (
                92,
                "Both training days held: 46 staff from 31 settings attended.",
                "complete",
                "green",
                CIC,
            ),
        ),
    ),
    Commitment(
        2,
        "2.6",
        "Extend Early Years Pupil Premium tracking to children previously looked after.",
        VIRTUAL_SCHOOL,
        (),
        -10,
        "",
        "",
        "",
        Status.NOT_STARTED,
        Rag.RED,
    ),
    Commitment(
        3,
        "3.1",
        "Support every setting judged below Good to reach Good at its next inspection.",
        QUALITY,
        (ADVISOR, SECOND_ADVISOR),
        200,
        "",
        "Early years quality improvement plan",
        "Advisory visits; peer-to-peer support; in-house training",
        Status.IN_PROGRESS,
        Rag.AMBER,
        (
            (
                14,
                "Four settings on a support package; one declined support.",
                "in_progress",
                "amber",
                ADVISOR,
            ),
        ),
    ),
    Commitment(
        3,
        "3.2",
        "Open 120 new funded places for children under two in the north of the county.",
        SUFFICIENCY,
        (ADMIN,),
        -5,
        "",
        "Childcare sufficiency assessment",
        "Capital grant of £450,000",
        Status.IN_PROGRESS,
        Rag.RED,
        ((7, "52 places opened; two providers have withdrawn.", "in_progress", "red", ADMIN),),
    ),
    Commitment(
        3,
        "3.3",
        "Refresh the childcare sufficiency assessment and publish it.",
        SUFFICIENCY,
        (ADMIN,),
        -60,
        "",
        "Childcare sufficiency assessment",
        "",
        Status.COMPLETE,
        Rag.GREEN,
        ((61, "Published on the council's website.", "complete", "green", ADMIN),),
    ),
    Commitment(
        4,
        "4.1",
        "Offer Area SENCo support to every setting within six weeks of a request.",
        INCLUSION,
        (ADVISOR,),
        None,
        "Ongoing",
        "SEND and inclusion strategy",
        "Three Area SENCos",
        Status.ONGOING,
        Rag.AMBER,
        (
            (
                21,
                "Requests answered in eight weeks on average: one Area SENCo post is vacant.",
                "ongoing",
                "amber",
                ADVISOR,
            ),
        ),
    ),
    Commitment(
        4,
        "4.2",
        "Pilot an inclusion fund for children with emerging needs.",
        INCLUSION,
        (),
        -30,
        "",
        "SEND and inclusion strategy",
        "",
        Status.DEFERRED,
        Rag.AMBER,
        (
            (
                35,
                "Deferred until the high needs budget for next year is set.",
                "deferred",
                "amber",
                ADMIN,
            ),
        ),
    ),
)


def demo_step(ctx: DemoContext) -> None:
    """Seed Northshire's strategy action plan."""
    demo_strategy(today=ctx.today, tally=ctx)


@transaction.atomic
def demo_strategy(*, today: date, tally: Tally) -> None:
    """Write the plan's chapters, commitments and updates, the same on every rerun."""
    la = LocalAuthority.objects.filter(slug=NORTHSHIRE).first()
    if la is None:
        return
    emails = {email for c in COMMITMENTS for email in c.leads} | {
        author for c in COMMITMENTS for *_, author in c.updates
    }
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    chapters = sync(
        StrategyChapter.objects.filter(local_authority=la),
        key=("number",),
        rows=[{"local_authority_id": la.pk, "number": n, "title": t} for n, t in CHAPTERS],
        tally=tally,
    )
    commitments = sync(
        StrategyCommitment.objects.filter(local_authority=la),
        key=("reference",),
        rows=[
            {
                "local_authority_id": la.pk,
                "chapter_id": chapters[(c.chapter,)].pk,
                "reference": c.reference,
                "position": position,
                "text": c.text,
                "leading": c.leading,
                "timescale": today + timedelta(days=c.days) if c.days is not None else None,
                "timescale_note": c.note,
                "existing_plan": c.existing_plan,
                "resources": c.resources,
                "status": c.status,
                "rag": c.rag,
            }
            for position, c in enumerate(COMMITMENTS)
        ],
        tally=tally,
    )
    for c in COMMITMENTS:
        commitment = commitments[(c.reference,)]
        wanted = {people[email].pk for email in c.leads if email in people}
        if set(commitment.leads.values_list("pk", flat=True)) != wanted:
            commitment.leads.set(wanted)
            tally.updated["strategy commitment leads"] += 1
    sync(
        StrategyUpdate.objects.filter(commitment__local_authority=la),
        key=("commitment_id", "text"),
        rows=[
            {
                "commitment_id": commitments[(c.reference,)].pk,
                "written_on": today - timedelta(days=days_ago),
                "text": text,
                "status": status,
                "rag": rag,
                "author_id": people[author].pk if author in people else None,
            }
            for c in COMMITMENTS
            for days_ago, text, status, rag, author in c.updates
        ],
        tally=tally,
    )
