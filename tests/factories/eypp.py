"""factory_boy factories for EYPP grounds, DAF awards, funding years, plans and reviews."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

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
from learning.models import Area
from tests.factories.accounts import ChildFactory, UserFactory


class FundingYearFactory(DjangoModelFactory):
    """An LA's own rates for the financial year starting in 2030 (no national row then)."""

    class Meta:
        model = FundingYear

    local_authority = None
    starts_in = 2030
    hourly_rate = Decimal("1.50")
    annual_hours = 570
    weekly_hours = 15
    daf_amount = Decimal("1000.00")


class EligibilityFactory(DjangoModelFactory):
    """An economic ground from four months ago, evidence seen, 15 funded hours a week."""

    class Meta:
        model = Eligibility

    child = factory.SubFactory(ChildFactory, funded_entitlement="universal_15")
    basis = Basis.ECONOMIC
    evidence = "Parent declaration; eligibility checked through the LA's checking service."
    evidence_seen_by = factory.SubFactory(UserFactory)
    evidence_seen_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=120))
    eligible_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=120))
    hours_per_week = Decimal("15.0")


class DafAwardFactory(DjangoModelFactory):
    class Meta:
        model = DafAward

    child = factory.SubFactory(ChildFactory, funded_entitlement="universal_15")
    starts_in = 2026
    care_setting = factory.SelfAttribute("child.care_setting")
    evidence = "Disability Living Allowance award letter"
    evidence_seen_on = factory.LazyFunction(timezone.localdate)
    amount = Decimal("975.00")
    amount_confirmed = False


class ActionPlanFactory(DjangoModelFactory):
    """A draft plan for this term (a month ago to two months ahead), £300 allocated."""

    class Meta:
        model = ActionPlan

    child = factory.SubFactory(ChildFactory, funded_entitlement="universal_15")
    care_setting = factory.SelfAttribute("child.care_setting")
    period_label = "This term"
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    period_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    allocation = Decimal("300.00")
    created_by = factory.SubFactory(UserFactory)

    class Params:
        submitted = factory.Trait(
            status=ActionPlan.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        returned = factory.Trait(
            status=ActionPlan.Status.RETURNED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            returned_reason="Say how the impact will be measured for the second need.",
        )
        approved = factory.Trait(
            status=ActionPlan.Status.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            checksum="0" * 64,
        )


class PlanLineFactory(DjangoModelFactory):
    class Meta:
        model = PlanLine

    plan = factory.SubFactory(ActionPlanFactory)
    need = "Finds it hard to join in group conversations at carpet time."
    area = factory.LazyFunction(lambda: Area.objects.get(code="CL"))
    action = "Twice-weekly small-group talk sessions with the key person."
    who = "Key person"
    starts_on = factory.SelfAttribute("plan.period_start")
    ends_on = factory.SelfAttribute("plan.period_end")
    cost = Decimal("120.00")
    intended_impact = "Takes turns in a conversation with two other children."
    order = factory.Sequence(int)


class ImpactReviewFactory(DjangoModelFactory):
    class Meta:
        model = ImpactReview

    plan = factory.SubFactory(ActionPlanFactory, approved=True)
    summary = "Joins group talk most days and takes turns."
    next_steps = "Carry on in small groups; try a larger group next term."


class LineOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = LineOutcome

    review = factory.SubFactory(ImpactReviewFactory)
    line = factory.SubFactory(PlanLineFactory, plan=factory.SelfAttribute("..review.plan"))
    outcome = LineOutcome.Outcome.ACHIEVED
    spent = Decimal("110.00")
