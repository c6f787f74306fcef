"""The child's domain helpers: on roll, out of county, known as."""

from datetime import date

import pytest

from children.models import Child, on_roll_q
from keypersons.models import KeyPersonAllocation
from tests.factories.accounts import ChildFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_on_roll_on_a_day_keeps_who_has_not_left_by_then(care_setting):
    staying = ChildFactory(care_setting=care_setting)
    leaving = ChildFactory(care_setting=care_setting, leave_date=date(2026, 7, 17))

    def on_roll(day: date) -> set[int]:
        return set(
            Child.objects.filter(care_setting=care_setting)
            .on_roll(day)
            .values_list("pk", flat=True)
        )

    assert on_roll(date(2026, 7, 16)) == {staying.pk, leaving.pk}
    assert on_roll(date(2026, 7, 17)) == {staying.pk}


def test_on_roll_q_reaches_the_child_through_a_relation(key_child):
    day = date(2026, 7, 17)
    through = KeyPersonAllocation.objects.filter(on_roll_q(day, prefix="child__"))
    assert list(through.values_list("child", flat=True)) == [key_child.pk]

    key_child.leave_date = day
    key_child.save(update_fields=["leave_date"])
    assert not through.exists()


def test_out_of_county_when_another_la_is_responsible(key_child):
    assert key_child.responsible_la_id == key_child.care_setting.local_authority_id
    assert not key_child.is_out_of_county

    key_child.responsible_la = LocalAuthorityFactory()
    assert key_child.is_out_of_county

    assert not ChildFactory(care_setting=key_child.care_setting).is_out_of_county


def test_known_as_is_the_preferred_name_if_any():
    assert Child(first_name="Olusegun", preferred_name="Segun").known_as == "Segun"
    assert Child(first_name="Olusegun").known_as == "Olusegun"
