"""The children demo data: rooms from each setting's list."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from children.models import Child, Room

pytestmark = pytest.mark.django_db


def test_demo_children_are_in_rooms_from_their_settings_list():
    call_command("seed_demo", stdout=StringIO())

    acorn = list(
        Room.objects.filter(care_setting__slug="acorn-day-nursery").values_list(
            "name", "min_age_months", "max_age_months"
        )
    )
    assert acorn == [("Baby room", None, 24), ("Toddlers", 24, 36), ("Pre-school", 36, None)]
    roomed = Child.objects.filter(care_setting__slug="acorn-day-nursery", room__isnull=False)
    assert roomed.count() == Child.objects.filter(care_setting__slug="acorn-day-nursery").count()
    assert (
        not Child.objects.exclude(room__isnull=True)
        .exclude(room__care_setting=F("care_setting"))
        .exists()
    )
