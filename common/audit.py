"""Write and read the audit trail.

This module offers the mechanism only; ``accounts.permissions`` decides who sees what.
Each app declares the human labels of the verbs it writes (``register_verbs``, from its
``AppConfig.ready`` with its ``audit_verbs.LABELS``): the trail says "Safeguarding concern
passed to the DSL", never "concern.raised".
An event may name the right its reader needs (``restricted_to``): readers without it are
given a scope that leaves the event out. Apps register the records whose events name them
(``register_subject``): ``audit_entries`` shows such an event without its record label or
changes to a reader whose scope for that kind of record does not hold it.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

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
    restricted_to: str = "",
) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``; call inside the writing transaction.

    ``restricted_to`` names the right (an action of the permission module) a reader needs to
    see the event at all: a concern passed to the DSL is for those who may read concerns.
    """
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
        restricted_to=str(restricted_to),
    )


def audit_actors(events: QuerySet[AuditEvent]) -> list[tuple[int, str]]:
    """Return ``(id, name)`` of the people who did any of the events, by name: one query."""
    people = AuditEvent._meta.get_field("actor").related_model
    done = events.order_by().filter(actor=OuterRef("pk"))
    return [
        (pk, full_name or email)
        for pk, full_name, email in people._default_manager.filter(Exists(done))
        .order_by("full_name", "email", "pk")
        .values_list("pk", "full_name", "email")
    ]


def audit_trail(*, scope: Q, subject: models.Model | None = None) -> QuerySet[AuditEvent]:
    """Return the events within ``scope``, newest first, optionally for one subject."""
    events = AuditEvent.objects.filter(scope).select_related(
        "actor", "target_type", "subject_type"
    )
    if subject is not None:
        events = events.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )
    return events


# --- Verbs in words --------------------------------------------------------------------

_VERBS: dict[str, str] = {}
_VERB_GROUPS: dict[str, str] = {}
_VERB_RIGHTS: dict[str, str] = {}


def register_verbs(
    group: str, labels: Mapping[str, str], *, restricted_to: Mapping[str, str] | None = None
) -> None:
    """Declare the human labels of an app's verbs (call from ``AppConfig.ready``).

    ``group`` names the app for people (the trail's filter groups the kinds of event by
    it). ``restricted_to`` names, for verbs whose events are restricted, the right their
    reader needs (as the service passes it to ``audit_record``): a reader without it is
    not offered that kind of event either. A verb given two labels is a mistake, refused.
    """
    for verb, label in labels.items():
        if _VERBS.get(verb, label) != label:
            raise ImproperlyConfigured(
                f"Audit verb {verb!r} already reads {_VERBS[verb]!r}, not {label!r}"
            )
        _VERBS[verb] = label
        _VERB_GROUPS[verb] = group
    for verb, right in (restricted_to or {}).items():
        _VERB_RIGHTS[verb] = str(right)


def registered_verbs() -> dict[str, str]:
    """Return every registered verb with its label."""
    return dict(_VERBS)


def verb_choices(*, rights: Collection[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the verbs a reader holding ``rights`` may see, as grouped choices, in order."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for verb, label in _VERBS.items():
        if _VERB_RIGHTS.get(verb, "") in ("", *rights):
            groups[_VERB_GROUPS[verb]].append((verb, label))
    return [(group, sorted(groups[group], key=lambda c: c[1])) for group in sorted(groups)]


def verb_label(verb: str) -> str:
    """Return the verb in words: its registered label, else "staff.invited" → "Staff invited"."""
    return _VERBS.get(verb) or verb.replace(".", " ").replace("_", " ").capitalize()


# --- Showing events to a reader -------------------------------------------------------


# Where a reader opens a record an event names: (reader, the record's id) → URL.
RecordUrl = Callable[[Any, str], str]


@dataclass(frozen=True)
class SubjectKind:
    """A kind of record that events name, and what a reader outside its scope sees instead."""

    kind: str
    hidden_label: str
    url: RecordUrl | None = None


_SUBJECTS: dict[type[models.Model], SubjectKind] = {}


def register_subject(
    model: type[models.Model], *, kind: str, hidden_label: str, url: RecordUrl | None = None
) -> None:
    """Declare that events about rows of ``model`` name them (call from ``AppConfig.ready``).

    ``kind`` is the key of the reader's scope for such rows (``audit_entries``'s
    ``scopes``); ``hidden_label`` is what a reader outside that scope sees in place of the
    record; ``url`` gives the page where a reader who may open the record sees it.
    """
    _SUBJECTS[model] = SubjectKind(kind=kind, hidden_label=hidden_label, url=url)


def subject_model(kind: str) -> type[models.Model] | None:
    """Return the model registered under ``kind``, if any."""
    return next((model for model, subject in _SUBJECTS.items() if subject.kind == kind), None)


def registered_subjects() -> dict[type[models.Model], SubjectKind]:
    """Return the registered kinds of record, by model."""
    return dict(_SUBJECTS)


@dataclass(frozen=True)
class AuditEntry:
    """One event as its reader may see it: templates show these, never the event itself."""

    at: datetime
    actor_name: str
    verb_label: str
    record_label: str
    changes: dict[str, Any]
    ip_address: str | None
    redacted: bool
    # The page of the record the event is about, for a reader who may open it; else "".
    url: str = ""
    actor_id: int | None = None


def _named_records(event: AuditEvent) -> list[tuple[type[models.Model], str]]:
    """Return the registered records the event names, as (model, pk as stored)."""
    named = []
    for content_type, object_id in (
        (event.subject_type, event.subject_id),
        (event.target_type, event.target_id),
    ):
        model = content_type.model_class() if content_type is not None else None
        if model in _SUBJECTS and object_id:
            named.append((model, object_id))
    return named


def _visible_ids(model: type[models.Model], ids: set[str], scope: Q | None) -> set[str]:
    """Return which of the stored ids are rows of ``model`` within ``scope``: one query."""
    if scope is None:
        return set()
    keys = set()
    for object_id in ids:
        try:
            keys.add(model._meta.pk.to_python(object_id))
        except ValidationError:
            continue
    # An empty scope (Q(pk__in=[])) is answered without asking the database.
    visible = model._default_manager.filter(scope, pk__in=keys).values_list("pk", flat=True)
    return {str(pk) for pk in visible}


def audit_entries(
    events: Iterable[AuditEvent],
    *,
    scopes: Mapping[str, Q],
    reader: Any = None,
    openable: Collection[str] = (),
) -> list[AuditEntry]:
    """Return the events as a reader with these scopes may see them.

    ``scopes`` maps each registered kind to the filter on its rows the reader may see; a
    kind missing from it is seen by nobody. An event naming a registered record outside
    the reader's scope keeps who, what, when and from where, and loses the record label
    and the changes. An event about a record within scope, of a kind in ``openable`` (the
    reader may open such records), links to its page for ``reader``. One query per kind
    named on the page, whatever the number of events.
    """
    events = list(events)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        for model, object_id in _named_records(event):
            wanted[model].add(object_id)
    visible = {
        model: _visible_ids(model, ids, scopes.get(_SUBJECTS[model].kind))
        for model, ids in wanted.items()
    }
    entries = []
    for event in events:
        named = _named_records(event)
        hidden = [
            _SUBJECTS[model] for model, object_id in named if object_id not in visible[model]
        ]
        url = ""
        if named and not hidden:
            model, object_id = named[0]
            about = _SUBJECTS[model]
            if about.url is not None and about.kind in openable:
                url = about.url(reader, object_id)
        entries.append(
            AuditEntry(
                at=event.at,
                actor_name=(event.actor.full_name if event.actor else "") or event.actor_label,
                verb_label=event.verb_label,
                record_label=hidden[0].hidden_label if hidden else event.target_label,
                changes={} if hidden else event.changes,
                ip_address=event.ip_address,
                redacted=bool(hidden),
                url=url,
                actor_id=event.actor_id,
            )
        )
    return entries


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the values that differ."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
