"""The learning app's DSL referrals become concerns with every record that named them.

Migrated back to before the move, a referral is written as it was then, with its audit
trail and reminder; migrated forward, the very row is a concern, its events name the
concern's verbs and are still shown only to readers who may see concerns, and its
reminder is the one the sweep would write now, so nobody is told twice.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.permissions import audit_scope_for, setting_access_for
from common.models import AuditEvent
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from safeguarding.models import Concern
from tests.factories.safeguarding import ConcernFactory

BEFORE = [("learning", "0007_progress_check_not_done"), ("safeguarding", None)]
RAISED_AT = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 11, 24)


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def migrate(executor: MigrationExecutor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    applied = [node for node in targets if node[1] is not None]
    others = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in {app for app, _ in targets}
    ]
    return executor.loader.project_state(applied + others).apps


def write_as_before(old, *, child, by, dsl) -> dict[str, int]:
    """Write a referral, its two events, an unrelated event and its reminder, as then."""
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEvent = old.get_model("common", "AuditEvent")
    referral_type, _ = ContentType.objects.get_or_create(app_label="learning", model="dslreferral")
    child_type, _ = ContentType.objects.get_or_create(app_label="children", model="child")
    referral = old.get_model("learning", "DslReferral").objects.create(
        child_id=child.pk, raised_by_id=by.pk, text="Came in hungry", raised_at=RAISED_AT
    )
    about_it = {
        "target_type": referral_type,
        "target_id": str(referral.pk),
        "target_label": "Worry about Kai",
        "subject_type": child_type,
        "subject_id": str(child.pk),
        "care_setting_id": child.care_setting_id,
        "actor_id": by.pk,
    }
    raised = AuditEvent.objects.create(
        verb="dsl_referral.raised", restricted_to="view_dsl_referrals", **about_it
    )
    acknowledged = AuditEvent.objects.create(
        verb="dsl_referral.acknowledged", restricted_to="view_dsl_referrals", **about_it
    )
    unrelated = AuditEvent.objects.create(
        verb="child.updated",
        target_type=child_type,
        target_id=str(child.pk),
        care_setting_id=child.care_setting_id,
    )
    old.get_model("notifications", "Notification").objects.create(
        recipient_id=dsl.pk,
        kind="learning.dsl_referral",
        subject="A worry about a child's welfare has been passed to you",
        url=f"/settings/{child.care_setting.slug}/learning/worries/",
        due_on=TODAY,
        care_setting_id=child.care_setting_id,
        dedup_key=f"learning.dsl_referral:dsl-referral-{referral.pk}:{TODAY}:{dsl.pk}",
    )
    return {
        "referral": referral.pk,
        "raised": raised.pk,
        "acknowledged": acknowledged.pk,
        "unrelated": unrelated.pk,
        "type": referral_type.pk,
    }


def test_a_referral_becomes_a_concern_with_its_trail_still_restricted_and_its_reminder(
    executor, key_child, key_person, dsl, practitioner, care_setting
):
    old = migrate(executor, BEFORE)
    ids = write_as_before(old, child=key_child, by=key_person, dsl=dsl)

    migrate(executor, executor.loader.graph.leaf_nodes())

    concern = Concern.objects.get()
    assert (concern.pk, concern.child, concern.raised_by, concern.text, concern.raised_at) == (
        ids["referral"],
        key_child,
        key_person,
        "Came in hungry",
        RAISED_AT,
    )
    concern_type = ContentType.objects.get_for_model(Concern)
    assert concern_type.pk == ids["type"]
    assert set(
        Permission.objects.filter(content_type=concern_type).values_list("codename", flat=True)
    ) == {
        "add_concern",
        "change_concern",
        "delete_concern",
        "view_concern",
    }
    events = AuditEvent.objects.in_bulk([ids["raised"], ids["acknowledged"], ids["unrelated"]])
    assert [
        (events[ids[name]].verb, events[ids[name]].restricted_to)
        for name in ("raised", "acknowledged", "unrelated")
    ] == [
        ("concern.raised", "view_concerns"),
        ("concern.acknowledged", "view_concerns"),
        ("child.updated", ""),
    ]
    assert events[ids["raised"]].target == concern
    for reader, sees in ((dsl, True), (practitioner, False)):
        scope = audit_scope_for(setting_access_for(reader, care_setting.slug))
        seen = set(AuditEvent.objects.filter(scope).values_list("pk", flat=True))
        assert ({ids["raised"], ids["acknowledged"]} <= seen) is sees
        assert ids["unrelated"] in seen

    note = Notification.objects.get()
    assert note.kind == "safeguarding.concern"
    assert note.dedup_key == f"safeguarding.concern:concern-{concern.pk}:{TODAY}:{dsl.pk}"
    assert note.url == f"/settings/{care_setting.slug}/safeguarding/concerns/"
    kind = "safeguarding.concern"
    assert services.sweep(today=TODAY, rules={kind: RULES[kind]}) == {kind: 0}
    # The moved table's id sequence carries on after the moved rows.
    assert ConcernFactory(child=key_child).pk > concern.pk
    assert old_names_in_the_schema() == []


def old_names_in_the_schema() -> list[str]:
    """Return the indexes, constraints and sequences still named after the old table."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname LIKE 'learning\\_dslreferral%%' "
            "UNION SELECT conname FROM pg_constraint WHERE conname LIKE 'learning\\_dslreferral%%'"
        )
        return [name for (name,) in cursor.fetchall()]


def test_migrating_back_gives_the_referral_its_old_names(executor, key_child, key_person, dsl):
    old = migrate(executor, BEFORE)
    ids = write_as_before(old, child=key_child, by=key_person, dsl=dsl)
    migrate(executor, executor.loader.graph.leaf_nodes())

    old = migrate(executor, BEFORE)

    if connection.vendor == "postgresql":
        assert "learning_dslreferral_pkey" in old_names_in_the_schema()
    referral = old.get_model("learning", "DslReferral").objects.get()
    assert referral.pk == ids["referral"] and referral.text == "Came in hungry"
    OldEvent = old.get_model("common", "AuditEvent")
    assert sorted(
        OldEvent.objects.filter(target_type_id=ids["type"]).values_list("verb", "restricted_to")
    ) == [
        ("dsl_referral.acknowledged", "view_dsl_referrals"),
        ("dsl_referral.raised", "view_dsl_referrals"),
    ]
    note = old.get_model("notifications", "Notification").objects.get()
    assert note.kind == "learning.dsl_referral"
    assert note.dedup_key.startswith(f"learning.dsl_referral:dsl-referral-{referral.pk}:")
