"""factory_boy factories for notifications, and the training records their rules read."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from keypersons.models import TrainingRecord
from notifications.models import Notification
from tests.factories.accounts import CareSettingFactory, UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test.reminder"
    subject = factory.Sequence(lambda n: f"Reminder number {n}")
    body = ""
    url = ""
    due_on = factory.LazyFunction(timezone.localdate)
    dedup_key = factory.Sequence(lambda n: f"test.reminder:thing-{n}")


class TrainingRecordFactory(DjangoModelFactory):
    """A course completed a year ago that expires in ``expires_in`` days (default a year)."""

    class Meta:
        model = TrainingRecord

    class Params:
        expires_in = 365

    staff = factory.SubFactory(UserFactory)
    care_setting = factory.SubFactory(CareSettingFactory)
    course = TrainingRecord.Course.PAEDIATRIC_FIRST_AID
    completed_on = factory.LazyAttribute(
        lambda record: (
            record.expires_on - timedelta(days=3 * 365)
            if record.expires_on
            else timezone.localdate() - timedelta(days=365)
        )
    )
    expires_on = factory.LazyAttribute(
        lambda record: timezone.localdate() + timedelta(days=record.expires_in)
    )
