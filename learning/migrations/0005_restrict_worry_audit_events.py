"""Mark the audit events about worries passed to the DSL as readable only with that right."""

from django.db import migrations
from django.db.models import Q

# Action.VIEW_DSL_REFERRALS; a migration keeps the value it was written with.
VIEW_DSL_REFERRALS = "view_dsl_referrals"
WORRY_VERBS = ("dsl_referral.raised", "dsl_referral.acknowledged")


def restrict_worry_events(apps, schema_editor):
    AuditEvent = apps.get_model("common", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    worry_types = ContentType.objects.filter(app_label="learning", model="dslreferral")
    AuditEvent.objects.filter(
        Q(verb__in=WORRY_VERBS) | Q(target_type__in=worry_types), restricted_to=""
    ).update(restricted_to=VIEW_DSL_REFERRALS)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_auditevent_restricted_to"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("learning", "0004_pathway_data"),
    ]

    operations = [
        migrations.RunPython(restrict_worry_events, migrations.RunPython.noop),
    ]
