"""Ship the three Development Matters pathways (DfE, revised 2023)."""

from django.db import migrations

PATHWAYS = (
    ("birth_to_three", "Birth to three", 1, "From birth until the child turns three."),
    (
        "three_and_four",
        "3 and 4-year-olds",
        2,
        "From the third birthday until the child starts reception.",
    ),
    ("reception", "Children in reception", 3, "The reception year, before year 1."),
)


def ship(apps, schema_editor):
    pathway = apps.get_model("learning", "Pathway")
    for code, name, order, description in PATHWAYS:
        pathway.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "description": description}
        )


def unship(apps, schema_editor):
    apps.get_model("learning", "Pathway").objects.filter(
        code__in=[code for code, *_ in PATHWAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0003_pathway")]

    operations = [migrations.RunPython(ship, unship)]
