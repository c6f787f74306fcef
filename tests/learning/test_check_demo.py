"""The demo progress checks: most children of 27 months and over, some left due, idempotent."""

from datetime import date

from children.models import Consent
from learning.check.demo import demo_check
from learning.models import ProgressCheckAtTwo
from tests.factories.children import ConsentFactory
from tests.factories.learning_check import child_aged

TODAY = date(2026, 11, 24)


def test_demo_checks_leave_some_due_share_one_and_run_twice_harmlessly(care_setting):
    children = [
        child_aged(months=months, today=TODAY, care_setting=care_setting)
        for months in (12, 25, 28, 29, 30, 33, 34, 35, 40)
    ]
    for child in children:
        ConsentFactory(child=child, kind=Consent.Kind.HEALTH_VISITOR, given_on=date(2024, 6, 1))

    first = demo_check(setting_ids=[care_setting.pk], today=TODAY)
    second = demo_check(setting_ids=[care_setting.pk], today=TODAY)

    checked = set(ProgressCheckAtTwo.objects.values_list("child__date_of_birth", flat=True))
    ages = sorted(
        child.age_in_months(TODAY) for child in children if child.date_of_birth in checked
    )
    # The youngest due (28) and the youngest late (33) are left without; none under 27
    # months. The child of 40 months had theirs at about 25 months, as the LA's children in
    # care report counts every check whenever it was done.
    assert ages == [29, 30, 34, 35, 40]
    assert first["progress checks at age two"] == 5
    assert first["progress checks shared with the health visitor"] == 1
    assert sum(second.values()) == 0
    for check in ProgressCheckAtTwo.objects.select_related("child"):
        assert 24 <= check.child.age_in_months(check.completed_on) < 36
        assert check.completed_on <= TODAY
