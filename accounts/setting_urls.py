"""Pages of one care setting, under /settings/<setting_slug>/."""

from django.urls import path

from accounts import staff_views, views

# Mounted by eyfs_portal/setting_urls.py in the "settings" namespace.
urlpatterns = [
    path("staff/", views.staff_list_view, name="staff"),
    path("staff/invite/", views.staff_invite_view, name="staff_invite"),
    path("staff/<id:user_id>/edit/", staff_views.staff_edit_view, name="staff_edit"),
    path(
        "staff/<id:user_id>/deactivate/",
        staff_views.staff_deactivate_view,
        name="staff_deactivate",
    ),
    path(
        "staff/<id:user_id>/resend-invitation/",
        staff_views.staff_resend_view,
        name="staff_resend",
    ),
    path("audit/", views.setting_audit_view, name="audit"),
]
