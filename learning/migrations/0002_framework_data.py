"""Ship the EYFS framework data: 7 areas, 17 Early Learning Goals and the tracker scales.

Sources: the EYFS statutory framework (September 2025 versions; ELG names as revised in
2021), Development Matters (DfE, revised 2023) and Birth to 5 Matters (ranges 1–6).
Reversible: rolling back removes exactly these rows.
"""

from django.db import migrations

AREAS = [
    # code, name, kind, ELGs
    (
        "CL",
        "Communication and Language",
        "prime",
        ["Listening, Attention and Understanding", "Speaking"],
    ),
    (
        "PSED",
        "Personal, Social and Emotional Development",
        "prime",
        ["Self-Regulation", "Managing Self", "Building Relationships"],
    ),
    ("PD", "Physical Development", "prime", ["Gross Motor Skills", "Fine Motor Skills"]),
    ("L", "Literacy", "specific", ["Comprehension", "Word Reading", "Writing"]),
    ("M", "Mathematics", "specific", ["Number", "Numerical Patterns"]),
    (
        "UTW",
        "Understanding the World",
        "specific",
        ["Past and Present", "People, Culture and Communities", "The Natural World"],
    ),
    (
        "EAD",
        "Expressive Arts and Design",
        "specific",
        ["Creating with Materials", "Being Imaginative and Expressive"],
    ),
]

SCALES = [
    # code, name, framework, points as (code, label, is_concern), lowest first
    (
        "dm",
        "Development Matters (typical for age)",
        "dm",
        [
            ("at-risk", "May be at risk of delay", True),
            ("typical", "Typical for age", False),
            ("ahead", "Ahead for age", False),
        ],
    ),
    (
        "b25m",
        "Birth to 5 Matters ranges",
        "b25m",
        [(f"range-{n}", f"Range {n}", False) for n in range(1, 7)],
    ),
    (
        "eyfsp",
        "EYFS profile (emerging or expected)",
        "eyfsp",
        [("emerging", "Emerging", True), ("expected", "Expected", False)],
    ),
]


def ship(apps, schema_editor):
    Area = apps.get_model("learning", "Area")
    Goal = apps.get_model("learning", "EarlyLearningGoal")
    Scale = apps.get_model("learning", "TrackerScale")
    Point = apps.get_model("learning", "ScalePoint")
    for order, (code, name, kind, goals) in enumerate(AREAS, start=1):
        area, _ = Area.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )
        for goal_order, goal in enumerate(goals, start=1):
            Goal.objects.update_or_create(area=area, name=goal, defaults={"order": goal_order})
    for code, name, framework, points in SCALES:
        scale, _ = Scale.objects.update_or_create(
            code=code, defaults={"name": name, "framework": framework}
        )
        for order, (point_code, label, is_concern) in enumerate(points, start=1):
            Point.objects.update_or_create(
                scale=scale,
                code=point_code,
                defaults={"label": label, "order": order, "is_concern": is_concern},
            )


def unship(apps, schema_editor):
    Area = apps.get_model("learning", "Area")
    Goal = apps.get_model("learning", "EarlyLearningGoal")
    Scale = apps.get_model("learning", "TrackerScale")
    Point = apps.get_model("learning", "ScalePoint")
    codes = [code for code, *_ in SCALES]
    Point.objects.filter(scale__code__in=codes).delete()
    Scale.objects.filter(code__in=codes).delete()
    Goal.objects.filter(area__code__in=[code for code, *_ in AREAS]).delete()
    Area.objects.filter(code__in=[code for code, *_ in AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
