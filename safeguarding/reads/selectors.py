"""Who read which child's safeguarding records at the setting, from the audit trail.

Built from the ``safeguarding.read`` events ``safeguarding.selectors.record_read`` writes
at this setting. Reads of allegations are not among them: they go to each allegation's
own trail. 404 without VIEW_SAFEGUARDING_READS.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.permissions import Access, Action, child_scope, require
from children.models import Child
from common.audit import audit_actors
from common.models import AuditEvent
from safeguarding.selectors import READ_VERB

PAGE_SIZE = 50


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def reads_at(access: Access) -> QuerySet[AuditEvent]:
    """Return every read of a safeguarding record at the setting, newest first."""
    require(access, Action.VIEW_SAFEGUARDING_READS)
    return (
        AuditEvent.objects.filter(
            care_setting=access.care_setting,
            verb=READ_VERB,
            restricted_to=Action.VIEW_CONCERNS.value,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def reads_filtered(
    access: Access,
    *,
    child_id: int | None = None,
    person_id: int | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Return the setting's reads, filtered by child, person and dates."""
    events = reads_at(access)
    if child_id is not None:
        events = events.filter(subject_id=str(child_id))
    if person_id is not None:
        events = events.filter(actor_id=person_id)
    if day_from is not None:
        events = events.filter(at__gte=_start_of(day_from))
    if day_to is not None:
        events = events.filter(at__lt=_start_of(day_to + timedelta(days=1)))
    return events


def children_read(access: Access) -> list[tuple[int, str]]:
    """Return ``(id, name)`` of the setting's children and those whose records were read.

    The setting keeps the records of children who have left (the events name them), so
    they can be chosen too. Two queries.
    """
    ids = {
        int(value)
        for value in reads_at(access)
        .exclude(subject_id="")
        .order_by()
        .values_list("subject_id", flat=True)
        .distinct()
        if value.isascii() and value.isdigit()
    }
    children = Child.objects.filter(Q(pk__in=ids) | child_scope(access)).order_by(
        "last_name", "first_name", "pk"
    )
    return [(child.pk, str(child)) for child in children]


def people_reading(access: Access) -> list[tuple[int, str]]:
    """Return ``(id, name)`` of the people who read records at the setting (one query)."""
    return audit_actors(reads_at(access))


def names_of(events: list[AuditEvent]) -> dict[str, str]:
    """Return the names of the children the events name, by id as text (one query)."""
    ids = {event.subject_id for event in events if event.subject_id.isascii()}
    ids = {value for value in ids if value.isdigit()}
    return {
        str(child.pk): str(child)
        for child in Child.objects.filter(pk__in=[int(value) for value in ids])
    }
