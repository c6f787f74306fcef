"""Changing, deactivating and re-inviting people: at a setting and at the LA. Thin views."""

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import staff_selectors as selectors
from accounts import staff_services as services
from accounts.models import LaRole, Membership
from accounts.permissions import (
    AccessRequest,
    Action,
    flags,
    la_required,
    require,
    setting_required,
)
from accounts.staff_forms import (
    DeactivateForm,
    LaRoleEditForm,
    ResendInvitationForm,
    StaffEditForm,
    UserSearchForm,
)
from common.form_pages import add_service_error, edit_page
from common.submissions import AlreadySaved
from common.versioning import Difference, differences, differing

USERS_PAGE_SIZE = 25


def _conflict(form: Form, saved: Membership | LaRole, typed: dict[str, Any]) -> list[Difference]:
    """Return (question, saved now, typed) where what is saved differs from what was typed."""
    fields = {name: value for name, value in typed.items() if name != "full_name"}
    labels = {name: form.fields[name].label for name in fields}
    name = [(str(form.fields["full_name"].label), saved.user.full_name, typed["full_name"])]
    return differing(name) + differences(saved, fields, labels=labels)


# --- Staff of a setting ----------------------------------------------------------------------


def _staff_values(membership: Membership) -> dict[str, Any]:
    return {
        "full_name": membership.user.full_name,
        "role": membership.role,
        "job_title": membership.job_title,
        "is_dsl": membership.is_dsl,
        "is_senco": membership.is_senco,
    }


def _gone(request: AccessRequest, name: str, back: str) -> HttpResponse:
    messages.info(request, f"{name} has already been deactivated.")
    return redirect(back)


@setting_required
def staff_edit_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """Change a member of staff's name, role, job title and DSL and SENCo hats."""
    access = request.access
    membership = selectors.staff_member_get(access, user_id, Action.MANAGE_STAFF)
    back = reverse("settings:staff", args=[access.care_setting.slug])
    if not membership.is_active:
        return _gone(request, membership.user.full_name, back)
    elsewhere = selectors.works_elsewhere(membership.user, membership=membership)

    def done(changes: Any) -> HttpResponse:
        _say_saved(request, membership.user.full_name, changes)
        if membership.user_id == request.user.pk and "role" in changes:
            # Their own role changed: home finds the page their new role starts from.
            return redirect("home")
        return redirect(back)

    return edit_page(
        request,
        form_class=StaffEditForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, **_staff_values(record)},
            "elsewhere": elsewhere,
        },
        record=membership,
        save=partial(services.staff_update, membership=membership),
        reload=lambda: selectors.staff_member_get(access, user_id, Action.MANAGE_STAFF),
        done=done,
        conflict_of=_conflict,
        message=services.STAFF_CONFLICT,
        template="accounts/staff_edit.html",
        context={"membership": membership, "care_setting": access.care_setting, "back_url": back},
    )


def _say_saved(request: AccessRequest, name: str, changes: Any) -> None:
    if changes:
        messages.success(request, f"{name}'s details have been saved.")
    else:
        messages.info(request, f"Nothing was changed for {name}.")


@setting_required
def staff_deactivate_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """Take a member of staff's access to the setting away at once."""
    access = request.access
    membership = selectors.staff_member_get(access, user_id, Action.MANAGE_STAFF)
    return _deactivate_page(
        request,
        person=membership.user,
        active=membership.is_active,
        gone=membership.user.full_name,
        deactivate=partial(services.staff_deactivate, membership=membership),
        done=(
            f"{membership.user.full_name} no longer has access to "
            f"{access.care_setting.name}. Their key-person and buddy allocations have "
            "ended. Any children left without a key person are listed first on the key "
            "persons page."
        ),
        back=reverse("settings:staff", args=[access.care_setting.slug]),
        template="accounts/staff_deactivate.html",
        context={"membership": membership, "care_setting": access.care_setting},
    )


def _deactivate_page(
    request: AccessRequest,
    *,
    person: Any,
    active: bool,
    gone: str,
    deactivate: Callable[..., bool],
    done: str,
    back: str,
    template: str,
    context: dict[str, Any],
    initial_reason: str = "",
) -> HttpResponse:
    """Take a person's access away with a reason, or say it is gone already, and go back.

    ``deactivate`` takes ``by`` and ``reason`` and returns False when someone else did it
    first; ``gone`` names what is gone, ``done`` is the success message.
    """
    if not active:
        return _gone(request, gone, back)
    form = DeactivateForm(request.POST or None, initial_reason=initial_reason)
    if request.method == "POST" and form.is_valid():
        try:
            deactivated = deactivate(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not deactivated:
                return _gone(request, gone, back)
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        template,
        {"form": form, "is_self": person.pk == request.user.pk, "back_url": back, **context},
    )


@setting_required
def staff_resend_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """Send a member of staff who has not signed in yet a new link to choose a password."""
    access = request.access
    membership = selectors.staff_member_get(access, user_id, Action.MANAGE_STAFF)
    back = reverse("settings:staff", args=[access.care_setting.slug])
    if request.method == "POST":
        return _send_again(
            request,
            person=membership.user,
            send=lambda token: services.staff_invitation_resend(
                by=request.user, membership=membership, submission_token=token
            ),
            back=back,
        )
    return _resend_page(
        request,
        person=membership.user,
        active=membership.is_active,
        back=back,
        place=access.care_setting.name,
        role=membership.role_label,
        caption=access.care_setting.name,
    )


def _send_again(request: AccessRequest, *, person: Any, send: Any, back: str) -> HttpResponse:
    """Send the invitation again, or say why not, and go back to the list.

    ``send`` takes the submission token of the form's render: sent twice, it sends once.
    """
    form = ResendInvitationForm(request.POST)
    token = form.cleaned_data["submission_token"] if form.is_valid() else None
    try:
        send(token)
    except AlreadySaved:
        messages.info(request, f"The invitation has already been sent again to {person.email}.")
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation has been sent again to {person.email}.")
    return redirect(back)


def _resend_page(
    request: AccessRequest, *, person: Any, active: bool, back: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_resend.html",
        {
            "form": ResendInvitationForm(),
            "person": person,
            "active": active,
            "signed_in": person.last_login is not None,
            "back_url": back,
            **context,
        },
    )


# --- People at the LA ------------------------------------------------------------------------


@la_required
def la_users_view(request: AccessRequest) -> HttpResponse:
    """The LA's people and its settings' staff: searchable, a page at a time, with actions."""
    access = request.access
    require(access, Action.MANAGE_LA_USERS)
    search_form = UserSearchForm(request.GET or None)
    search = search_form.search()
    people = selectors.la_users(access, search=search)
    page = Paginator(people, USERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/la_users.html",
        {
            "local_authority": access.local_authority,
            "search_form": search_form,
            "search": search,
            "page": page,
            "page_query": f"{urlencode({'q': search})}&" if search else "",
            **flags(access, Action.MANAGE_LA_USERS, Action.MANAGE_STAFF),
        },
    )


def _la_role_values(la_role: LaRole) -> dict[str, Any]:
    return {"full_name": la_role.user.full_name, "role": la_role.role}


@la_required
def la_user_edit_view(request: AccessRequest, la_role_id: int) -> HttpResponse:
    """Change a person's name and role at the LA."""
    access = request.access
    la_role = selectors.la_role_get(access, la_role_id, Action.MANAGE_LA_USERS)
    back = reverse("la:users", args=[access.local_authority.slug])
    if not la_role.is_active:
        return _gone(request, f"{la_role.user.full_name}'s role", back)
    elsewhere = selectors.works_elsewhere(la_role.user, la_role=la_role)

    def done(changes: Any) -> HttpResponse:
        _say_saved(request, la_role.user.full_name, changes)
        return redirect(back)

    return edit_page(
        request,
        form_class=LaRoleEditForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, **_la_role_values(record)},
            "elsewhere": elsewhere,
        },
        record=la_role,
        save=partial(services.la_role_update, la_role=la_role),
        reload=lambda: selectors.la_role_get(access, la_role_id, Action.MANAGE_LA_USERS),
        done=done,
        conflict_of=_conflict,
        message=services.LA_ROLE_CONFLICT,
        template="accounts/la_user_edit.html",
        context={"la_role": la_role, "local_authority": access.local_authority, "back_url": back},
    )


@la_required
def la_user_deactivate_view(request: AccessRequest, la_role_id: int) -> HttpResponse:
    """Take a person's role at the LA away at once."""
    access = request.access
    la_role = selectors.la_role_get(access, la_role_id, Action.MANAGE_LA_USERS)
    return _deactivate_page(
        request,
        person=la_role.user,
        active=la_role.is_active,
        gone=f"{la_role.user.full_name}'s role",
        deactivate=partial(services.la_role_deactivate, la_role=la_role),
        done=(
            f"{la_role.user.full_name} is no longer {la_role.get_role_display()} at "
            f"{access.local_authority.name}."
        ),
        back=reverse("la:users", args=[access.local_authority.slug]),
        template="accounts/la_user_deactivate.html",
        context={"la_role": la_role, "local_authority": access.local_authority},
        initial_reason="Left the local authority",
    )


@la_required
def la_user_resend_view(request: AccessRequest, la_role_id: int) -> HttpResponse:
    """Send a person at the LA who has not signed in yet a new link to choose a password."""
    access = request.access
    la_role = selectors.la_role_get(access, la_role_id, Action.MANAGE_LA_USERS)
    back = reverse("la:users", args=[access.local_authority.slug])
    if request.method == "POST":
        return _send_again(
            request,
            person=la_role.user,
            send=lambda token: services.la_invitation_resend(
                by=request.user, la_role=la_role, submission_token=token
            ),
            back=back,
        )
    return _resend_page(
        request,
        person=la_role.user,
        active=la_role.is_active,
        back=back,
        place=access.local_authority.name,
        role=la_role.get_role_display(),
        caption=access.local_authority.name,
    )
