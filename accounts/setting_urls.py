"""Pages of one care setting, under /settings/<setting_slug>/."""

from django.urls import path

from accounts import views

app_name = "settings"

urlpatterns = [
    path("", views.setting_overview_view, name="overview"),
    path("my-key-children/", views.my_key_children_view, name="my_key_children"),
    path("staff/", views.staff_list_view, name="staff"),
    path("staff/invite/", views.staff_invite_view, name="staff_invite"),
    path("audit/", views.setting_audit_view, name="audit"),
]
