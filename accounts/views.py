"""Thin views: ask accounts.permissions for access, read with selectors, write with services."""

import copy
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from accounts import selectors, services
from accounts.dashboards import dashboard
from accounts.forms import (
    AssignAdvisorForm,
    CareSettingForm,
    ChangePasswordForm,
    ChooseNewPasswordForm,
    InviteLaStaffForm,
    InviteStaffForm,
    LaPolicyForm,
    SignInForm,
)
from accounts.models import LaRole, Membership
from accounts.permissions import (
    Access,
    AccessRequest,
    Action,
    AuditSubject,
    audit_entries_for,
    audit_kinds_for,
    audit_scope_for,
    flags,
    la_required,
    landing_page,
    require,
    setting_required,
)
from common.audit import audit_trail, subject_model
from common.audit_filters import audit_page
from common.form_pages import create_page, edit_page

sign_in_view = auth_views.LoginView.as_view(
    form_class=SignInForm,
    template_name="accounts/login.html",
    redirect_authenticated_user=True,
)


class ChooseNewPasswordView(auth_views.PasswordResetConfirmView):
    form_class = ChooseNewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: ChooseNewPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_chosen(user=form.user, verb="user.password_reset")
        return response


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_chosen(user=form.user, verb="user.password_changed")
        return response


# --- A care setting ----------------------------------------------------------------


@setting_required
def staff_list_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.VIEW_STAFF)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "care_setting": access.care_setting,
            "staff": selectors.staff_for(access.care_setting),
            **flags(access, Action.INVITE_STAFF, Action.MANAGE_STAFF),
        },
    )


@setting_required
def staff_invite_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.INVITE_STAFF)
    care_setting = access.care_setting
    return create_page(
        request,
        form=InviteStaffForm(request.POST or None, care_setting=care_setting),
        create=partial(services.staff_invite, care_setting=care_setting),
        done=_invited,
        back=reverse("settings:staff", args=[care_setting.slug]),
        template="accounts/staff_invite.html",
        context={"care_setting": care_setting},
    )


def _invited(role: Membership | LaRole) -> str:
    return f"{role.user.full_name} has been invited and will get an email."


@setting_required
def setting_audit_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.VIEW_SETTING_AUDIT)
    return _audit_page(request, place=access.care_setting.name)


def _audit_page(request: AccessRequest, *, place: str) -> HttpResponse:
    """The trail of the access's place, filtered by child, person, kind and dates."""
    access = request.access
    context = audit_page(
        request,
        events=audit_trail(scope=audit_scope_for(access)),
        entries_for=partial(audit_entries_for, access),
        children=selectors.audit_children(access),
        kinds=audit_kinds_for(access),
        child_model=subject_model(AuditSubject.CHILD),
    )
    events = [(entry, []) for entry in context["entries"]]
    return render(
        request,
        "common/audit_list.html",
        {**context, "events": events, "place": place},
    )


# --- A local authority ----------------------------------------------------------------


@dashboard(la_required, action=Action.ADMINISTER_LA, template="accounts/la_overview.html")
def la_overview_view(request: AccessRequest, access: Access, today: date) -> dict[str, Any]:
    """The LA administrator's settings, their grades and the ways to manage them."""
    return {
        "local_authority": access.local_authority,
        "care_settings": selectors.settings_with_grades(access),
        "setting_page": landing_page("setting", Membership.Role.MANAGER),
    }


@la_required
def la_setting_add_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADMINISTER_LA)
    local_authority = access.local_authority
    return create_page(
        request,
        form=CareSettingForm(request.POST or None),
        create=partial(services.care_setting_create, local_authority=local_authority),
        done=lambda care_setting: f"{care_setting.name} has been added.",
        back=reverse("la:overview", args=[local_authority.slug]),
        template="accounts/la_setting_add.html",
        context={"local_authority": local_authority},
    )


@la_required
def la_advisor_assign_view(request: AccessRequest, setting_slug: str) -> HttpResponse:
    access = request.access
    require(access, Action.ADMINISTER_LA)
    care_setting = selectors.la_setting_get(access, setting_slug)
    form = AssignAdvisorForm(request.POST or None, advisors=selectors.improvement_advisors(access))
    if request.method == "POST" and form.is_valid():
        la_role = form.cleaned_data["advisor"]
        services.advisor_assign(by=request.user, care_setting=care_setting, la_role=la_role)
        messages.success(request, f"{la_role.user.full_name} now supports {care_setting.name}.")
        return redirect("la:overview", access.local_authority.slug)
    return render(
        request,
        "accounts/la_advisor_assign.html",
        {"form": form, "care_setting": care_setting, "local_authority": access.local_authority},
    )


@la_required
def la_invite_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADMINISTER_LA)
    local_authority = access.local_authority
    return create_page(
        request,
        form=InviteLaStaffForm(request.POST or None, local_authority=local_authority),
        create=partial(services.la_staff_invite, local_authority=local_authority),
        done=_invited,
        back=reverse("la:overview", args=[local_authority.slug]),
        template="accounts/la_invite.html",
        context={"local_authority": local_authority},
    )


@la_required
def la_audit_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADMINISTER_LA)
    return _audit_page(request, place=access.local_authority.name)


@la_required
def la_policy_view(request: AccessRequest) -> HttpResponse:
    """Let the LA administrator set the PEP deadlines, review cycle and reminder lead times."""
    access = request.access
    require(access, Action.ADMINISTER_LA)
    local_authority = access.local_authority

    def done(_saved: Any) -> HttpResponse:
        messages.success(request, "The local authority's policy has been saved.")
        return redirect("la:overview", local_authority.slug)

    return edit_page(
        request,
        form_class=LaPolicyForm,
        # A copy: the form writes what it cleans onto its instance; the service reads the row.
        form_kwargs=lambda record: {"instance": copy.copy(record)},
        record=local_authority,
        save=partial(services.la_policy_update, local_authority=local_authority),
        reload=lambda: selectors.local_authority_as_saved(local_authority),
        done=done,
        template="accounts/la_policy.html",
        context={"local_authority": local_authority},
    )
