"""Children of a setting, under /settings/<setting_slug>/children/."""

from django.urls import path

from children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list_view, name="list"),
    path("export.csv", views.child_export_view, name="export"),
    path("add/", views.child_add_view, name="add"),
    path("rooms/", views.room_list_view, name="rooms"),
    path("rooms/add/", views.room_add_view, name="room_add"),
    path("rooms/<id:room_id>/", views.room_edit_view, name="room_edit"),
    path("<id:child_id>/", views.child_detail_view, name="detail"),
    path("<id:child_id>/edit/", views.child_edit_view, name="edit"),
    path("<id:child_id>/leave/", views.child_leave_view, name="leave"),
    path("<id:child_id>/move/", views.child_move_view, name="move"),
    path("<id:child_id>/audit/", views.child_audit_view, name="audit"),
    path("<id:child_id>/team/add/", views.team_add_view, name="team_add"),
    path("<id:child_id>/team/<id:member_id>/", views.team_edit_view, name="team_edit"),
    path("<id:child_id>/consents/record/", views.consent_record_view, name="consent_record"),
    path(
        "<id:child_id>/consents/<id:consent_id>/withdraw/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
]
