"""The DSL referral is now ``safeguarding.Concern``: its table moved there, so only the
model leaves learning's state here (safeguarding's 0001 renamed the table and its records).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0007_progress_check_not_done"),
        ("safeguarding", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DslReferral")],
            database_operations=[],
        ),
    ]
