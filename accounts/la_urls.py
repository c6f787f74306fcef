"""Pages of one local authority, under /la/<la_slug>/."""

from django.urls import path

from accounts import staff_views, term_views, views

# Mounted by eyfs_portal/la_urls.py in the "la" namespace.
urlpatterns = [
    path("", views.la_overview_view, name="overview"),
    path("settings/add/", views.la_setting_add_view, name="setting_add"),
    path(
        "settings/<slug:setting_slug>/advisor/",
        views.la_advisor_assign_view,
        name="advisor_assign",
    ),
    path("people/invite/", views.la_invite_view, name="invite"),
    path("users/", staff_views.la_users_view, name="users"),
    path("users/<id:la_role_id>/edit/", staff_views.la_user_edit_view, name="user_edit"),
    path(
        "users/<id:la_role_id>/deactivate/",
        staff_views.la_user_deactivate_view,
        name="user_deactivate",
    ),
    path(
        "users/<id:la_role_id>/resend-invitation/",
        staff_views.la_user_resend_view,
        name="user_resend",
    ),
    path("policy/", views.la_policy_view, name="policy"),
    path("policy/terms/", term_views.la_terms_view, name="terms"),
    path("policy/terms/add/", term_views.la_term_add_view, name="term_add"),
    path("policy/terms/<id:term_id>/", term_views.la_term_edit_view, name="term_edit"),
    path("policy/terms/<id:term_id>/delete/", term_views.la_term_delete_view, name="term_delete"),
    path("audit/", views.la_audit_view, name="audit"),
]
