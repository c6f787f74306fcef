"""The children demo data: rooms, health details and emergency contacts."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from children.models import Child, Room, TeamMember

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


def test_demo_children_have_health_details_and_emergency_contacts_to_call():
    call_command("seed_demo", stdout=StringIO())

    children = Child.objects.all()
    assert not children.filter(gp_practice="").exists()
    assert 5 < children.exclude(allergies="").count() < children.count() // 2
    assert children.exclude(medical_conditions="").exists()
    assert children.exclude(dietary_needs="").exists()
    key_children = children.filter(key_person__email="keyperson@demo.test")
    assert key_children.exclude(allergies="").exists()
    first_to_call = TeamMember.objects.filter(is_emergency_contact=True, emergency_order=1)
    assert set(first_to_call.values_list("child", flat=True)) == set(
        children.values_list("pk", flat=True)
    )
    assert TeamMember.objects.filter(is_emergency_contact=True, emergency_order=2).exists()
