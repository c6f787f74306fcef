"""Edits of shared records: a save over someone else's is refused and explained, never lost.

A record two people may edit (``common.models.Versioned``) carries a ``version`` that rises
with every save. Its edit form sends back, hidden, the version it was rendered at
(``VersionField``); the service writes only if the row is still at that version
(``versioned_update``) and raises ``StaleRecord`` otherwise. The view then shows the form
again as typed, now based on the saved version (``conflicted_form``), with what the record
says now next to what was typed (``differences``, ``templates/common/_conflict.html``):
sending it again is a choice made knowing someone else changed the record.

The same form sent twice (a double click, a retried request) is not a conflict: when the
record already holds exactly what was typed, nothing is written and the save succeeds.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.db import models
from django.db.models import F

CONFLICT_MESSAGE = (
    "Someone else changed this record while you were editing it. Your changes have not been "
    "saved: check the record and make them again."
)
# A version is a small counter; anything bigger was not sent by our form.
MAX_VERSION = 2_147_483_647

Difference = tuple[str, str, str]  # (question, saved now, typed)


class StaleRecord(Exception):
    """Someone else changed the record after the editor loaded it."""


class VersionField(forms.IntegerField):
    """The version of the record the form was rendered at, sent back hidden."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(min_value=0, max_value=MAX_VERSION, **kwargs)


def holds(record: models.Model, values: Mapping[str, Any]) -> bool:
    """Return whether the record already has every one of the values."""
    return all(getattr(record, name) == value for name, value in values.items())


def versioned_update(record: Any, *, version: int, fields: Mapping[str, Any]) -> bool:
    """Write ``fields`` to the record's row if it is still at ``version``; raise StaleRecord.

    Return True when the row was written (its version raised by one, the instance updated),
    False when nothing needed writing: the row, saved by someone else in between, already
    holds exactly ``fields`` (the same form sent twice). Call it inside the writing
    transaction; ``record`` is the instance as loaded before the form was applied.
    """
    manager = type(record)._default_manager
    if record.version == version:
        written = manager.filter(pk=record.pk, version=version).update(
            **fields, version=F("version") + 1
        )
        if written:
            for name, value in fields.items():
                setattr(record, name, value)
            record.version = version + 1
            return True
    saved = manager.filter(pk=record.pk).first()
    if saved is None or not holds(saved, fields):
        raise StaleRecord
    for name in fields:
        setattr(record, name, getattr(saved, name))
    record.version = saved.version
    return False


def conflicted_form(
    form_class: type[forms.BaseForm],
    data: Any,
    *,
    version: int,
    message: str = CONFLICT_MESSAGE,
    **kwargs: Any,
) -> Any:
    """Return the form as typed, now based on the saved ``version``, with the conflict error.

    The editor sees what they typed and the message; sending it again is a choice made
    knowing someone else changed the record.
    """
    data = data.copy()
    prefix = kwargs.get("prefix")
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form


def shown(value: Any, field: models.Field | None = None) -> str:
    """Return a saved or typed value as a person reads it."""
    if value in (None, "", []):
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def differences(
    saved: models.Model, typed: Mapping[str, Any], *, labels: Mapping[str, Any] | None = None
) -> list[Difference]:
    """Return (question, saved now, typed) for each model field where the two differ.

    The question is the form's label when ``labels`` names it, else the field's own name.
    """
    rows = []
    for name, value in typed.items():
        field = saved._meta.get_field(name)
        now = getattr(saved, name)
        if now != value:
            question = str((labels or {}).get(name) or field.verbose_name)
            question = question[:1].upper() + question[1:]
            rows.append((question, shown(now, field), shown(value, field)))
    return rows


def differing(rows: Iterable[tuple[str, Any, Any]]) -> list[Difference]:
    """Return the (question, saved now, typed) rows whose two values differ, as shown."""
    return [(question, shown(now), shown(typed)) for question, now, typed in rows if now != typed]
