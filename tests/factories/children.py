"""factory_boy factories for the team around the child, consents and changes of setting."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from children.models import Consent, SettingChange, TeamMember
from tests.factories.accounts import CareSettingFactory, ChildFactory


class TeamMemberFactory(DjangoModelFactory):
    """A parent with parental responsibility, unless told otherwise."""

    class Meta:
        model = TeamMember

    child = factory.SubFactory(ChildFactory)
    role = TeamMember.Role.PARENT
    name = factory.Faker("name", locale="en_GB")
    relationship = "Mother"
    email = factory.Sequence(lambda n: f"carer{n}@example.test")
    phone = "01632 960000"
    has_parental_responsibility = True

    class Params:
        foster_carer = factory.Trait(
            role=TeamMember.Role.FOSTER_CARER,
            relationship="Foster carer",
            has_parental_responsibility=False,
        )
        social_worker = factory.Trait(
            role=TeamMember.Role.SOCIAL_WORKER,
            relationship="",
            organisation="Children's Services",
            has_parental_responsibility=False,
            invite_to_pep=True,
        )


class ConsentFactory(DjangoModelFactory):
    """Consent given by a parent in the child's team a month ago."""

    class Meta:
        model = Consent

    child = factory.SubFactory(ChildFactory)
    kind = Consent.Kind.PHOTOGRAPHS
    granted = True
    given_by = factory.SubFactory(TeamMemberFactory, child=factory.SelfAttribute("..child"))
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class SettingChangeFactory(DjangoModelFactory):
    class Meta:
        model = SettingChange

    child = factory.SubFactory(ChildFactory)
    from_setting = factory.SubFactory(CareSettingFactory)
    to_setting = factory.SelfAttribute("child.care_setting")
    moved_on = factory.LazyAttribute(lambda change: change.child.start_date)
