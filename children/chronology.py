"""Significant events in a child's life that apps above children know of, for a chronology.

children declares the seam and knows no reader: an app that keeps dated events about a
child (a PEP meeting held, a looked-after review, a move of setting) registers a *source*
from its ``AppConfig.ready``; the safeguarding chronology asks every source for one child.
A source answers in a fixed number of queries, whatever the number of events.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ChronologyItem:
    """One dated event: what happened, who recorded it, and which source it came from."""

    on: date
    source: str  # the registered source's key, for filtering
    title: str
    detail: str = ""
    by: str = ""  # the name of whoever recorded or led it
    url: str = ""  # where the reader can open it, if anywhere


# (child) -> its items; a fixed handful of queries.
SourceBuild = Callable[[Any], list[ChronologyItem]]


@dataclass(frozen=True)
class ChronologySource:
    key: str
    label: str  # the filter's label: "PEP meetings and looked-after reviews"
    build: SourceBuild


SOURCES: dict[str, ChronologySource] = {}


def register_chronology_source(key: str, label: str, build: SourceBuild) -> ChronologySource:
    """Add a source of every child's chronology; a key may be registered only once."""
    source = ChronologySource(key=key, label=label, build=build)
    if key in SOURCES and SOURCES[key] != source:
        raise ValueError(f"A chronology source {key!r} is already registered")
    SOURCES[key] = source
    return source


def chronology_items(child: Any) -> list[ChronologyItem]:
    """Return the items every registered source knows about the child, unsorted."""
    items: list[ChronologyItem] = []
    for source in SOURCES.values():
        items.extend(source.build(child))
    return items


def child_record_items(child: Any) -> list[ChronologyItem]:
    """Return the child record's own events: joining, entering and leaving care, moves, leaving.

    One query (the setting changes); the rest is on the loaded child.
    """
    items: list[ChronologyItem] = []
    if child.start_date:
        items.append(ChronologyItem(on=child.start_date, source="record", title="Started here"))
    if child.entered_care_on:
        items.append(
            ChronologyItem(on=child.entered_care_on, source="record", title="Became looked after")
        )
    for change in child.setting_changes.select_related("from_setting", "to_setting"):
        origin = change.from_setting or change.from_description or "outside the portal"
        items.append(
            ChronologyItem(
                on=change.moved_on,
                source="record",
                title=f"Moved from {origin} to {change.to_setting}",
                detail=change.reason,
            )
        )
    if child.leave_date:
        where = f" to {child.leaving_destination}" if child.leaving_destination else ""
        items.append(ChronologyItem(on=child.leave_date, source="record", title=f"Left{where}"))
    return items
