"""The framework data shipped by learning/migrations/0002_framework_data.py."""

import importlib

import pytest
from django.apps import apps

from learning.models import Area, EarlyLearningGoal, ScalePoint, TrackerScale

pytestmark = pytest.mark.django_db

ELGS = [
    "Listening, Attention and Understanding",
    "Speaking",
    "Self-Regulation",
    "Managing Self",
    "Building Relationships",
    "Gross Motor Skills",
    "Fine Motor Skills",
    "Comprehension",
    "Word Reading",
    "Writing",
    "Number",
    "Numerical Patterns",
    "Past and Present",
    "People, Culture and Communities",
    "The Natural World",
    "Creating with Materials",
    "Being Imaginative and Expressive",
]


def test_the_seven_areas_are_shipped_in_order_prime_first():
    areas = list(Area.objects.order_by("order").values_list("code", "kind"))
    assert areas == [
        ("CL", "prime"),
        ("PSED", "prime"),
        ("PD", "prime"),
        ("L", "specific"),
        ("M", "specific"),
        ("UTW", "specific"),
        ("EAD", "specific"),
    ]
    assert Area.objects.get(code="PSED").name == "Personal, Social and Emotional Development"


def test_the_seventeen_early_learning_goals_have_their_current_names():
    names = list(EarlyLearningGoal.objects.values_list("name", flat=True))
    assert names == ELGS
    # No pre-2021 names ("Exceeding", "Health and self-care", "Shape, space and measures").
    assert not EarlyLearningGoal.objects.filter(name__icontains="self-care").exists()


def test_the_scales_have_their_points_lowest_first():
    def points(code: str) -> list[tuple[str, bool]]:
        return list(
            ScalePoint.objects.filter(scale__code=code)
            .order_by("order")
            .values_list("label", "is_concern")
        )

    assert points("dm") == [
        ("May be at risk of delay", True),
        ("Typical for age", False),
        ("Ahead for age", False),
    ]
    assert points("b25m") == [(f"Range {n}", False) for n in range(1, 7)]
    assert points("eyfsp") == [("Emerging", True), ("Expected", False)]
    assert (
        TrackerScale.objects.get(code="dm").framework == TrackerScale.Framework.DEVELOPMENT_MATTERS
    )


def test_the_data_migration_is_reversible_and_repeatable():
    migration = importlib.import_module("learning.migrations.0002_framework_data")

    migration.unship(apps, None)
    assert not Area.objects.exists()
    assert not TrackerScale.objects.exists()

    migration.ship(apps, None)
    migration.ship(apps, None)
    assert Area.objects.count() == 7
    assert EarlyLearningGoal.objects.count() == 17
    assert ScalePoint.objects.count() == 3 + 6 + 2
