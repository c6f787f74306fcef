"""URL patterns of the tracker pages, included by learning/urls.py."""

from django.urls import path

from learning.tracker import views as views

urlpatterns = [
    path("<id:child_id>/tracker/", views.tracker_view, name="tracker"),
    path("<id:child_id>/tracker/start/", views.tracker_start_view, name="tracker_start"),
    path("<id:child_id>/tracker/<id:period_id>/", views.tracker_edit_view, name="tracker_edit"),
    path("<id:child_id>/early-assessment/", views.early_assessment_view, name="assessment"),
    path(
        "<id:child_id>/early-assessment/edit/",
        views.early_assessment_edit_view,
        name="assessment_edit",
    ),
    path("group/", views.group_view, name="group"),
    path("periods/", views.periods_view, name="periods"),
]
