"""The pages that combine several apps: the landing pages and the dashboards.

Each dashboard is a few lines on ``accounts.dashboards.dashboard``: it composes the apps'
own selectors (keypersons' caseload rows, accounts' settings and inspections) and the
panels other apps registered (``accounts.panels``), each built only for a viewer with its
right.
"""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import selectors as account_selectors
from accounts.dashboards import dashboard
from accounts.models import Membership
from accounts.panels import landing_panels_for
from accounts.permissions import (
    Access,
    AccessRequest,
    Action,
    can,
    la_required,
    landing_page,
    setting_required,
    workplaces_for,
)
from keypersons import selectors as keyperson_selectors
from workspace import selectors


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Send the user to their workplace's home page, or let them choose between several."""
    places = workplaces_for(request.user)
    if len(places) == 1:
        return redirect(places[0].url_name, places[0].slug)
    return render(
        request,
        "workspace/home_choose.html",
        {"places": [(place, reverse(place.url_name, args=[place.slug])) for place in places]},
    )


# --- A care setting ----------------------------------------------------------------


@dashboard(
    setting_required,
    action=Action.VIEW_SETTING,
    template="workspace/setting_overview.html",
    flag_actions=(
        Action.VIEW_STAFF,
        Action.INVITE_STAFF,
        Action.VIEW_SETTING_AUDIT,
        Action.ALLOCATE_KEY_PERSON,
        Action.VIEW_CASELOADS,
        Action.VIEW_TRAINING,
        Action.VIEW_CHILD,
    ),
)
def setting_overview_view(request: AccessRequest, access: Access, today: date) -> dict[str, Any]:
    """The manager's overview: figures, children needing a key person, CiC, training due."""
    care_setting = access.care_setting
    with_training = can(access, Action.VIEW_TRAINING)
    return {
        "care_setting": care_setting,
        "summary": account_selectors.setting_summary(care_setting),
        "inspections": account_selectors.inspections_for(care_setting),
        "overview": keyperson_selectors.setting_overview(
            access, today, with_training=with_training
        ),
        "alert_days": care_setting.local_authority.unallocated_key_person_days,
        "is_setting_staff": access.membership is not None,
    }


@dashboard(
    setting_required,
    action=Action.VIEW_MY_KEY_CHILDREN,
    template="workspace/my_key_children.html",
    flag_actions=(Action.VIEW_CHILD,),
)
def my_key_children_view(request: AccessRequest, access: Access, today: date) -> dict[str, Any]:
    """A key person's own key children and buddy children, with what needs doing."""
    care_setting = access.care_setting
    rows = keyperson_selectors.caseload_rows(care_setting, request.user, today)
    return {
        "care_setting": care_setting,
        "membership": access.membership,
        "key_rows": [row for row in rows if not row.is_buddy],
        "buddy_rows": [row for row in rows if row.is_buddy],
        "training_due": keyperson_selectors.training_due(care_setting, today, staff=request.user),
        "dsl_names": keyperson_selectors.dsl_names(care_setting),
        # Other apps' panels, each only for those with its right (asked of can()).
        "panels": landing_panels_for(access),
    }


# --- A local authority ----------------------------------------------------------------


@dashboard(la_required, action=Action.VIEW_ADVISOR_HOME, template="workspace/advisor_home.html")
def advisor_home_view(request: AccessRequest, access: Access, today: date) -> dict[str, Any]:
    """Show an advisor the settings they support and the children in care they follow."""
    return {
        "local_authority": access.local_authority,
        "care_settings": account_selectors.settings_with_grades(access),
        "setting_page": landing_page("setting", Membership.Role.MANAGER),
        "children": [
            (child, child.age_label(today)) for child in selectors.children_for_advisor(access)
        ],
    }
