"""Concerns move here from the learning app's "DSL referrals", every row and record kept.

The table is renamed, not copied, so ids and rows stay as they are; on PostgreSQL its
sequence, indexes and constraints are renamed with it. Then what names the old model is
rewritten: its content type (so the audit trail's targets and the auth permissions still
resolve), the audit verbs and the right their readers need (still restricted), and the
reminders already written (their kind, de-duplication key and link), so a sweep does
not write them again. Every step has its reverse.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Replace

OLD_TABLE, NEW_TABLE = "learning_dslreferral", "safeguarding_concern"
OLD_TYPE, NEW_TYPE = ("learning", "dslreferral"), ("safeguarding", "concern")
# Action values as they were written; a migration keeps them (accounts.permissions.Action).
OLD_RIGHT, NEW_RIGHT = "view_dsl_referrals", "view_concerns"
VERBS = {
    "dsl_referral.raised": "concern.raised",
    "dsl_referral.acknowledged": "concern.acknowledged",
}
OLD_KIND, NEW_KIND = "learning.dsl_referral", "safeguarding.concern"
OLD_KEY, NEW_KEY = "learning.dsl_referral:dsl-referral-", "safeguarding.concern:concern-"
OLD_PATH, NEW_PATH = "/learning/worries/", "/safeguarding/concerns/"
PERMISSION_NAMES = {"dslreferral": "dsl referral", "concern": "concern"}


def _rename_table(schema_editor, old: str, new: str) -> None:
    quote = schema_editor.quote_name
    schema_editor.execute(f"ALTER TABLE {quote(old)} RENAME TO {quote(new)}")
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite names no index or constraint after the table that matters
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [new])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass", [new])
        constraints = [name for (name,) in cursor.fetchall() if name.startswith(old)]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [new, old.replace("_", r"\_") + "%"],
        )
        indexes = [name for (name,) in cursor.fetchall()]
    if sequence and sequence.split(".")[-1].strip('"').startswith(old):
        renamed = new + sequence.split(".")[-1].strip('"')[len(old) :]
        schema_editor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {quote(renamed)}")
    for name in constraints:
        # Renaming a primary key or unique constraint renames its index too.
        schema_editor.execute(
            f"ALTER TABLE {quote(new)} RENAME CONSTRAINT {quote(name)} "
            f"TO {quote(new + name[len(old) :])}"
        )
        if name in indexes:
            indexes.remove(name)
    for name in indexes:
        schema_editor.execute(
            f"ALTER INDEX {quote(name)} RENAME TO {quote(new + name[len(old) :])}"
        )


def move_table(apps, schema_editor):
    _rename_table(schema_editor, OLD_TABLE, NEW_TABLE)


def move_table_back(apps, schema_editor):
    _rename_table(schema_editor, NEW_TABLE, OLD_TABLE)


def _rename_records(apps, *, old_type, new_type, old_right, new_right, verbs, kinds, keys, paths):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    AuditEvent = apps.get_model("common", "AuditEvent")
    Notification = apps.get_model("notifications", "Notification")

    old_ct = ContentType.objects.filter(app_label=old_type[0], model=old_type[1]).first()
    new_ct = ContentType.objects.filter(app_label=new_type[0], model=new_type[1]).first()
    if old_ct is not None and new_ct is not None:
        # Both exist (the new one made by a later start-up): keep the new, move what names the old.
        AuditEvent.objects.filter(target_type=old_ct).update(target_type=new_ct)
        AuditEvent.objects.filter(subject_type=old_ct).update(subject_type=new_ct)
        Permission.objects.filter(content_type=old_ct).delete()
        old_ct.delete()
    elif old_ct is not None:
        ContentType.objects.filter(pk=old_ct.pk).update(app_label=new_type[0], model=new_type[1])
        for permission in Permission.objects.filter(content_type=old_ct):
            action = permission.codename.split("_", 1)[0]
            permission.codename = f"{action}_{new_type[1]}"
            permission.name = f"Can {action} {PERMISSION_NAMES[new_type[1]]}"
            permission.save(update_fields=["codename", "name"])
        new_ct = old_ct

    for old_verb, new_verb in verbs.items():
        AuditEvent.objects.filter(verb=old_verb).update(verb=new_verb)
    about = Q(verb__in=list(verbs.values()))
    if new_ct is not None:
        about |= Q(target_type=new_ct)
    AuditEvent.objects.filter(about).update(restricted_to=new_right)
    AuditEvent.objects.filter(restricted_to=old_right).update(restricted_to=new_right)

    Notification.objects.filter(kind=kinds[0]).update(
        kind=kinds[1],
        dedup_key=Replace("dedup_key", Value(keys[0]), Value(keys[1])),
        url=Replace("url", Value(paths[0]), Value(paths[1])),
    )


def rename_records(apps, schema_editor):
    """Make every record that named a DSL referral name the concern instead."""
    _rename_records(
        apps,
        old_type=OLD_TYPE,
        new_type=NEW_TYPE,
        old_right=OLD_RIGHT,
        new_right=NEW_RIGHT,
        verbs=VERBS,
        kinds=(OLD_KIND, NEW_KIND),
        keys=(OLD_KEY, NEW_KEY),
        paths=(OLD_PATH, NEW_PATH),
    )


def rename_records_back(apps, schema_editor):
    _rename_records(
        apps,
        old_type=NEW_TYPE,
        new_type=OLD_TYPE,
        old_right=NEW_RIGHT,
        new_right=OLD_RIGHT,
        verbs={new: old for old, new in VERBS.items()},
        kinds=(NEW_KIND, OLD_KIND),
        keys=(NEW_KEY, OLD_KEY),
        paths=(NEW_PATH, OLD_PATH),
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("children", "0001_initial"),
        ("common", "0003_submissiontoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("learning", "0007_progress_check_not_done"),
        ("notifications", "0002_notification_alerted_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Concern",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("text", models.TextField()),
                        ("raised_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "acknowledged_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="concerns",
                                to="children.child",
                            ),
                        ),
                        (
                            "observation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="learning.observation",
                            ),
                        ),
                        (
                            "raised_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-raised_at"]},
                ),
            ],
            database_operations=[migrations.RunPython(move_table, move_table_back)],
        ),
        migrations.RunPython(rename_records, rename_records_back),
    ]
