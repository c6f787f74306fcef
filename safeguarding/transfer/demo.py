"""Demo data for a safeguarding file on its way: one transfer awaiting receipt.

A child of Acorn Day Nursery with safeguarding records (a concern reviewed and closed to
monitoring, a significant event in the chronology) moves to Little Owls Pre-School on the
portal (``children.services.child_move``: the lifecycle hook opens the transfer and Little
Owls allocates a key person), and Acorn's DSL sends the file. Little Owls' DSL
(``littleowls@demo.test``) has not acknowledged it yet.

The step runs straight after the key persons' step, before the learning, PEP and EYPP
steps, so that every later step sees the child where they are now, on the first run as on
every rerun. The child is neither looked after nor on EYPP, and past the age of the progress
check at two. Idempotent: once a file from Acorn to Little Owls exists, nothing is done.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import transaction

from accounts.demo import ACORN, LITTLE_OWLS
from accounts.models import CareSetting, Membership, User
from children.demo import demo_children
from children.models import Child
from children.services import child_move
from common import dates
from common.demo import DemoContext
from keypersons.services import key_person_allocate
from notifications.models import Notification
from safeguarding.chronology.services import entry_add
from safeguarding.concerns.services import (
    concern_action_add,
    concern_outcome_record,
    concern_raise,
)
from safeguarding.demo import at, backdate_concern, working_days_before
from safeguarding.models import Category, ChronologyEntry, ConcernAction, Outcome, Transfer
from safeguarding.transfer.reminders import TRANSFER_TO_SEND
from safeguarding.transfer.services import transfer_send

DSL_LOGIN = "dsl@demo.test"
MOVE_REASON = "The family moved house to Wrenbury Cross"
MOVED_CONCERN = (
    "Quiet and withdrawn all week, and cried at collection on Thursday when told Dad was "
    "picking up. Mum said at drop-off that Dad has moved out and there have been arguments "
    "at home."
)
MOVED_WORDS = "Daddy shouts at Mummy. I hide in my bed."
FAMILY_EVENT = "Parents separated; the child lives with Mum"
SEND_NOTE = (
    "One concern, closed to monitoring, and the family's separation in the chronology. "
    "Please call me if you would like to talk it through."
)


def mover(*, today: date) -> tuple[str, str] | None:
    """Return the names of the Acorn child who moves on: not in care, no EYPP, past two."""
    for row in sorted(
        demo_children(today=today), key=lambda row: (row["last_name"], row["first_name"])
    ):
        if (
            row["setting"] == ACORN
            and row["leave_date"] is None
            and row["looked_after_status"] == Child.LookedAfter.NO
            and not row["eypp_ground"]
            and not row["shared_with_la"]
            and row["sen_status"] == Child.Sen.NONE
            and dates.months_between(row["date_of_birth"], row["start_date"]) >= 30
            and dates.months_between(row["date_of_birth"], today) >= 37
        ):
            return row["first_name"], row["last_name"]
    return None


def demo_step(ctx: DemoContext) -> None:
    """Move an Acorn child with safeguarding records to Little Owls and send the file."""
    ctx.created.update(demo_transfer(setting_ids=ctx.setting_ids, today=ctx.today))


@transaction.atomic
def demo_transfer(*, setting_ids: list[int], today: date) -> Counter[str]:
    """Make the transfer awaiting receipt, once; return what was created."""
    created: Counter[str] = Counter()
    settings = {
        setting.slug: setting
        for setting in CareSetting.objects.filter(
            pk__in=setting_ids, slug__in=[ACORN, LITTLE_OWLS]
        )
    }
    acorn, owls = settings.get(ACORN), settings.get(LITTLE_OWLS)
    dsl = User.objects.filter(email=DSL_LOGIN).first()
    if acorn is None or owls is None or dsl is None:
        return created
    if Transfer.objects.filter(from_setting=acorn, to_setting=owls).exists():
        return created
    names = mover(today=today)
    child = (
        Child.objects.filter(care_setting=acorn, first_name=names[0], last_name=names[1]).first()
        if names
        else None
    )
    owls_staff = list(
        User.objects.filter(
            memberships__care_setting=owls,
            memberships__is_active=True,
            memberships__role=Membership.Role.PRACTITIONER,
        ).order_by("email")
    )
    owls_manager = User.objects.filter(
        memberships__care_setting=owls,
        memberships__is_active=True,
        memberships__role=Membership.Role.MANAGER,
    ).first()
    manager = User.objects.filter(
        memberships__care_setting=acorn,
        memberships__is_active=True,
        memberships__role=Membership.Role.MANAGER,
    ).first()
    if child is None or not owls_staff or owls_manager is None or manager is None:
        return created

    moved_on = working_days_before(today, 3)
    raised_on = working_days_before(today, 30)
    raiser = child.key_person or manager
    concern = concern_raise(
        child=child,
        by=raiser,
        text=MOVED_CONCERN,
        occurred_at=at(raised_on, 15, 30),
        location="Pre-school room, at collection",
        category=Category.EMOTIONAL,
        child_words=MOVED_WORDS,
        immediate_actions="Comforted and stayed with the child until Dad arrived; told the DSL.",
    )
    concern_action_add(
        concern=concern,
        by=dsl,
        kind=ConcernAction.Kind.CONTACT,
        taken_on=raised_on + timedelta(days=1),
        text=(
            "Spoke with Mum at drop-off. She says the separation is settled and Dad sees the "
            "child at weekends; she welcomed the key person keeping an eye."
        ),
    )
    concern = concern_outcome_record(
        concern=concern,
        by=dsl,
        version=concern.version,
        outcome=Outcome.MONITOR,
        outcome_reference="",
        outcome_notes="No sign of harm; the key person notes any change and tells the DSL.",
    )
    backdate_concern(concern, raised_on=raised_on, reviewed_on=raised_on + timedelta(days=1))
    entry_add(
        care_setting=acorn,
        child=child,
        by=dsl,
        occurred_on=raised_on - timedelta(days=3),
        kind=ChronologyEntry.Kind.FAMILY,
        title=FAMILY_EVENT,
        detail="Told to the key person by Mum at drop-off.",
    )
    created["safeguarding concerns"] += 1
    created["chronology entries"] += 1

    child.refresh_from_db()
    child_move(
        child=child,
        by=manager,
        version=child.version,
        to_setting=owls,
        moved_on=moved_on,
        reason=MOVE_REASON,
    )
    child.refresh_from_db()
    key_person_allocate(
        by=owls_manager,
        child=child,
        staff=owls_staff[0],
        starts_on=moved_on,
        reason="Allocated when the child started",
    )
    transfer = Transfer.objects.get(child=child, from_setting=acorn, sent_at__isnull=True)
    sent = transfer_send(transfer=transfer, by=dsl, note=SEND_NOTE)
    # Acorn's DSLs were told the file was to be sent, and sent it.
    Notification.objects.filter(
        kind=TRANSFER_TO_SEND, dedup_key__startswith=f"{TRANSFER_TO_SEND}:transfer-{sent.pk}-open:"
    ).update(read_at=sent.sent_at)
    created["setting changes"] += 1
    created["safeguarding transfers"] += 1
    return created
