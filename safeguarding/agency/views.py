"""Pages of agency working: the setting's visit log, and each child's information sharing.

Thin views: records come through ``safeguarding.agency.selectors`` (404 without the right),
writes through ``safeguarding.agency.services``. Every page showing a record says so to
the "who read what" page (``record_read``).
"""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import AccessRequest, Action, can, require, setting_required
from common.form_pages import create_page, edit_page
from common.forms import parse_id
from common.versioning import StaleRecord, VersionField, differences, differing
from safeguarding.agency import selectors, services
from safeguarding.agency.forms import (
    LONDON,
    ShareForm,
    VisitChangeForm,
    VisitFilterForm,
    VisitForm,
)
from safeguarding.models import AgencyVisit, InformationShare
from safeguarding.selectors import record_read, safeguarding_child_get_for


def _url(name: str, slug: str, *args: Any) -> str:
    return reverse(f"settings:safeguarding:{name}", args=[slug, *args])


# --- Visits ---------------------------------------------------------------------------


@setting_required
def visit_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's visit log, newest first, and who is on the premises now."""
    access = request.access
    slug = access.care_setting.slug
    children = {child.pk: child for child in selectors.children_of(access)}
    form = VisitFilterForm(
        request.GET or None, children=[(pk, str(child)) for pk, child in children.items()]
    )
    filters = form.filters()
    visits = selectors.visits_for(access, **filters)
    if form.is_bound and not form.is_valid():
        visits = visits.none()
    page = Paginator(visits, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    here = selectors.on_premises(access)
    child_id = filters.get("child_id")
    record_read(access, page="Agency visits", child=children.get(child_id))
    can_edit = can(access, Action.EDIT_SAFEGUARDING)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/agency/visit_list.html",
        {
            "care_setting": access.care_setting,
            "form": form,
            "filtered": bool(filters and any(filters.values())),
            "filtered_child": children.get(child_id),
            "page": page,
            "rows": [_visit_row(slug, visit, can_edit) for visit in page],
            "here": [_visit_row(slug, visit, can_edit) for visit in here],
            "query": query.urlencode(),
            "add_url": _url("visit_add", slug) if can_edit else "",
        },
    )


def _visit_row(slug: str, visit: AgencyVisit, can_edit: bool) -> dict[str, Any]:
    return {
        "visit": visit,
        "arrived": visit.arrived_at.astimezone(LONDON),
        "left": visit.left_at.astimezone(LONDON) if visit.left_at else None,
        "supervisor": visit.supervised_by.full_name or visit.supervised_by.email,
        "child_url": _url("share_list", slug, visit.child_id),
        "edit_url": _url("visit_edit", slug, visit.pk) if can_edit else "",
        "sign_out_url": _url("visit_sign_out", slug, visit.pk)
        if can_edit and visit.left_at is None
        else "",
    }


@setting_required
def visit_add_view(request: AccessRequest) -> HttpResponse:
    """Sign a visitor from another agency in, with who supervises them."""
    access = request.access
    require(access, Action.EDIT_SAFEGUARDING)
    slug = access.care_setting.slug
    children = selectors.children_of(access)
    initial: dict[str, Any] = {}
    child_id = parse_id(request.GET.get("child"))
    if child_id is not None:
        initial["child"] = child_id
    form = VisitForm(
        request.POST or None,
        children=children,
        staff=selectors.staff_of(access),
        initial=initial,
    )
    return create_page(
        request,
        form=form,
        create=partial(services.visit_record, care_setting=access.care_setting),
        done=lambda visit: f"{visit.visitor_name} from {visit.agency} has been signed in.",
        back=_url("visit_list", slug),
        template="safeguarding/agency/visit_form.html",
        context={"care_setting": access.care_setting, "back_url": _url("visit_list", slug)},
    )


def _visit_differences(form: Form, saved: AgencyVisit, typed: dict[str, Any]) -> list:
    left = form.left_at if hasattr(form, "cleaned_data") else None
    return differing(
        [
            ("Time out", _local(saved.left_at), _local(left)),
            ("Notes", saved.notes, typed.get("notes", "")),
        ]
    )


def _local(moment: Any) -> str:
    return f"{moment.astimezone(LONDON):%-d %B %Y %H:%M}" if moment else ""


@setting_required
def visit_edit_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """Record when the visitor left, and notes of the visit."""
    access = request.access
    visit = selectors.visit_get(access, visit_id, Action.EDIT_SAFEGUARDING)
    slug = access.care_setting.slug
    record_read(access, page=f"Agency visit from {visit.agency}", child=visit.child, target=visit)
    back = _url("visit_list", slug)

    def initial(record: AgencyVisit) -> dict[str, Any]:
        left = record.left_at.astimezone(LONDON) if record.left_at else None
        return {
            "arrived_at": record.arrived_at,
            "initial": {
                "version": record.version,
                "left_on": left.date() if left else None,
                "left_time": f"{left:%H:%M}" if left else "",
                "notes": record.notes,
            },
        }

    def save(*, by: Any, version: int, left_on: Any, left_time: Any, notes: str) -> Any:
        left_at = services.at(left_on, left_time) if left_on and left_time is not None else None
        return services.visit_change(
            visit=visit, by=by, version=version, left_at=left_at, notes=notes
        )

    def done(saved: AgencyVisit) -> HttpResponse:
        messages.success(request, f"The visit from {saved.agency} has been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=VisitChangeForm,
        form_kwargs=initial,
        record=visit,
        save=save,
        reload=lambda: selectors.visit_get(access, visit.pk, Action.EDIT_SAFEGUARDING),
        done=done,
        template="safeguarding/agency/visit_edit.html",
        context={
            "care_setting": access.care_setting,
            "visit": visit,
            "arrived": visit.arrived_at.astimezone(LONDON),
            "supervisor": visit.supervised_by.full_name or visit.supervised_by.email,
            "back_url": back,
        },
        conflict_of=_visit_differences,
    )


class SignOutForm(Form):
    version = VersionField()


@setting_required
@require_POST
def visit_sign_out_view(request: AccessRequest, visit_id: int) -> HttpResponse:
    """Sign the visitor out now."""
    access = request.access
    visit = selectors.visit_get(access, visit_id, Action.EDIT_SAFEGUARDING)
    back = _url("visit_list", access.care_setting.slug)
    form = SignOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This page is out of date: open it again and try again.")
        return redirect(back)
    try:
        signed_out = services.visit_sign_out(
            visit=visit, by=request.user, version=form.cleaned_data["version"]
        )
    except StaleRecord:
        messages.error(
            request,
            "Someone else changed this visit while you were looking at it: check it and "
            "sign the visitor out again if they are still here.",
        )
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if signed_out:
        messages.success(request, f"{visit.visitor_name} from {visit.agency} has been signed out.")
    else:
        messages.info(request, f"{visit.visitor_name} from {visit.agency} was already signed out.")
    return redirect(back)


# --- Information sharing ----------------------------------------------------------------


@setting_required
def share_list_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's information sharing, both ways; third-party information marked."""
    access = request.access
    child = safeguarding_child_get_for(access, child_id)
    slug = access.care_setting.slug
    shares = selectors.shares_of(access, child)
    record_read(access, page="Information sharing", child=child)
    can_edit = can(access, Action.EDIT_SAFEGUARDING)
    return render(
        request,
        "safeguarding/agency/share_list.html",
        {
            "care_setting": access.care_setting,
            "child": child,
            "rows": [
                {
                    "share": share,
                    "edit_url": _url("share_edit", slug, share.pk) if can_edit else "",
                }
                for share in shares
            ],
            "add_url": _url("share_add", slug, child.pk) if can_edit else "",
            "visits_url": _url("visit_list", slug) + f"?child={child.pk}",
            "visit_add_url": _url("visit_add", slug) + f"?child={child.pk}" if can_edit else "",
        },
    )


@setting_required
def share_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Record information shared about the child with another agency, or with us."""
    access = request.access
    require(access, Action.EDIT_SAFEGUARDING)
    child = safeguarding_child_get_for(access, child_id)
    back = _url("share_list", access.care_setting.slug, child.pk)
    if request.method == "GET":
        record_read(access, page="Information sharing", child=child)
    return create_page(
        request,
        form=ShareForm(request.POST or None),
        create=lambda by, version=None, **fields: services.share_record(
            care_setting=access.care_setting, child=child, by=by, **fields
        ),
        done=lambda share: "The information sharing has been recorded.",
        back=back,
        template="safeguarding/agency/share_form.html",
        context={
            "care_setting": access.care_setting,
            "child": child,
            "heading": "Record information sharing",
            "back_url": back,
        },
    )


def _share_differences(form: Form, saved: InformationShare, typed: dict[str, Any]) -> list:
    labels = {name: field.label for name, field in form.fields.items()}
    kept = {
        name: value for name, value in typed.items() if name not in ("submission_token", "version")
    }
    return differences(saved, kept, labels=labels)


@setting_required
def share_edit_view(request: AccessRequest, share_id: int) -> HttpResponse:
    """Change an information sharing record."""
    access = request.access
    share = selectors.share_get(access, share_id, Action.EDIT_SAFEGUARDING)
    child = share.child
    record_read(access, page="Information sharing", child=child, target=share)
    back = _url("share_list", access.care_setting.slug, child.pk)

    def done(saved: InformationShare) -> HttpResponse:
        messages.success(request, "The information sharing has been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=ShareForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "direction": record.direction,
                "what": record.what,
                "agency": record.agency,
                "person": record.person,
                "shared_on": record.shared_on,
                "lawful_basis": record.lawful_basis,
                "consent": record.consent,
                "override_reason": record.override_reason,
                "onward_consent": record.onward_consent,
            }
        },
        record=share,
        save=lambda *, submission_token=None, **fields: services.share_change(
            share=share, **fields
        ),
        reload=lambda: selectors.share_get(access, share.pk, Action.EDIT_SAFEGUARDING),
        done=done,
        template="safeguarding/agency/share_form.html",
        context={
            "care_setting": access.care_setting,
            "child": child,
            "heading": "Change information sharing",
            "back_url": back,
        },
        conflict_of=_share_differences,
    )
