"""factory_boy factories for safeguarding: concerns, the DSL's log, status, agencies, transfers.

Every record is kept by its child's setting unless told otherwise (``care_setting``).
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguarding.models import (
    AgencyVisit,
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
    Transfer,
    TransferDownload,
)
from tests.factories.accounts import (
    CareSettingFactory,
    ChildFactory,
    MembershipFactory,
    UserFactory,
)


def _today():
    return timezone.localdate()


class ConcernFactory(DjangoModelFactory):
    """A physical-abuse concern raised an hour ago, waiting for the DSL.

    Traits: ``reviewed`` (acknowledged by a DSL), ``referred`` (outcome: referral to
    children's social care with a reference).
    """

    class Meta:
        model = Concern

    child = factory.SubFactory(ChildFactory)
    care_setting = factory.SelfAttribute("child.care_setting")
    raised_by = factory.SubFactory(UserFactory)
    raised_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    location = "Garden"
    category = Category.PHYSICAL
    text = "Unexplained bruise on the forearm seen at nappy change."
    child_words = "Daddy was cross."
    immediate_actions = "Recorded on the body map; told the DSL in person."

    class Params:
        reviewed = factory.Trait(
            acknowledged_at=factory.LazyFunction(timezone.now),
            acknowledged_by=factory.SubFactory(UserFactory),
        )
        referred = factory.Trait(
            reviewed=True,
            outcome=Outcome.CSC_REFERRAL,
            outcome_reference="MASH-2026-0412",
            outcome_notes="Referred to the front door; strategy discussion to follow.",
            outcome_at=factory.LazyFunction(timezone.now),
            outcome_by=factory.SelfAttribute("acknowledged_by"),
        )


class BodyMapMarkFactory(DjangoModelFactory):
    class Meta:
        model = BodyMapMark

    concern = factory.SubFactory(ConcernFactory)
    side = BodyMapMark.Side.FRONT
    region = "left_forearm"
    kind = BodyMapMark.Kind.BRUISE
    description = "Blue-yellow bruise about 3 cm across, oval."


class ConcernActionFactory(DjangoModelFactory):
    class Meta:
        model = ConcernAction

    concern = factory.SubFactory(ConcernFactory, reviewed=True)
    kind = ConcernAction.Kind.DECISION
    text = "Spoke to the parent at collection; explanation recorded."
    taken_on = factory.LazyFunction(_today)
    by = factory.SubFactory(UserFactory)


class ChronologyEntryFactory(DjangoModelFactory):
    class Meta:
        model = ChronologyEntry

    child = factory.SubFactory(ChildFactory)
    care_setting = factory.SelfAttribute("child.care_setting")
    occurred_on = factory.LazyFunction(lambda: _today() - timedelta(days=10))
    kind = ChronologyEntry.Kind.FAMILY
    title = "Mother moved out of the family home"
    detail = "Told to the key person by the father at drop-off."
    recorded_by = factory.SubFactory(UserFactory)


class SafeguardingStatusFactory(DjangoModelFactory):
    """An open child protection plan (neglect) from a month ago; trait ``early_help``."""

    class Meta:
        model = SafeguardingStatus

    child = factory.SubFactory(ChildFactory)
    care_setting = factory.SelfAttribute("child.care_setting")
    level = Level.CHILD_PROTECTION
    started_on = factory.LazyFunction(lambda: _today() - timedelta(days=30))
    social_worker = "Duty social worker, Northshire Children's Services"
    plan_category = PlanCategory.NEGLECT
    initial_conference_on = factory.LazyFunction(lambda: _today() - timedelta(days=30))
    next_review_conference_on = factory.LazyFunction(lambda: _today() + timedelta(days=60))
    core_group = "Social worker; health visitor; setting DSL; parents"
    next_core_group_on = factory.LazyFunction(lambda: _today() + timedelta(days=10))
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        early_help = factory.Trait(
            level=Level.EARLY_HELP,
            plan_category="",
            initial_conference_on=None,
            next_review_conference_on=None,
            core_group="",
            next_core_group_on=None,
            lead_professional="Family support worker, Northshire Early Help",
        )


class StatusTaskFactory(DjangoModelFactory):
    class Meta:
        model = StatusTask

    status = factory.SubFactory(SafeguardingStatusFactory)
    text = "Record attendance daily and tell the social worker of any absence by 10am."
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: _today() + timedelta(days=7))


class AgencyVisitFactory(DjangoModelFactory):
    class Meta:
        model = AgencyVisit

    child = factory.SubFactory(ChildFactory)
    care_setting = factory.SelfAttribute("child.care_setting")
    visitor_name = "Health visitor"
    agency = "Northshire Healthy Child Programme"
    visitor_role = "Health visitor"
    identity_checked = True
    purpose = "Two-year review observation."
    arrived_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    left_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    supervised_by = factory.SubFactory(UserFactory)
    recorded_by = factory.SelfAttribute("supervised_by")


class InformationShareFactory(DjangoModelFactory):
    """Information we shared with children's social care on consent; trait ``received``."""

    class Meta:
        model = InformationShare

    child = factory.SubFactory(ChildFactory)
    care_setting = factory.SelfAttribute("child.care_setting")
    direction = InformationShare.Direction.SHARED
    shared_on = factory.LazyFunction(lambda: _today() - timedelta(days=3))
    agency = "Northshire Children's Services"
    person = "Duty social worker"
    what = "Attendance for the last half term and the two concerns recorded."
    lawful_basis = InformationShare.LawfulBasis.PUBLIC_TASK
    consent = InformationShare.Consent.GIVEN
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        received = factory.Trait(
            direction=InformationShare.Direction.RECEIVED,
            agency="Northshire Police",
            person="Public protection officer",
            what="A domestic incident was attended at the home address last weekend.",
            lawful_basis="",
            consent="",
        )


class AllegationFactory(DjangoModelFactory):
    """An allegation about ``staff_member`` (a member of ``care_setting``), two days old."""

    class Meta:
        model = Allegation

    care_setting = factory.SubFactory(CareSettingFactory)
    staff_member = factory.LazyAttribute(
        lambda allegation: MembershipFactory(care_setting=allegation.care_setting).user
    )
    received_on = factory.LazyFunction(lambda: _today() - timedelta(days=2))
    made_by = "A parent, in person"
    summary = "A parent reports a member of staff grabbed a child's arm roughly at lunch."
    serious_harm = True
    recorded_by = factory.SubFactory(UserFactory)


class TransferFactory(DjangoModelFactory):
    """A transfer to another setting on the portal, not yet sent; trait ``sent``."""

    class Meta:
        model = Transfer

    child = factory.SubFactory(ChildFactory)
    from_setting = factory.SelfAttribute("child.care_setting")
    to_setting = None
    destination = "Hill Top Nursery (not on the portal)"
    due_on = factory.LazyFunction(lambda: _today() + timedelta(days=5))

    class Params:
        sent = factory.Trait(
            sent_at=factory.LazyFunction(timezone.now),
            sent_by=factory.SubFactory(UserFactory),
            pdf=b"not a real file: the service renders and encrypts one",
            checksum="0" * 64,
        )


class TransferDownloadFactory(DjangoModelFactory):
    class Meta:
        model = TransferDownload

    transfer = factory.SubFactory(TransferFactory, sent=True)
    by = factory.SubFactory(UserFactory)
