"""Pages of the progress check at age two, its PDF and the leaving summary PDF."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import (
    AccessRequest,
    Action,
    flags,
    setting_or_la_required,
    setting_required,
)
from children.models import Child
from children.selectors import child_get_for
from common import dates
from common.pdf import download_name, pdf_response
from common.versioning import differences
from learning.check import selectors as selectors
from learning.check import services as services
from learning.check.forms import NotDoneForm, ProgressCheckForm
from learning.pages import child_pages


def _check_url(child: Child) -> str:
    return reverse("settings:learning:check", args=[child.care_setting.slug, child.pk])


@setting_or_la_required
def check_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Show the check (or where the child stands against it); read-only under an LA."""
    child = child_get_for(request.access, child_id, Action.VIEW_PROGRESS)
    today = dates.today()
    check = selectors.check_for(child)
    pages = child_pages(request.access, child)
    return render(
        request,
        "learning/check_detail.html",
        {
            "child": child,
            "care_setting": child.care_setting,
            "check": check,
            "prime_areas": selectors.check_prime_areas(check) if check else [],
            "sections": selectors.check_sections(check) if check else [],
            "not_done": selectors.not_done_for(child) if check is None else None,
            "window": selectors.check_window(child, today),
            "age_at_check": child.age_label(check.completed_on) if check else "",
            "hub_url": pages.hub,
            "pages": pages,
            **flags(request.access, Action.EDIT_PROGRESS_CHECK, child=child),
        },
    )


@setting_required
def check_edit_view(request: AccessRequest, child_id: int) -> HttpResponse:
    child = child_get_for(request.access, child_id, Action.EDIT_PROGRESS_CHECK)
    today = dates.today()
    check = selectors.check_for(child)
    initial = {"version": check.version if check else 0}
    if check is not None:
        initial.update({name: getattr(check, name) for name in services.CHECK_FIELDS})
    form = ProgressCheckForm(request.POST or None, initial=initial, child=child, today=today)
    conflict: list[tuple[str, str, str]] = []
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.check_save(child=child, by=request.user, version=version, fields=fields)
        except services.StaleCheck:
            saved = selectors.check_for(child)
            if saved is not None:
                conflict = differences(
                    saved, {name: fields[name] for name in services.CHECK_FIELDS}
                )
            data = request.POST.copy()
            data["version"] = str(saved.version if saved else 0)
            form = ProgressCheckForm(data, child=child, today=today)
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this progress check while you were editing it. Check "
                "their changes on the progress check page, then save again to keep yours.",
            )
        else:
            messages.success(request, f"{child}'s progress check at age two has been saved.")
            return redirect(_check_url(child))
    return render(
        request,
        "learning/check_form.html",
        {
            "form": form,
            "child": child,
            "care_setting": child.care_setting,
            "is_new": check is None,
            "conflict": conflict,
            "back_url": _check_url(child),
        },
    )


@setting_required
def check_not_done_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Record (or change) why the check was not done; it stops the check's reminders."""
    child = child_get_for(request.access, child_id, Action.EDIT_PROGRESS_CHECK)
    if selectors.check_for(child) is not None:
        messages.info(request, f"{child}'s progress check at age two has been done.")
        return redirect(_check_url(child))
    today = dates.today()
    record = selectors.not_done_for(child)
    initial: dict[str, object] = {"version": record.version if record else 0}
    if record is not None:
        initial.update({"reason": record.reason, "decided_on": record.decided_on})
    form = NotDoneForm(request.POST or None, initial=initial, child=child, today=today)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.check_not_done_record(child=child, by=request.user, **fields)
        except services.StaleCheck:
            saved = selectors.not_done_for(child)
            data = request.POST.copy()
            data["version"] = str(saved.version if saved else 0)
            form = NotDoneForm(data, child=child, today=today)
            form.is_valid()
            form.add_error(
                None,
                "Someone else recorded why the check was not done while you were writing. "
                "Check their reason on the progress check page, then save again to keep yours.",
            )
        else:
            messages.success(
                request, f"Recorded why {child}'s progress check at age two was not done."
            )
            return redirect(_check_url(child))
    return render(
        request,
        "learning/check_not_done_form.html",
        {
            "form": form,
            "child": child,
            "care_setting": child.care_setting,
            "is_new": record is None,
            "window": selectors.check_window(child, today),
            "back_url": _check_url(child),
        },
    )


@setting_required
def check_share_view(request: AccessRequest, child_id: int) -> HttpResponse:
    child = child_get_for(request.access, child_id, Action.EDIT_PROGRESS_CHECK)
    if request.method != "POST":
        return redirect(_check_url(child))
    check = selectors.check_for(child)
    if check is None:
        raise Http404
    today = dates.today()
    try:
        check = services.check_share_with_health_visitor(
            child=child, check=check, by=request.user, on=today
        )
    except services.NoHealthVisitorConsent:
        consent_url = reverse(
            "settings:children:consent_record", args=[child.care_setting.slug, child.pk]
        )
        return render(
            request,
            "learning/check_share_refused.html",
            {
                "child": child,
                "care_setting": child.care_setting,
                "consent_url": consent_url,
                "back_url": _check_url(child),
            },
            status=400,
        )
    messages.success(
        request,
        f"Recorded that {child}'s progress check was shared with the health visitor on "
        f"{check.shared_with_health_visitor_on:%-d %B %Y}.",
    )
    return redirect(_check_url(child))


@setting_or_la_required
def check_pdf_view(request: AccessRequest, child_id: int) -> HttpResponse:
    child = child_get_for(request.access, child_id, Action.VIEW_PROGRESS)
    check = selectors.check_for(child)
    if check is None:
        raise Http404
    pdf = services.check_pdf(child=child, check=check, by=request.user)
    filename = download_name("Progress check at two", str(child), on=check.completed_on)
    return pdf_response(pdf, filename=filename)


@setting_or_la_required
def leaving_pdf_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Serve the stored summary if nothing was written since; else render it now."""
    child = child_get_for(request.access, child_id, Action.VIEW_PROGRESS)
    name = services.leaving_summary_path(child.pk)
    today = dates.today()
    pdf = None
    if selectors.leaving_summary_is_fresh(child) and default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            pdf = handle.read()
    if pdf is None:
        pdf = services.leaving_summary_render(child=child, today=today)
    services.leaving_summary_downloaded(child=child, by=request.user)
    return pdf_response(pdf, filename=download_name("Leaving summary", str(child), on=today))
