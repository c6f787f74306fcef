"""The LA administrator's school terms: listed, added, changed and deleted."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import term_selectors as selectors
from accounts import term_services as services
from accounts.permissions import AccessRequest, Action, la_required, require
from accounts.term_forms import SchoolTermDeleteForm, SchoolTermForm
from common.form_pages import create_page, edit_page
from common.versioning import Difference, differences


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
    return create_page(
        request,
        form=SchoolTermForm(request.POST or None, local_authority=local_authority),
        create=partial(services.school_term_add, local_authority=local_authority),
        done=lambda term: f"{term.name} has been added.",
        back=back,
        template="accounts/la_term_form.html",
        context={"local_authority": local_authority, "back_url": back, "term": None},
    )


@la_required
def la_term_edit_view(request: AccessRequest, term_id: int) -> HttpResponse:
    access = request.access
    term = selectors.school_term_get(access, term_id)
    local_authority = access.local_authority
    back = reverse("la:terms", args=[local_authority.slug])

    def done(_changed: Any) -> HttpResponse:
        messages.success(request, f"{term.name} has been saved.")
        return redirect(back)

    def conflict_of(form: Form, saved: Any, typed: dict[str, Any]) -> list[Difference]:
        return differences(saved, typed, labels={name: form.fields[name].label for name in typed})

    return edit_page(
        request,
        form_class=SchoolTermForm,
        form_kwargs=lambda record: {
            "local_authority": local_authority,
            "term": record,
            "initial": {
                "name": record.name,
                "starts_on": record.starts_on,
                "ends_on": record.ends_on,
            },
        },
        record=term,
        save=partial(services.school_term_change, term=term),
        reload=lambda: selectors.school_term_get(access, term_id),
        done=done,
        conflict_of=conflict_of,
        template="accounts/la_term_form.html",
        context={"local_authority": local_authority, "back_url": back, "term": term},
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
