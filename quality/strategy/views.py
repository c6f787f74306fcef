"""The LA's early years strategy action plan: the plan, its CSV and PDF, and its edits.

Every person of the LA reads the plan (VIEW_STRATEGY); the LA administrator adds and
changes chapters and commitments (EDIT_STRATEGY); a commitment's named leads change it and
add progress updates too (``can_edit_commitment``), but not its chapter, number or leads.
Records are fetched through the door first (another LA's are 404), then the right is
weighed (403).
"""

import csv
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import LocalAuthority
from accounts.permissions import (
    Access,
    AccessRequest,
    Action,
    can,
    can_edit_commitment,
    la_required,
    require,
    strategy_q,
)
from common import dates
from common.csv_cells import csv_cell, csv_day, csv_download
from common.form_pages import add_service_error, create_page, edit_page
from common.forms import parse_id
from common.pdf import PDF_UA, download_name, pdf_response, render_pdf
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form, differences, differing
from quality.models import StrategyChapter, StrategyCommitment
from quality.selectors import commitment_get_for
from quality.shared import la_url, person_name
from quality.strategy import selectors, services
from quality.strategy.forms import ADMIN_ONLY, ChapterForm, CommitmentForm, FilterForm, UpdateForm

Status = StrategyCommitment.Status
UPDATE_CONFLICT = (
    "Someone else changed this commitment or added an update while you were writing yours. "
    "Your update has not been saved: read what is new below, then send it again."
)
PDF_TEMPLATE = "pdf/strategy_plan.html"


def _la(access: Access) -> LocalAuthority:
    assert access.local_authority is not None
    return access.local_authority


# --- The plan, its CSV and its PDF --------------------------------------------------------


@dataclass
class Plan:
    """The plan as filtered: the form, the chapters and the commitments that match."""

    form: FilterForm
    filters: selectors.Filters
    chapters: list[StrategyChapter]
    commitments: list[StrategyCommitment]
    described: list[str]  # the filters in words, for the CSV's file and the PDF

    @property
    def groups(self) -> list[selectors.Chapter]:
        return selectors.grouped(self.chapters, self.commitments, all_=not self.filters.any)


def plan_for(access: Access, query: QueryDict, *, today: date) -> Plan:
    """Return the plan filtered as the query string says (four queries, whatever its size)."""
    chapters = selectors.chapters_for(access)
    people = [(user.pk, person_name(user)) for user in selectors.lead_choices(_la(access))]
    form = FilterForm(query or None, chapters=chapters, people=people)
    values = form.values()
    filters = selectors.Filters(
        chapter=values.get("chapter"),
        status=values.get("status", ""),
        rag=values.get("rag", ""),
        lead=values.get("lead"),
        past_timescale=bool(values.get("past_timescale")),
    )
    described = []
    if filters.chapter:
        described.append(f"chapter { {c.pk: str(c) for c in chapters}[filters.chapter] }")
    if filters.status:
        described.append(f"status {Status(filters.status).label}")
    if filters.rag:
        described.append(f"RAG rating {StrategyCommitment.Rag(filters.rag).label}")
    if filters.lead:
        described.append(f"led by {dict(people)[filters.lead]}")
    if filters.past_timescale:
        described.append("past their timescale")
    commitments = selectors.commitments_for(access, filters, today=today)
    return Plan(form, filters, chapters, commitments, described)


@la_required
def strategy_view(request: AccessRequest) -> HttpResponse:
    """The LA's plan: counts by status and RAG, the filters, commitments by chapter."""
    access = request.access
    require(access, Action.VIEW_STRATEGY)
    today = dates.today()
    plan = plan_for(access, request.GET, today=today)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    may_edit = can(access, Action.EDIT_STRATEGY)
    return render(
        request,
        "quality/strategy/plan.html",
        {
            "local_authority": access.local_authority,
            "plan": plan,
            "groups": plan.groups,
            "summary": selectors.summary_for(access, today=today),
            "may_edit": may_edit,
            "csv_url": la_url(access, "strategy_csv") + suffix,
            "pdf_url": la_url(access, "strategy_pdf") + suffix,
            "chapter_add_url": la_url(access, "chapter_add") if may_edit else "",
            "commitment_add_url": la_url(access, "commitment_add") if may_edit else "",
            "la_slug": _la(access).slug,
        },
    )


CSV_HEADING = (
    "Chapter number",
    "Chapter",
    "Number",
    "Commitment",
    "Who is leading",
    "Named leads",
    "To be done by",
    "Timescale",
    "Past its timescale",
    "Existing plan it belongs to",
    "Resources",
    "Status",
    "RAG rating",
    "Last changed",
    "Latest update on",
    "Latest update",
    "Latest update by",
    "Status at the latest update",
    "RAG rating at the latest update",
)


def csv_rows(commitments: list[StrategyCommitment]) -> list[list[str]]:
    """Return the CSV's rows, a heading then one per commitment; every cell safe."""
    rows: list[list[Any]] = [list(CSV_HEADING)]
    for c in commitments:
        rows.append(
            [
                c.chapter.number,
                c.chapter.title,
                c.reference,
                c.text,
                c.leading,
                "; ".join(c.lead_names),
                csv_day(c.timescale),
                c.timescale_note,
                "Yes" if c.past_timescale else "No",
                c.existing_plan,
                c.resources,
                c.get_status_display(),
                c.get_rag_display(),
                csv_day(timezone.localtime(c.updated_at).date()) if c.updated_at else "",
                csv_day(c.latest_on),
                c.latest_text or "",
                c.latest_author or c.latest_author_email or "",
                Status(c.latest_status).label if c.latest_status else "",
                StrategyCommitment.Rag(c.latest_rag).label if c.latest_rag else "",
            ]
        )
    return [[csv_cell(value) for value in row] for row in rows]


@la_required
def strategy_csv_view(request: AccessRequest) -> HttpResponse:
    """Download the filtered commitments as CSV, each with its latest update."""
    access = request.access
    require(access, Action.VIEW_STRATEGY)
    today = dates.today()
    plan = plan_for(access, request.GET, today=today)
    response = csv_download(f"strategy-action-plan-{_la(access).slug}-{today.isoformat()}.csv")
    csv.writer(response).writerows(csv_rows(plan.commitments))
    return response


def pdf_context(access: Access, plan: Plan, *, today: date) -> dict[str, Any]:
    """Everything the PDF shows; rendering it makes no query."""
    statuses = dict.fromkeys(Status.values, 0)
    rags = dict.fromkeys(StrategyCommitment.Rag.values, 0)
    for commitment in plan.commitments:
        statuses[commitment.status] += 1
        rags[commitment.rag] += 1
    la = _la(access)
    return {
        "title": f"Early years strategy action plan, {la.name}",
        "local_authority": la,
        "groups": plan.groups,
        "total": len(plan.commitments),
        "by_status": [(label, statuses[value]) for value, label in Status.choices],
        "by_rag": [(label, rags[value]) for value, label in StrategyCommitment.Rag.choices],
        "past": sum(1 for c in plan.commitments if c.past_timescale),
        "described": plan.described,
        "printed_on": today,
        "printed_by": person_name(access.user),
    }


@la_required
def strategy_pdf_view(request: AccessRequest) -> HttpResponse:
    """The filtered plan as a printable, tagged PDF, grouped by chapter."""
    access = request.access
    require(access, Action.VIEW_STRATEGY)
    today = dates.today()
    plan = plan_for(access, request.GET, today=today)
    pdf = render_pdf(
        template=PDF_TEMPLATE, context=pdf_context(access, plan, today=today), variant=PDF_UA
    )
    name = download_name("Early years strategy action plan", _la(access).name, on=today)
    return pdf_response(pdf, filename=name)


# --- Chapters -----------------------------------------------------------------------------


@la_required
def chapter_add_view(request: AccessRequest) -> HttpResponse:
    """Add a chapter to the LA's plan."""
    access = request.access
    require(access, Action.EDIT_STRATEGY)
    back = la_url(access, "strategy")
    return create_page(
        request,
        form=ChapterForm(request.POST or None, is_new=True),
        create=partial(services.chapter_add, local_authority=_la(access)),
        done=lambda chapter: f"Chapter {chapter} added to the plan.",
        back=back,
        template="quality/strategy/chapter_form.html",
        context={"back_url": back, "chapter": None},
    )


@la_required
def chapter_edit_view(request: AccessRequest, chapter_id: int) -> HttpResponse:
    """Change a chapter's number or title."""
    access = request.access
    chapter = selectors.chapter_get_for(access, chapter_id)
    require(access, Action.EDIT_STRATEGY)
    back = la_url(access, "strategy")

    def done(saved: StrategyChapter) -> HttpResponse:
        messages.success(request, f"Chapter {saved} saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=ChapterForm,
        form_kwargs=lambda record: {
            "is_new": False,
            "initial": {"number": record.number, "title": record.title, "version": record.version},
        },
        record=chapter,
        save=lambda **fields: services.chapter_change(chapter=chapter, **fields),
        reload=lambda: selectors.chapter_get_for(access, chapter.pk),
        done=done,
        template="quality/strategy/chapter_form.html",
        context={"back_url": back, "chapter": chapter},
    )


# --- Commitments --------------------------------------------------------------------------


def _chapters(access: Access) -> Any:
    return StrategyChapter.objects.filter(strategy_q(access)).order_by("number", "pk")


@la_required
def commitment_add_view(request: AccessRequest) -> HttpResponse:
    """Add a commitment to a chapter of the plan (``?chapter=`` chooses it beforehand)."""
    access = request.access
    require(access, Action.EDIT_STRATEGY)
    back = la_url(access, "strategy")
    chapters = _chapters(access)
    initial: dict[str, Any] = {"status": Status.NOT_STARTED, "rag": StrategyCommitment.Rag.GREEN}
    chosen = parse_id(request.GET.get("chapter"))
    if chosen is not None:
        initial["chapter"] = chosen
    form = CommitmentForm(
        request.POST or None,
        chapters=chapters,
        people=selectors.lead_choices(_la(access)),
        is_new=True,
        initial=initial,
    )
    return create_page(
        request,
        form=form,
        create=partial(services.commitment_add, local_authority=_la(access)),
        done=lambda c: f"Commitment {c.reference} added to the plan.",
        back=back,
        template="quality/strategy/commitment_form.html",
        context={"back_url": back, "commitment": None, "has_chapters": chapters.exists()},
    )


def _commitment(access: Access, commitment_id: int) -> StrategyCommitment:
    commitment = commitment_get_for(access, commitment_id)
    return selectors.mark(commitment, today=dates.today())


@la_required
def commitment_detail_view(request: AccessRequest, commitment_id: int) -> HttpResponse:
    """A commitment and its dated progress updates, newest first."""
    access = request.access
    commitment = _commitment(access, commitment_id)
    require(access, Action.VIEW_STRATEGY)
    may_edit = can_edit_commitment(access, commitment)
    return render(
        request,
        "quality/strategy/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": selectors.updates_of(commitment),
            "plan_url": la_url(access, "strategy"),
            "edit_url": la_url(access, "commitment_edit", commitment_id=commitment.pk)
            if may_edit
            else "",
            "update_url": la_url(access, "commitment_update_add", commitment_id=commitment.pk)
            if may_edit
            else "",
        },
    )


def _initial(commitment: StrategyCommitment) -> dict[str, Any]:
    initial = {name: getattr(commitment, name) for name in services.FIELDS}
    initial["chapter"] = commitment.chapter_id
    initial["leads"] = sorted(commitment.lead_ids)
    initial["version"] = commitment.version
    return initial


def _conflict(form: Any, saved: StrategyCommitment, typed: dict[str, Any]) -> list:
    leads = typed.pop("leads", None)
    rows = differences(saved, typed, labels={n: f.label for n, f in form.fields.items()})
    if leads is not None:
        rows += differing(
            [
                (
                    "Named leads",
                    ", ".join(sorted(saved.lead_names)),
                    ", ".join(sorted(person_name(u) for u in leads)),
                )
            ]
        )
    return rows


@la_required
def commitment_edit_view(request: AccessRequest, commitment_id: int) -> HttpResponse:
    """Change a commitment; a named lead changes all but its chapter, number and leads."""
    access = request.access
    commitment = _commitment(access, commitment_id)
    if not can_edit_commitment(access, commitment):
        raise PermissionDenied
    full = can(access, Action.EDIT_STRATEGY)
    detail = la_url(access, "commitment_detail", commitment_id=commitment.pk)
    chapters = _chapters(access)
    people = selectors.lead_choices(_la(access))

    def form_kwargs(record: StrategyCommitment) -> dict[str, Any]:
        initial = _initial(record)
        if not full:
            for name in ADMIN_ONLY:
                initial.pop(name, None)
        return {
            "chapters": chapters,
            "people": people,
            "is_new": False,
            "full": full,
            "initial": initial,
        }

    def done(saved: StrategyCommitment) -> HttpResponse:
        messages.success(request, f"Commitment {saved.reference} saved.")
        return redirect(detail)

    return edit_page(
        request,
        form_class=CommitmentForm,
        form_kwargs=form_kwargs,
        record=commitment,
        save=lambda **fields: services.commitment_change(commitment=commitment, **fields),
        reload=lambda: _commitment(access, commitment.pk),
        done=done,
        template="quality/strategy/commitment_form.html",
        context={"back_url": detail, "commitment": commitment, "full": full},
        conflict_of=_conflict,
    )


@la_required
def commitment_update_add_view(request: AccessRequest, commitment_id: int) -> HttpResponse:
    """Add a dated progress update, which sets the commitment's status and RAG rating."""
    access = request.access
    commitment = _commitment(access, commitment_id)
    if not can_edit_commitment(access, commitment):
        raise PermissionDenied
    detail = la_url(access, "commitment_detail", commitment_id=commitment.pk)
    initial = {
        "version": commitment.version,
        "written_on": dates.today(),
        "status": commitment.status,
        "rag": commitment.rag,
    }
    form = UpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.update_add(commitment=commitment, by=request.user, **fields)
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(detail)
        except StaleRecord:
            commitment = _commitment(access, commitment.pk)
            form = conflicted_form(
                UpdateForm, request.POST, version=commitment.version, message=UPDATE_CONFLICT
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Progress update on {commitment.reference} added.")
            return redirect(detail)
    return render(
        request,
        "quality/strategy/update_form.html",
        {
            "form": form,
            "commitment": commitment,
            "updates": selectors.updates_of(commitment)[:3],
            "back_url": detail,
        },
    )
