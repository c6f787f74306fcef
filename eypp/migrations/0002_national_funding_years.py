"""Ship the national EYPP and DAF rates per financial year .

Unconfirmed figures are marked so, with a note: an LA administrator confirms or corrects
them for their LA (which makes the LA's own row for the year).
"""

from decimal import Decimal

from django.db import migrations

# starts_in, hourly rate, rate confirmed, DAF a year, DAF confirmed, note
NATIONAL = (
    (2023, "0.62", True, "800.00", True, ""),
    (2024, "0.68", True, "910.00", True, ""),
    (2025, "1.00", True, "938.00", False, "DAF amount for 2025-26 not yet confirmed."),
    (
        2026,
        "1.92",
        False,
        "975.00",
        False,
        "Not yet confirmed: the EYPP rate is provisional and sources differ on the DAF "
        "(£975 or £1,225).",
    ),
)


def ship(apps, schema_editor):
    FundingYear = apps.get_model("eypp", "FundingYear")
    for starts_in, rate, rate_ok, daf, daf_ok, note in NATIONAL:
        FundingYear.objects.update_or_create(
            local_authority=None,
            starts_in=starts_in,
            defaults={
                "hourly_rate": Decimal(rate),
                "rate_confirmed": rate_ok,
                "annual_hours": 570,
                "weekly_hours": 15,
                "daf_amount": Decimal(daf),
                "daf_confirmed": daf_ok,
                "note": note,
            },
        )


def unship(apps, schema_editor):
    apps.get_model("eypp", "FundingYear").objects.filter(local_authority=None).delete()


class Migration(migrations.Migration):
    dependencies = [("eypp", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
