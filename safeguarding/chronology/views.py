"""Pages of a child's chronology: the timeline with its filter, its PDF, events by hand.

The child comes through the door (``safeguarding_child_get_for``: 404 without the right);
every page that shows the chronology writes that it was read (``record_read``).
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareSetting, User
from accounts.permissions import AccessRequest, Action, can, require, setting_required
from children.models import Child
from common import dates
from common.form_pages import create_page, edit_page
from common.pdf import PDF_UA, download_name, pdf_response, render_pdf
from common.versioning import differences
from safeguarding.chronology import services
from safeguarding.chronology.build import chronology_for, chronology_sources
from safeguarding.chronology.forms import ChronologyEntryForm, ChronologyFilterForm
from safeguarding.models import ChronologyEntry, SafeguardingStatus
from safeguarding.selectors import record_get_for, record_read, safeguarding_child_get_for
from safeguarding.status.selectors import open_status

PDF_TEMPLATE = "pdf/chronology.html"


def _chronology_url(care_setting: CareSetting, child: Child) -> str:
    return reverse("settings:safeguarding:chronology", args=[care_setting.slug, child.pk])


def _filter_form(request: AccessRequest) -> ChronologyFilterForm:
    return ChronologyFilterForm(request.GET or None)


@setting_required
def chronology_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's chronology at the setting, oldest first, filtered by source and dates."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    form = _filter_form(request)
    entries = chronology_for(care_setting=access.care_setting, child=child, **form.chosen())
    record_read(access, page="Chronology", child=child)
    labels = dict(chronology_sources())
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    pdf_url = reverse(
        "settings:safeguarding:chronology_pdf", args=[access.care_setting.slug, child.pk]
    )
    return render(
        request,
        "safeguarding/chronology/chronology.html",
        {
            "care_setting": access.care_setting,
            "child": child,
            "form": form,
            "entries": [(entry, labels.get(entry.source, "")) for entry in entries],
            "pdf_url": f"{pdf_url}?{query}" if query else pdf_url,
            "can_edit": can(access, Action.EDIT_SAFEGUARDING),
            "filtered": bool(query),
            "back_url": reverse(
                "settings:safeguarding:child", args=[access.care_setting.slug, child.pk]
            ),
        },
    )


def chronology_pdf_context(
    *,
    care_setting: CareSetting,
    child: Child,
    by: User,
    filters: dict[str, Any],
    status: SafeguardingStatus | None,
) -> dict[str, Any]:
    """Return everything the strategy meeting's PDF shows (the chronology's queries)."""
    labels = dict(chronology_sources())
    entries = chronology_for(care_setting=care_setting, child=child, onward=True, **filters)
    chosen = filters.get("sources")
    return {
        "child_name": f"{child.first_name} {child.last_name}",
        "date_of_birth": child.date_of_birth,
        "setting_name": care_setting.name,
        "status": status.get_level_display() if status else "",
        "status_since": status.started_on if status else None,
        "plan_category": status.get_plan_category_display() if status else "",
        "printed_by": by.full_name or by.email,
        "printed_at": timezone.localtime(),
        "sources": [labels[key] for key, _ in chronology_sources() if key in chosen]
        if chosen
        else [],
        "since": filters.get("since"),
        "until": filters.get("until"),
        "entries": [(entry, labels.get(entry.source, "")) for entry in entries],
    }


@setting_required
def chronology_pdf_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The chronology as a PDF for a strategy meeting: what may leave the setting only."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Correct the dates of the chronology, then print it again.")
        return redirect(f"{_chronology_url(access.care_setting, child)}?{request.GET.urlencode()}")
    context = chronology_pdf_context(
        care_setting=access.care_setting,
        child=child,
        by=request.user,
        filters=form.chosen(),
        status=open_status(access.care_setting, child),
    )
    record_read(access, page="Chronology (PDF)", child=child)
    pdf = render_pdf(template=PDF_TEMPLATE, context=context, variant=PDF_UA)
    return pdf_response(
        pdf, filename=download_name("Chronology", context["child_name"], on=dates.today())
    )


@setting_required
def chronology_entry_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Add a significant event to the child's chronology."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    require(access, Action.EDIT_SAFEGUARDING)
    back = _chronology_url(access.care_setting, child)
    if request.method == "GET":
        record_read(access, page="Chronology", child=child)
    form = ChronologyEntryForm(request.POST or None)
    return create_page(
        request,
        form=form,
        create=lambda by, version=None, **fields: services.entry_add(
            care_setting=access.care_setting, child=child, by=by, **fields
        ),
        done=lambda entry: "The event has been added to the chronology.",
        back=back,
        template="safeguarding/chronology/entry_form.html",
        context={"child": child, "heading": "Add a significant event", "back_url": back},
    )


@setting_required
def chronology_entry_edit_view(request: AccessRequest, entry_id: int) -> HttpResponse:
    """Change a significant event entered by hand."""
    access = request.access
    entry = record_get_for(access, ChronologyEntry, entry_id, Action.EDIT_SAFEGUARDING)
    child = entry.child
    back = _chronology_url(access.care_setting, child)
    if request.method == "GET":
        record_read(access, page="Chronology", child=child, target=entry)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        return services.entry_edit(entry=entry, by=by, version=version, **fields)

    def done(saved: ChronologyEntry) -> HttpResponse:
        messages.success(request, "The event has been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=ChronologyEntryForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "occurred_on": record.occurred_on,
                "kind": record.kind,
                "title": record.title,
                "detail": record.detail,
            }
        },
        record=entry,
        save=save,
        reload=lambda: record_get_for(access, ChronologyEntry, entry.pk, Action.EDIT_SAFEGUARDING),
        done=done,
        template="safeguarding/chronology/entry_form.html",
        context={"child": child, "heading": "Change a significant event", "back_url": back},
        conflict_of=lambda form, saved, typed: differences(
            saved,
            {name: typed[name] for name in ("occurred_on", "kind", "title", "detail")},
            labels={name: field.label for name, field in form.fields.items()},
        ),
    )
