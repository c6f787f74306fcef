"""Rooms become a list the manager keeps per setting; the typed room moves aside.

The typed values are turned into rooms by 0006 and dropped by 0007. Three steps, so that
PostgreSQL never alters the child table in the transaction that updated its rows.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("children", "0004_teammember_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="Room",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=60)),
                (
                    "min_age_months",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="from age (months)"
                    ),
                ),
                (
                    "max_age_months",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="up to age (months)"
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Rooms are listed in this order.",
                        verbose_name="position in lists",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True, help_text="Archived rooms are no longer offered for a child."
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Raised on every edit, so a concurrent edit is detected.",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "care_setting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rooms",
                        to="accounts.caresetting",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "name"],
            },
        ),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.UniqueConstraint(
                models.F("care_setting"),
                django.db.models.functions.text.Lower("name"),
                name="room_name_unique_in_setting",
            ),
        ),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("min_age_months__isnull", True),
                    ("max_age_months__isnull", True),
                    ("max_age_months__gt", models.F("min_age_months")),
                    _connector="OR",
                ),
                name="room_ages_run_upwards",
            ),
        ),
        migrations.RenameField(model_name="child", old_name="room", new_name="room_text"),
        migrations.AddField(
            model_name="child",
            name="room",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="children.room",
                verbose_name="room or group",
            ),
        ),
    ]
