"""The PEP lists (the LA's board, the setting's PEPs) and the out-of-county PEP pages.

Thin views: the door decides (``require``, ``pep_get_for``), reads are selectors, writes
are services. The board is an LA page only (``/la/<la_slug>/pep/board/``), the setting's
PEPs a setting page only; recording an out-of-county PEP is the setting's (no LA person
edits a PEP), and its document is read on both sides.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from accounts.permissions import (
    Access,
    AccessRequest,
    Action,
    la_required,
    require,
    setting_or_la_required,
    setting_required,
)
from common import dates
from common.audit import audit_record
from common.csv_cells import csv_cell
from common.form_pages import add_service_error, edit_page
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from pep.board import selectors, services
from pep.board.forms import ExternalRecordForm, ExternalUploadForm, PepListFilterForm
from pep.board.pages import detail_url
from pep.clock.rules import ClockReading, read_clock
from pep.models import Pep
from pep.pages import pep_url
from pep.selectors import audit_read, pep_get_for

# --- The lists ---------------------------------------------------------------------------

# (sort key or "", heading) of the list's columns, in order.
COLUMNS = (
    ("child", "Child"),
    ("setting", "Setting"),
    ("", "PEP"),
    ("status", "Status"),
    ("due", "Due date"),
    ("", "Meeting"),
)


@dataclass(frozen=True)
class Row:
    """One PEP of a list, with what its row shows and no query left to make."""

    pep: Pep
    reading: ClockReading | None
    out_of_county: bool
    arranged_here: bool
    url: str

    @property
    def status_tag(self) -> str:
        return f"pep_{self.pep.status}"

    @property
    def meeting_at(self) -> datetime | None:
        return getattr(self.pep, "meeting_at", None)


@dataclass(frozen=True)
class Header:
    label: str
    url: str = ""
    aria_sort: str = ""  # "ascending", "descending" or "none" on a sortable column
    next_order: str = ""  # what following the link sorts by, for screen readers


def _sort_from(query: QueryDict) -> tuple[str, bool]:
    sort = query.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    return sort, query.get("order") == "desc"


def _headers(query: QueryDict, sort: str, descending: bool) -> list[Header]:
    """Return the column headers; a sortable one links to its sort, the other way if sorted."""
    kept = {name: value for name, value in query.items() if name not in ("page", "sort", "order")}
    headers = []
    for key, label in COLUMNS:
        if not key:
            headers.append(Header(label))
            continue
        current = key == sort
        order = "asc" if not current or descending else "desc"
        headers.append(
            Header(
                label,
                url="?" + urlencode({**kept, "sort": key, "order": order}),
                aria_sort=("descending" if descending else "ascending") if current else "none",
                next_order="ascending" if order == "asc" else "descending",
            )
        )
    return headers


def _rows(access: Access, peps: Any, *, today: date) -> list[Row]:
    place_la_id = (
        access.local_authority.pk
        if access.local_authority is not None
        else access.care_setting.local_authority_id
    )
    return [
        Row(
            pep=pep,
            reading=read_clock(pep.due_on, on=today) if pep.is_current else None,
            out_of_county=pep.is_out_of_county,
            arranged_here=pep.responsible_la_id == place_la_id,
            url=detail_url(access, pep.pk),
        )
        for pep in peps
    ]


def _list_context(
    request: AccessRequest, *, settings: list[tuple[int, str]] | None, today: date
) -> dict[str, Any]:
    access = request.access
    form = PepListFilterForm(request.GET or None, settings=settings)
    filters = form.filters()
    sort, descending = _sort_from(request.GET)
    peps = selectors.pep_list(access, filters, today=today, sort=sort, descending=descending)
    page = Paginator(peps, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "filters": filters,
        "filtered": bool(filters),
        "page": page,
        "rows": _rows(access, page, today=today),
        "query": query.urlencode(),
        "headers": _headers(request.GET, sort, descending),
        "today": today,
    }


@la_required
def board_view(request: AccessRequest) -> HttpResponse:
    """The children in care advisor's PEP board: every current PEP of the LA's scope."""
    access = request.access
    require(access, Action.VIEW_PEP_BOARD)
    today = dates.today()
    context = _list_context(request, settings=selectors.setting_choices(access), today=today)
    return render(
        request,
        "pep/board/board.html",
        {
            **context,
            "local_authority": access.local_authority,
            "compliance": selectors.compliance(
                access, today=today, responsible_la_id=access.local_authority.pk
            ),
        },
    )


@setting_required
def setting_peps_view(request: AccessRequest) -> HttpResponse:
    """The setting's PEPs, for those who may read every PEP of the setting."""
    access = request.access
    require(access, Action.VIEW_PEP)
    today = dates.today()
    context = _list_context(request, settings=None, today=today)
    return render(
        request,
        "pep/board/setting_peps.html",
        {
            **context,
            "care_setting": access.care_setting,
            "compliance": selectors.compliance(access, today=today),
        },
    )


CSV_COLUMNS = (
    "Child's known name",
    "Last name",
    "Setting",
    "Setting's local authority",
    "Responsible local authority",
    "Out of county",
    "Arranged by this local authority",
    "PEP",
    "Status",
    "Due date",
    "Working days left (negative: overdue)",
    "Meeting date",
    "Signed off on",
)


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return value.isoformat()


@la_required
def board_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the board's filtered rows as CSV, in its order; the download is audited."""
    access = request.access
    require(access, Action.VIEW_PEP_BOARD)
    today = dates.today()
    form = PepListFilterForm(request.GET or None, settings=selectors.setting_choices(access))
    filters = form.filters()
    sort, descending = _sort_from(request.GET)
    peps = selectors.pep_list(access, filters, today=today, sort=sort, descending=descending)
    slug = access.local_authority.slug
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peps-{slug}-{today}.csv"'
    response["Cache-Control"] = "private, no-store"
    # A byte order mark, so that spreadsheet programs read the names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in _rows(access, peps, today=today):
        count += 1
        pep = row.pep
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    pep.child.known_as,
                    pep.child.last_name,
                    pep.care_setting.name,
                    pep.care_setting.local_authority.name,
                    pep.responsible_la.name,
                    "Yes" if row.out_of_county else "No",
                    "Yes" if row.arranged_here else "No",
                    pep.get_kind_display(),
                    pep.get_status_display(),
                    _day(pep.due_on),
                    row.reading.working_days if row.reading else "",
                    _day(row.meeting_at),
                    _day(pep.signed_off_at),
                )
            ]
        )
    audit_record(
        actor=request.user,
        verb="pep.board_exported",
        local_authority=access.local_authority,
        changes={"rows": count, "filters": request.GET.urlencode()},
        restricted_to=Action.VIEW_PEP.value,
    )
    return response


# --- Out of county -----------------------------------------------------------------------

REFUSED_TEMPLATE = "pep/board/external_refused.html"


def _refused(request: AccessRequest, pep: Pep) -> HttpResponse:
    """Explain that the responsible LA arranges this PEP through the portal (403)."""
    return render(
        request,
        REFUSED_TEMPLATE,
        {"pep": pep, "child": pep.child, "detail_url": detail_url(request.access, pep.pk)},
        status=403,
    )


def _external_context(access: Access, pep: Pep) -> dict[str, Any]:
    return {
        "pep": pep,
        "child": pep.child,
        "care_setting": pep.care_setting,
        "back_url": detail_url(access, pep.pk),
        "documents": selectors.external_documents([pep.pk]),
        "locked_message": (
            services.LOCKED_MESSAGE.format(status=pep.get_status_display().lower())
            if pep.is_locked
            else ""
        ),
    }


@setting_required
def external_upload_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Upload the PEP document of a responsible LA that is not on the portal."""
    access = request.access
    pep = pep_get_for(access, pep_id, Action.EDIT_PEP)
    if not selectors.setting_keeps_record(pep):
        return _refused(request, pep)
    posted = request.method == "POST"
    form = ExternalUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            stored = services.external_document_add(
                pep=pep,
                by=request.user,
                document=form.cleaned_data["document"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(pep_url(access, "external_record", pep.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{stored.original_name} has been uploaded.")
            return redirect(pep_url(access, "external_record", pep.pk))
    return render(
        request,
        "pep/board/external_upload.html",
        {**_external_context(access, pep), "form": form},
    )


@setting_required
def external_record_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Record what the responsible LA's PEP meeting decided; it completes the cycle."""
    access = request.access
    pep = pep_get_for(access, pep_id, Action.EDIT_PEP)
    if not selectors.setting_keeps_record(pep):
        return _refused(request, pep)
    today = dates.today()

    def done(recorded: Pep) -> HttpResponse:
        messages.success(
            request,
            f"The PEP of {recorded.child.known_as} is recorded as signed off for "
            f"{recorded.responsible_la.name}. The next PEP cycle is open.",
        )
        return redirect(pep_url(access, "external_record", recorded.pk))

    def reload() -> Pep:
        return pep_get_for(access, pep_id, Action.EDIT_PEP)

    return edit_page(
        request,
        form_class=ExternalRecordForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "outcome": record.meeting_outcome,
                "next_pep_on": record.next_pep_on,
            },
            "today": today,
        },
        record=pep,
        save=lambda **fields: services.external_record(pep=pep, **fields),
        reload=reload,
        done=done,
        template="pep/board/external_record.html",
        context=_external_context(access, pep),
        conflict_of=lambda form, saved, typed: [],
    )


@setting_or_la_required
def external_document_view(request: AccessRequest, pep_id: int, document_id: int) -> Any:
    """Send the uploaded PEP document, as a download, to those who may read the PEP."""
    access = request.access
    # Looked up within the reader's scope before their grant is weighed: an id that names
    # nothing they may reach is 404 for everyone.
    document = selectors.external_document_in_scope(access, pep_id, document_id)
    pep = document.pep
    require(access, Action.VIEW_PEP, child=pep.child)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_read(access, pep)
    name = slugify(f"pep {pep.child.known_as} {_day(pep.due_on)}") or "pep"
    extension = "pdf" if document.content_type == "application/pdf" else "docx"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}.{extension}",
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
