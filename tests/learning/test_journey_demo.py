"""The journey demo data: plausible, deterministic and idempotent."""

from datetime import date

from learning.journey.demo import demo_journey
from learning.models import Observation
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.learning_journey import framework_areas

TODAY = date(2026, 11, 24)


def test_demo_journey_is_idempotent_and_varied(care_setting, key_person):
    framework_areas()
    MembershipFactory(care_setting=care_setting)
    for room, born in (("Toddlers", date(2024, 6, 1)), ("Pre-school", date(2022, 9, 1))):
        ChildFactory.create_batch(
            3,
            care_setting=care_setting,
            room=room,
            date_of_birth=born,
            start_date=date(2025, 1, 6),
        )

    first = demo_journey(setting_ids=[care_setting.pk], today=TODAY)
    count = Observation.objects.count()
    second = demo_journey(setting_ids=[care_setting.pk], today=TODAY)

    assert first["observations"] == count > 50
    assert second["observations"] == 0 and Observation.objects.count() == count
    statuses = set(Observation.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published"}
    assert Observation.objects.filter(visible_to_carers=True).exists()
    assert any(o.children.count() > 1 for o in Observation.objects.all()[:200])
    assert not Observation.objects.filter(observed_on__gt=TODAY).exists()
    assert not Observation.objects.filter(
        status="draft", observed_on__lt=date(2026, 11, 3)
    ).exists()
