"""Write and read the audit trail."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from common.middleware import current_address
from common.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    subject: models.Model | None = None,
    care_setting: Any = None,
    local_authority: Any = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``; call inside the writing transaction."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_label=(actor.email if is_person else "system"),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        care_setting=care_setting,
        local_authority=local_authority,
        ip_address=ip_address or current_address(),
        changes=changes or {},
    )


def audit_trail(*, scope: Q, subject: models.Model | None = None) -> QuerySet[AuditEvent]:
    """Return the events within ``scope``, newest first, optionally for one subject."""
    events = AuditEvent.objects.filter(scope).select_related("actor", "target_type")
    if subject is not None:
        events = events.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )
    return events


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the values that differ."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
