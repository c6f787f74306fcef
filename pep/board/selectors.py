"""Reads of the PEP lists: the LA's board, the setting's PEPs, the key person's and the hub's.

Every list starts from ``pep.selectors.peps_in_scope`` (the door's child scope), so a row
outside what the reader may see never appears, on the page or in the CSV. Each list is a
fixed handful of queries whatever the number of PEPs: the rows with their child, setting
and LAs joined, the date of the PEP meeting as a subquery, and the compliance figures as
one grouped count.

Compliance, as the pages say it: a looked-after child *of PEP age* is one with a current
PEP cycle (the clock opens one for every looked-after child from their responsible LA's
early years PEP start age, and keeps exactly one); their PEP is *in date* when that
current cycle's due date has not passed (due today or later). A cycle past its due date
and not signed off is *overdue*.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Lower
from django.http import Http404

from accounts.models import CareSetting
from accounts.permissions import LOOKED_AFTER, Access, access_la_id, la_is_on_platform
from pep.models import ExternalPepDocument, Meeting, Pep, PepPack
from pep.selectors import peps_in_scope

PAGE_SIZE = 25

# The board's status filter: the PEP's own statuses, and "overdue" (past due, not signed off).
OVERDUE = "overdue"
STATUS_FILTERS = (
    (Pep.Status.DUE, "Due (not scheduled)"),
    (Pep.Status.SCHEDULED, "Meeting scheduled"),
    (Pep.Status.PAPERWORK_REQUESTED, "Paperwork requested"),
    (Pep.Status.SUBMITTED, "Paperwork submitted"),
    (Pep.Status.AWAITING_QA, "Awaiting quality assurance"),
    (Pep.Status.RETURNED, "Returned"),
    (Pep.Status.SIGNED_OFF, "Signed off"),
    (OVERDUE, "Overdue (past due, not signed off)"),
)
OUT_OF_COUNTY = "yes"
IN_COUNTY = "no"

# The order of the status machine, for sorting by status.
STATUS_ORDER = (
    Pep.Status.DUE,
    Pep.Status.SCHEDULED,
    Pep.Status.PAPERWORK_REQUESTED,
    Pep.Status.SUBMITTED,
    Pep.Status.AWAITING_QA,
    Pep.Status.RETURNED,
    Pep.Status.SIGNED_OFF,
    Pep.Status.CLOSED,
)

# Sortable columns: key -> the ordering, ascending; "-" in front of the key sorts descending.
SORTS: dict[str, tuple[Any, ...]] = {
    "due": ("due_on",),
    "child": (Lower("child__last_name"), Lower("child__first_name")),
    "setting": (Lower("care_setting__name"),),
    "status": ("status_order",),
}
DEFAULT_SORT = "due"


def out_of_county_q() -> Q:
    """Return the filter on PEPs whose responsible LA is not the LA of their setting."""
    return ~Q(responsible_la_id=F("care_setting__local_authority_id"))


def _status_order() -> Case:
    return Case(
        *(When(status=status, then=index) for index, status in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def _meeting_at() -> Subquery:
    """The start of the PEP's latest meeting that was not cancelled, for the list's column."""
    meetings = (
        Meeting.objects.filter(pep=OuterRef("pk"), kind=Meeting.Kind.PEP)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    )
    return Subquery(meetings.values("starts_at")[:1])


def pep_list(
    access: Access,
    filters: dict[str, Any],
    *,
    today: date,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> QuerySet[Pep]:
    """Return the PEPs of the list, filtered and sorted, with what each row shows.

    Without a status the list is every current PEP cycle in the access's scope; "signed off"
    lists the signed PEPs instead (a cycle stops being current when it is signed off), and
    "overdue" the current cycles past their due date. ``filters`` holds the cleaned values
    of ``PepListFilterForm``: ``status``, ``setting`` (an id) and ``out_of_county``
    ("yes" or "no"). ``sort`` is a key of ``SORTS``; ties go by due date and id.
    """
    status = filters.get("status") or ""
    peps = peps_in_scope(access)
    if status == Pep.Status.SIGNED_OFF:
        peps = peps.filter(status=Pep.Status.SIGNED_OFF)
    else:
        peps = peps.filter(is_current=True).exclude(status__in=Pep.LOCKED_STATUSES)
        if status == OVERDUE:
            peps = peps.filter(due_on__lt=today)
        elif status:
            peps = peps.filter(status=status)
    if setting_id := filters.get("setting"):
        peps = peps.filter(care_setting_id=setting_id)
    if filters.get("out_of_county") == OUT_OF_COUNTY:
        peps = peps.filter(out_of_county_q())
    elif filters.get("out_of_county") == IN_COUNTY:
        peps = peps.exclude(out_of_county_q())
    ordering = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if descending:
        ordering = tuple(
            term.desc() if hasattr(term, "desc") else F(term).desc() for term in ordering
        )
    return peps.annotate(meeting_at=_meeting_at(), status_order=_status_order()).order_by(
        *ordering, "due_on", "pk"
    )


def setting_choices(access: Access) -> list[tuple[int, str]]:
    """Return (id, name) of the settings where the access's list has PEPs, by name."""
    return list(
        CareSetting.objects.filter(
            pk__in=peps_in_scope(access)
            .exclude(status=Pep.Status.CLOSED)
            .values("care_setting_id")
        )
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    )


# --- Compliance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """PEPs in date out of the looked-after children of PEP age."""

    in_date: int
    children: int

    @property
    def percent(self) -> int | None:
        if not self.children:
            return None
        return round(100 * self.in_date / self.children)

    @property
    def overdue(self) -> int:
        return self.children - self.in_date


@dataclass(frozen=True)
class SettingFigure:
    care_setting_id: int
    name: str
    local_authority_name: str
    out_of_county: bool
    figure: Figure


@dataclass(frozen=True)
class Compliance:
    """The figure for the whole list, one per setting and, at an LA, for its own children."""

    total: Figure
    settings: list[SettingFigure] = field(default_factory=list)
    # At an LA: the children it is responsible for, wherever they are placed.
    responsible: Figure | None = None


def compliance(access: Access, *, today: date, responsible_la_id: int | None = None) -> Compliance:
    """Return the compliance figures of the access's scope, in one grouped query.

    A child counts once, by the setting of their current cycle; ``responsible_la_id`` adds
    the figure of the children that LA is responsible for.
    """
    current = peps_in_scope(access).filter(
        is_current=True, child__looked_after_status=LOOKED_AFTER
    )
    in_date = Q(due_on__gte=today)
    ours = Q(responsible_la_id=responsible_la_id)
    rows = (
        current.order_by()
        .values(
            "care_setting_id",
            "care_setting__name",
            "care_setting__local_authority_id",
            "care_setting__local_authority__name",
        )
        .annotate(
            children=Count("child", distinct=True),
            in_date=Count("child", filter=in_date, distinct=True),
            ours=Count("child", filter=ours, distinct=True),
            ours_in_date=Count("child", filter=ours & in_date, distinct=True),
        )
        .order_by(Lower("care_setting__name"), "care_setting_id")
    )
    settings = []
    total = Figure(0, 0)
    responsible = Figure(0, 0)
    place_la_id = access_la_id(access)
    for row in rows:
        figure = Figure(in_date=row["in_date"], children=row["children"])
        settings.append(
            SettingFigure(
                care_setting_id=row["care_setting_id"],
                name=row["care_setting__name"],
                local_authority_name=row["care_setting__local_authority__name"],
                out_of_county=row["care_setting__local_authority_id"] != place_la_id,
                figure=figure,
            )
        )
        total = Figure(total.in_date + figure.in_date, total.children + figure.children)
        responsible = Figure(
            responsible.in_date + row["ours_in_date"], responsible.children + row["ours"]
        )
    return Compliance(
        total=total,
        settings=settings,
        responsible=responsible if responsible_la_id is not None else None,
    )


# --- The key person's and the hub's ---------------------------------------------------------


def key_children_peps(access: Access) -> list[Pep]:
    """Return the current PEPs of the access holder's own key children at the setting.

    One query; the children are the ones whose key person the holder is (the door lets a
    key person read and work on their own key children's PEPs).
    """
    if access.care_setting is None:
        return []
    return list(
        peps_in_scope(access)
        .filter(
            is_current=True,
            child__key_person=access.user,
            child__care_setting=access.care_setting,
        )
        .exclude(status__in=Pep.LOCKED_STATUSES)
        .annotate(meeting_at=_meeting_at())
        .order_by("due_on", "pk")
    )


def child_peps(child: Any) -> list[Pep]:
    """Return the child's current PEP and signed PEPs, newest first, in one query.

    The child was loaded through the door (the hub): their PEPs are the reader's to see.
    ``has_pack``: whether the PDF pack is made (an out-of-county PEP recorded by the setting
    has none; a pack is made a few minutes after sign-off).
    """
    return list(
        Pep.objects.filter(child_id=child.pk)
        .filter(Q(is_current=True) | Q(status=Pep.Status.SIGNED_OFF))
        .annotate(
            meeting_at=_meeting_at(),
            has_pack=Exists(PepPack.objects.filter(pep_id=OuterRef("pk"))),
        )
        .order_by("-is_current", "-due_on", "-pk")
    )


def external_documents(pep_ids: Iterable[int]) -> list[ExternalPepDocument]:
    """Return the uploaded documents of these PEPs, newest first, in one query."""
    return list(
        ExternalPepDocument.objects.filter(pep_id__in=list(pep_ids)).select_related("uploaded_by")
    )


# --- Out of county ---------------------------------------------------------------------------


def setting_keeps_record(pep: Pep) -> bool:
    """Return whether the setting records this PEP for its responsible LA (one query).

    So it is when the PEP is out of county and its responsible LA is not on the platform
    (``accounts.permissions.las_on_platform``): otherwise that LA's children in care
    advisor arranges the PEP through the portal.
    """
    return pep.is_out_of_county and not la_is_on_platform(pep.responsible_la_id)


def external_document_in_scope(
    access: Access, pep_id: int, document_id: int
) -> ExternalPepDocument:
    """Return the PEP's uploaded document if the PEP is in the access's scope, else 404.

    No grant is weighed here: the caller asks the door about the document's child.
    """
    try:
        return ExternalPepDocument.objects.select_related(
            "pep__child__care_setting", "pep__care_setting", "pep__responsible_la"
        ).get(pk=document_id, pep_id=pep_id, pep__in=peps_in_scope(access))
    except ExternalPepDocument.DoesNotExist:
        raise Http404 from None
