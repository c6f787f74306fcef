"""Build a child's chronology: one dated, attributed timeline from every record that has a date.

The safeguarding records the setting keeps (concerns and the DSL's actions and outcomes,
early help, child in need and child protection status, agency visits and information
shared, significant events entered by hand, file transfers) and the events other apps
register (``children.chronology``: the child's record, PEP meetings and looked-after
reviews). A fixed number of queries, whatever the number of entries.

For a document that leaves the setting (the PDF for a strategy meeting, the transferred
file) pass ``onward=True``: what another agency shared without agreeing to onward sharing
keeps its date and agency, and its content is withheld.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareSetting
from children import chronology as registry
from children.models import Child
from safeguarding.models import (
    AgencyVisit,
    ChronologyEntry,
    Concern,
    ConcernAction,
    InformationShare,
    SafeguardingStatus,
    Transfer,
)

# The setting's own sources, in the order of the filter.
OWN_SOURCES = {
    "concerns": "Concerns and the DSL's actions",
    "status": "Early help, child in need and child protection",
    "agencies": "Agency visits and information sharing",
    "entries": "Significant events",
    "transfers": "Safeguarding file transfers",
}
WITHHELD = (
    "Withheld: shared with the setting by another agency, which has not agreed to it being "
    "shared onward."
)


@dataclass(frozen=True)
class Entry:
    on: date
    source: str
    title: str
    detail: str = ""
    by: str = ""
    url: str = ""
    third_party: bool = False
    # When it was recorded, where known: orders the entries of one day (a concern before the
    # DSL's actions on it and its outcome).
    at: datetime | None = None


def chronology_sources() -> list[tuple[str, str]]:
    """Return ``(key, label)`` of every source a chronology can be filtered by."""
    return [*OWN_SOURCES.items()] + [
        (source.key, source.label) for source in registry.SOURCES.values()
    ]


def _name(user: Any) -> str:
    if user is None:
        return "Someone no longer on the portal"
    return user.full_name or user.email


def _day(moment: Any) -> date:
    return timezone.localdate(moment)


def _concern_entries(care_setting: CareSetting, child: Child) -> list[Entry]:
    """Two queries: the concerns, and the DSL's actions on them."""
    entries = []
    concerns = list(
        Concern.objects.filter(care_setting=care_setting, child=child).select_related(
            "raised_by", "acknowledged_by", "outcome_by"
        )
    )
    for concern in concerns:
        url = reverse("settings:safeguarding:concern_detail", args=[care_setting.slug, concern.pk])
        category = f" ({concern.get_category_display()})" if concern.category else ""
        words = (
            f"\n\nThe child said: \u201c{concern.child_words}\u201d" if concern.child_words else ""
        )
        entries.append(
            Entry(
                on=_day(concern.occurred_at or concern.raised_at),
                source="concerns",
                title=f"Concern {concern.reference} raised{category}",
                detail=concern.text + words,
                by=_name(concern.raised_by),
                url=url,
                at=concern.occurred_at or concern.raised_at,
            )
        )
        if concern.outcome and concern.outcome_at:
            reference = (
                f" (reference {concern.outcome_reference})" if concern.outcome_reference else ""
            )
            entries.append(
                Entry(
                    on=_day(concern.outcome_at),
                    source="concerns",
                    title=(
                        f"Outcome of {concern.reference}: "
                        f"{concern.get_outcome_display()}{reference}"
                    ),
                    detail=concern.outcome_notes,
                    by=_name(concern.outcome_by),
                    url=url,
                    at=concern.outcome_at,
                )
            )
    actions = ConcernAction.objects.filter(
        concern__care_setting=care_setting, concern__child=child
    ).select_related("by", "concern")
    for action in actions:
        entries.append(
            Entry(
                on=action.taken_on,
                source="concerns",
                title=f"{action.get_kind_display()} on {action.concern.reference}",
                detail=action.text,
                by=_name(action.by),
                at=action.recorded_at,
                url=reverse(
                    "settings:safeguarding:concern_detail",
                    args=[care_setting.slug, action.concern_id],
                ),
            )
        )
    return entries


def _status_entries(care_setting: CareSetting, child: Child) -> list[Entry]:
    """One query: the statuses, with who recorded and who ended each."""
    entries = []
    statuses = SafeguardingStatus.objects.filter(
        care_setting=care_setting, child=child
    ).select_related("recorded_by", "ended_by")
    for status in statuses:
        category = f" ({status.get_plan_category_display()})" if status.plan_category else ""
        if status.lead_professional:
            detail = f"Lead professional: {status.lead_professional}"
        elif status.social_worker:
            detail = f"Social worker: {status.social_worker}"
        else:
            detail = ""
        entries.append(
            Entry(
                on=status.started_on,
                source="status",
                title=f"{status.get_level_display()} started{category}",
                detail=detail,
                by=_name(status.recorded_by),
            )
        )
        if status.initial_conference_on:
            entries.append(
                Entry(
                    on=status.initial_conference_on,
                    source="status",
                    title="Initial child protection conference",
                    by=_name(status.recorded_by),
                )
            )
        if status.ended_on:
            entries.append(
                Entry(
                    on=status.ended_on,
                    source="status",
                    title=f"{status.get_level_display()} ended",
                    detail=status.end_reason,
                    by=_name(status.ended_by or status.recorded_by),
                )
            )
    return entries


def _agency_entries(care_setting: CareSetting, child: Child, *, onward: bool) -> list[Entry]:
    entries = []
    visits = AgencyVisit.objects.filter(care_setting=care_setting, child=child).select_related(
        "supervised_by"
    )
    for visit in visits:
        role = f" ({visit.visitor_role})" if visit.visitor_role else ""
        entries.append(
            Entry(
                on=_day(visit.arrived_at),
                source="agencies",
                title=f"Visit from {visit.agency}: {visit.visitor_name}{role}",
                detail=visit.purpose,
                by=f"Supervised by {_name(visit.supervised_by)}",
            )
        )
    shares = InformationShare.objects.filter(
        care_setting=care_setting, child=child
    ).select_related("recorded_by")
    for share in shares:
        if share.third_party:
            title = f"Information shared with the setting by {share.agency}"
        else:
            title = f"Information shared with {share.agency}"
        detail = share.what
        if onward and not share.may_share_onward:
            detail = WITHHELD
        entries.append(
            Entry(
                on=share.shared_on,
                source="agencies",
                title=title,
                detail=detail,
                by=_name(share.recorded_by),
                third_party=share.third_party,
            )
        )
    return entries


def _manual_entries(care_setting: CareSetting, child: Child) -> list[Entry]:
    return [
        Entry(
            on=entry.occurred_on,
            source="entries",
            title=entry.title,
            detail=entry.detail,
            by=_name(entry.recorded_by),
            url=reverse(
                "settings:safeguarding:chronology_entry_edit", args=[care_setting.slug, entry.pk]
            ),
        )
        for entry in ChronologyEntry.objects.filter(
            care_setting=care_setting, child=child
        ).select_related("recorded_by")
    ]


def _transfer_entries(care_setting: CareSetting, child: Child) -> list[Entry]:
    """One query: the files the setting sent on, and those it received, with receipts."""
    entries = []
    transfers = Transfer.objects.filter(
        Q(from_setting=care_setting) | Q(to_setting=care_setting), child=child
    ).select_related("from_setting", "to_setting", "sent_by", "acknowledged_by")
    for transfer in transfers:
        if transfer.from_setting_id != care_setting.pk:
            # A file received: the sending setting's sending, and our receipt.
            if transfer.sent_at:
                entries.append(
                    Entry(
                        on=_day(transfer.sent_at),
                        source="transfers",
                        title=f"Safeguarding file received from {transfer.from_setting.name}",
                        by=_name(transfer.sent_by),
                    )
                )
            if transfer.acknowledged_at:
                entries.append(
                    Entry(
                        on=_day(transfer.acknowledged_at),
                        source="transfers",
                        title="Receipt of the safeguarding file acknowledged",
                        by=_name(transfer.acknowledged_by),
                    )
                )
            continue
        where = transfer.to_setting.name if transfer.to_setting else transfer.destination
        if transfer.sent_at:
            entries.append(
                Entry(
                    on=_day(transfer.sent_at),
                    source="transfers",
                    title=f"Safeguarding file sent to {where}",
                    by=_name(transfer.sent_by),
                )
            )
        if transfer.acknowledged_at:
            entries.append(
                Entry(
                    on=_day(transfer.acknowledged_at),
                    source="transfers",
                    title=f"Receipt of the safeguarding file acknowledged by {where}",
                    by=_name(transfer.acknowledged_by),
                )
            )
    return entries


def chronology_for(
    *,
    care_setting: CareSetting,
    child: Child,
    sources: set[str] | None = None,
    onward: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> list[Entry]:
    """Return the child's chronology at the setting, oldest first, from the chosen sources.

    ``sources`` (keys of ``chronology_sources``) narrows it; None is every source. Each
    source is read only when chosen. ``since`` and ``until`` keep the entries dated from
    and to those days (both included).
    """
    wanted = sources if sources is not None else {key for key, _ in chronology_sources()}
    entries: list[Entry] = []
    if "concerns" in wanted:
        entries += _concern_entries(care_setting, child)
    if "status" in wanted:
        entries += _status_entries(care_setting, child)
    if "agencies" in wanted:
        entries += _agency_entries(care_setting, child, onward=onward)
    if "entries" in wanted:
        entries += _manual_entries(care_setting, child)
    if "transfers" in wanted:
        entries += _transfer_entries(care_setting, child)
    for source in registry.SOURCES.values():
        if source.key in wanted:
            entries += [
                Entry(
                    on=item.on,
                    source=item.source,
                    title=item.title,
                    detail=item.detail,
                    by=item.by,
                    url=item.url,
                )
                for item in source.build(child)
            ]
    entries = [
        entry
        for entry in entries
        if (since is None or entry.on >= since) and (until is None or entry.on <= until)
    ]
    return sorted(entries, key=_order)


def _order(entry: Entry) -> tuple[Any, ...]:
    """Order by day; within a day, entries with a time first, by time, then the rest."""
    when = entry.at.timestamp() if entry.at is not None else 0.0
    return (entry.on, entry.at is None, when, entry.source, entry.title)
