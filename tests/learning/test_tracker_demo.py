"""Demo tracker data: plausible, deterministic and idempotent."""

from collections import Counter
from datetime import date

import pytest

from learning.models import AssessmentPeriod, EarlyAssessment, TrackerJudgement
from learning.tracker.demo import demo_tracker
from tests.factories.accounts import CareSettingFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


def test_demo_tracker_is_idempotent_and_plausible():
    care_setting = CareSettingFactory()
    kp = UserFactory()
    children = [
        ChildFactory(
            care_setting=care_setting,
            date_of_birth=date(2022, 1 + n % 12, 3),
            start_date=date(2024, 9, 2),
            key_person=kp,
        )
        for n in range(12)
    ]
    ChildFactory(care_setting=care_setting, date_of_birth=date(2024, 1, 1), start_date=TODAY)

    first = demo_tracker(setting_ids=[care_setting.pk], today=TODAY)
    second = demo_tracker(setting_ids=[care_setting.pk], today=TODAY)

    names = list(
        AssessmentPeriod.objects.filter(care_setting=care_setting).values_list("name", flat=True)
    )
    assert names == ["Autumn 2025", "Spring 2026", "Summer 2026", "Autumn 2026"]
    assert first["assessment periods"] == 4
    assert first["early assessments"] == 13 - 3  # the newest starters have none yet
    # Three finished periods x 7 areas for each of the 12 earlier starters.
    assert first["tracker judgements"] == 12 * 3 * 7
    assert second == Counter({"tracker judgements": 0})
    assert EarlyAssessment.objects.count() == 10
    points = Counter(TrackerJudgement.objects.values_list("point__code", flat=True))
    assert points["typical"] > points["at-risk"] > 0
    assert {j.by_id for j in TrackerJudgement.objects.filter(child=children[0])} == {kp.pk}
