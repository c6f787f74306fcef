"""factory_boy factories for key-person allocations and staff training records.

Both write rows directly, as fixtures do; the services (which also keep
``Child.key_person`` in step and audit) are what the pages use, and what tests of
behaviour should call.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from keypersons.models import KeyPersonAllocation, TrainingRecord
from tests.factories.accounts import ChildFactory, MembershipFactory


class KeyPersonAllocationFactory(DjangoModelFactory):
    """A current key-person allocation; pass ``staff`` a member of the child's setting."""

    class Meta:
        model = KeyPersonAllocation

    child = factory.SubFactory(ChildFactory)
    staff = factory.LazyAttribute(
        lambda allocation: MembershipFactory(care_setting=allocation.child.care_setting).user
    )
    kind = KeyPersonAllocation.Kind.KEY_PERSON
    starts_on = factory.LazyAttribute(lambda allocation: allocation.child.start_date)
    reason = "Settling in"

    class Params:
        buddy = factory.Trait(kind=KeyPersonAllocation.Kind.BUDDY)


class TrainingRecordFactory(DjangoModelFactory):
    """Safeguarding training completed a year ago, valid for two."""

    class Meta:
        model = TrainingRecord

    staff = factory.LazyAttribute(
        lambda record: MembershipFactory(care_setting=record.care_setting).user
    )
    care_setting = factory.SubFactory("tests.factories.accounts.CareSettingFactory")
    course = TrainingRecord.Course.SAFEGUARDING
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    expires_on = factory.LazyAttribute(lambda record: record.completed_on + timedelta(days=730))
    provider = "Northshire Early Years Training"

    class Params:
        children_in_care = factory.Trait(
            course=TrainingRecord.Course.CHILDREN_IN_CARE, expires_on=None
        )
