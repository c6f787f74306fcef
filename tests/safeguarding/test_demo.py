"""The safeguarding demo data: one concern waiting for Acorn's DSL, made once."""

from datetime import date

from accounts.demo import ACORN
from learning.journey.demo import demo_journey
from safeguarding.concerns.demo import CONCERN_TEXT, demo_concerns
from safeguarding.models import Concern
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.learning_journey import framework_areas

TODAY = date(2026, 11, 24)


def test_acorn_gets_one_waiting_worry(db):
    acorn = CareSettingFactory(slug=ACORN)
    MembershipFactory(care_setting=acorn)
    ChildFactory.create_batch(
        2, care_setting=acorn, date_of_birth=date(2023, 1, 1), start_date=date(2025, 1, 6)
    )
    framework_areas()

    for _ in range(2):
        demo_journey(setting_ids=[acorn.pk], today=TODAY)
        demo_concerns(setting_ids=[acorn.pk], today=TODAY)

    referral = Concern.objects.get()
    assert referral.text == CONCERN_TEXT and referral.acknowledged_at is None
