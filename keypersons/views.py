"""Key persons, caseloads, training and the setting dashboards."""

from django.http import HttpResponse
from django.shortcuts import render

from accounts import selectors
from accounts.permissions import AccessRequest, Action, flags, require, setting_required


@setting_required
def setting_overview_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.VIEW_SETTING)
    care_setting = access.care_setting
    return render(
        request,
        "keypersons/setting_overview.html",
        {
            "care_setting": care_setting,
            "summary": selectors.setting_summary(care_setting),
            "inspections": selectors.inspections_for(care_setting),
            **flags(access, Action.VIEW_STAFF, Action.INVITE_STAFF, Action.VIEW_SETTING_AUDIT),
        },
    )


@setting_required
def my_key_children_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.VIEW_MY_KEY_CHILDREN)
    care_setting = access.care_setting
    return render(
        request,
        "keypersons/my_key_children.html",
        {
            "care_setting": care_setting,
            "membership": access.membership,
            "summary": selectors.setting_summary(care_setting),
        },
    )
