"""factory_boy factories for the LA's support for settings: plans, visits, the strategy."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from quality.models import (
    ActionPlan,
    PlanAction,
    SettingSupport,
    StrategyChapter,
    StrategyCommitment,
    StrategyUpdate,
    SupportItem,
    Visit,
)
from tests.factories.accounts import CareSettingFactory, LocalAuthorityFactory, UserFactory


def _today():
    return timezone.localdate()


class SettingSupportFactory(DjangoModelFactory):
    class Meta:
        model = SettingSupport

    care_setting = factory.SubFactory(CareSettingFactory)
    area_senco_name = "Area SENCo, North team"
    area_senco_email = "area.senco@northshire.example"


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    care_setting = factory.SubFactory(CareSettingFactory)
    opened_on = factory.LazyFunction(_today)
    contact_due_by = factory.LazyFunction(lambda: _today() + timedelta(days=14))


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    concern = "Staff do not yet plan next steps from what they observe."
    action = "Room leaders check next steps in every learning journey each week."
    who = "Room leaders"
    due_on = factory.LazyFunction(lambda: _today() + timedelta(days=30))


class SupportItemFactory(DjangoModelFactory):
    class Meta:
        model = SupportItem

    plan = factory.SubFactory(ActionPlanFactory)
    kind = SupportItem.Kind.ADVISORY_VISITS
    detail = "Three advisory visits this term, focused on observation and planning."
    offered_on = factory.LazyFunction(_today)


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    care_setting = factory.SubFactory(CareSettingFactory)
    visited_on = factory.LazyFunction(_today)
    kind = Visit.Kind.SUPPORT
    advisor = factory.SubFactory(UserFactory)
    met_with = "The manager and the deputy"
    working_well = "Children settle quickly and key persons know them well."
    worried_about = "Next steps are not always followed up in planning."
    needs_to_happen = "Weekly planning meetings pick up each child's next steps."


class StrategyChapterFactory(DjangoModelFactory):
    class Meta:
        model = StrategyChapter

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chapter {n + 1}")


class StrategyCommitmentFactory(DjangoModelFactory):
    class Meta:
        model = StrategyCommitment

    chapter = factory.SubFactory(StrategyChapterFactory)
    local_authority = factory.SelfAttribute("chapter.local_authority")
    reference = factory.Sequence(lambda n: f"2.{n + 1}")
    text = "Track and monitor attainment and achievement of looked-after children aged 0-5."
    leading = "Virtual school, early years"
    timescale = factory.LazyFunction(lambda: _today() + timedelta(days=180))


class StrategyUpdateFactory(DjangoModelFactory):
    class Meta:
        model = StrategyUpdate

    commitment = factory.SubFactory(StrategyCommitmentFactory)
    author = factory.SubFactory(UserFactory)
    text = "Tracker data collected from every setting with a looked-after child."
    status = StrategyCommitment.Status.IN_PROGRESS
    rag = StrategyCommitment.Rag.GREEN
