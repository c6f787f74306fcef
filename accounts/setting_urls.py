"""Pages of one care setting, under /settings/<setting_slug>/."""

from django.urls import path

from accounts import views

# Mounted by eyfs_portal/setting_urls.py in the "settings" namespace.
urlpatterns = [
    path("staff/", views.staff_list_view, name="staff"),
    path("staff/invite/", views.staff_invite_view, name="staff_invite"),
    path("audit/", views.setting_audit_view, name="audit"),
]
