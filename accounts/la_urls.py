"""Pages of one local authority, under /la/<la_slug>/."""

from django.urls import path

from accounts import views

app_name = "la"

urlpatterns = [
    path("", views.la_overview_view, name="overview"),
    path("settings/add/", views.la_setting_add_view, name="setting_add"),
    path(
        "settings/<slug:setting_slug>/advisor/",
        views.la_advisor_assign_view,
        name="advisor_assign",
    ),
    path("people/invite/", views.la_invite_view, name="invite"),
    path("policy/", views.la_policy_view, name="policy"),
    path("my-settings/", views.advisor_home_view, name="my_settings"),
    path("audit/", views.la_audit_view, name="audit"),
]
