"""Setting-side pages of PEPs: meetings about a looked-after child."""

from django.urls import path

from pep.meetings import views

urlpatterns = [
    path(
        "<id:pep_id>/meeting/schedule/",
        views.meeting_schedule_view,
        name="meeting_schedule",
    ),
    path(
        "meetings/<id:meeting_id>/reschedule/",
        views.meeting_reschedule_view,
        name="meeting_reschedule",
    ),
    path("meetings/<id:meeting_id>/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<id:meeting_id>/confirm/", views.meeting_confirm_view, name="meeting_confirm"),
    path("meetings/<id:meeting_id>/record/", views.meeting_record_view, name="meeting_record"),
    path("meetings/<id:meeting_id>/invite.ics", views.meeting_ics_view, name="meeting_ics"),
    path("children/<id:child_id>/meetings/", views.child_meetings_view, name="child_meetings"),
    path(
        "children/<id:child_id>/meetings/add/",
        views.other_meeting_add_view,
        name="other_meeting_add",
    ),
]
