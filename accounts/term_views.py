"""The LA administrator's school terms: listed, added, changed and deleted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import term_selectors as selectors
from accounts import term_services as services
from accounts.permissions import AccessRequest, Action, la_required, require
from accounts.term_forms import SchoolTermDeleteForm, SchoolTermForm
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form, differences


@la_required
def la_terms_view(request: AccessRequest) -> HttpResponse:
    """List the LA's school terms, earliest first."""
    access = request.access
    require(access, Action.ADMINISTER_LA)
    local_authority = access.local_authority
    return render(
        request,
        "accounts/la_terms.html",
        {
            "local_authority": local_authority,
            "terms": list(selectors.school_terms(local_authority)),
        },
    )


@la_required
def la_term_add_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADMINISTER_LA)
    local_authority = access.local_authority
    back = reverse("la:terms", args=[local_authority.slug])
    form = SchoolTermForm(request.POST or None, local_authority=local_authority)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.school_term_add(
                by=request.user, local_authority=local_authority, **form.cleaned_data
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{term.name} has been added.")
            return redirect(back)
    return render(
        request,
        "accounts/la_term_form.html",
        {"form": form, "local_authority": local_authority, "back_url": back, "term": None},
    )


@la_required
def la_term_edit_view(request: AccessRequest, term_id: int) -> HttpResponse:
    access = request.access
    term = selectors.school_term_get(access, term_id)
    local_authority = access.local_authority
    back = reverse("la:terms", args=[local_authority.slug])
    initial = {"name": term.name, "starts_on": term.starts_on, "ends_on": term.ends_on}
    form = SchoolTermForm(
        request.POST or None, local_authority=local_authority, term=term, initial=initial
    )
    conflict: list[tuple[str, str, str]] = []
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.school_term_change(by=request.user, term=term, **fields)
        except StaleRecord:
            saved = selectors.school_term_as_saved(term)
            fields.pop("version")
            conflict = differences(
                saved, fields, labels={name: form.fields[name].label for name in fields}
            )
            form = conflicted_form(
                SchoolTermForm,
                request.POST,
                version=saved.version,
                local_authority=local_authority,
                term=saved,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{term.name} has been saved.")
            return redirect(back)
    return render(
        request,
        "accounts/la_term_form.html",
        {
            "form": form,
            "local_authority": local_authority,
            "back_url": back,
            "term": term,
            "conflict": conflict,
        },
    )


@la_required
def la_term_delete_view(request: AccessRequest, term_id: int) -> HttpResponse:
    """Ask, then delete the term (POST only deletes)."""
    access = request.access
    term = selectors.school_term_get(access, term_id)
    back = reverse("la:terms", args=[access.local_authority.slug])
    form = SchoolTermDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if services.school_term_delete(by=request.user, term=term):
            messages.success(request, f"{term.name} has been deleted.")
        else:
            messages.info(request, f"{term.name} had already been deleted.")
        return redirect(back)
    return render(
        request,
        "accounts/la_term_delete.html",
        {"form": form, "local_authority": access.local_authority, "term": term, "back_url": back},
    )
