"""What every app's demo step shares: the context handed from one step to the next.

Each app that has demo data owns one step, ``demo_step(ctx)`` in its ``demo.py``, and
builds only its own records; the steps run in order, each after the apps it relies on.
Steps are idempotent: rows are found by natural keys, missing ones are created and only
changed fields are written, so a second run on the same day writes nothing.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
Row = dict[str, Any]


@dataclass
class Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)


@dataclass(kw_only=True)
class DemoContext(Tally):
    """The day, the password, and what earlier steps left for later ones.

    ``setting_ids`` are the demo care settings, known once the accounts step has run;
    ``figures`` are the totals the steps report (local authorities, users...).
    """

    today: date
    password: str
    setting_ids: list[int] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], None]


def sync(
    scope: "models.QuerySet[M]", *, key: Sequence[str], rows: Iterable[Row], tally: Tally
) -> dict[tuple[Any, ...], M]:
    """Create the rows missing from scope and update changed fields; return rows by key."""
    model = scope.model
    label = str(model._meta.verbose_name_plural)
    existing = {tuple(getattr(obj, name) for name in key): obj for obj in scope}
    missing, changed, fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(row[name] for name in key))
        if obj is None:
            missing.append(model(**row))
            continue
        differ = [name for name, value in row.items() if getattr(obj, name) != value]
        for name in differ:
            setattr(obj, name, row[name])
        if differ:
            changed.append(obj)
            fields.update(model._meta.get_field(name).name for name in differ)
    if missing:
        model.objects.bulk_create(missing)
        tally.created[label] += len(missing)
    if changed:
        model.objects.bulk_update(changed, sorted(fields))
        tally.updated[label] += len(changed)
    if missing:
        existing = {tuple(getattr(obj, name) for name in key): obj for obj in scope.all()}
    return existing
