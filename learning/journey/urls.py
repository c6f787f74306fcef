"""URL patterns of the journey pages, included by learning/urls.py."""

from django.urls import path

from learning.journey import views as views

urlpatterns = [
    path("observations/add/", views.observation_add_view, name="observation_add"),
    path(
        "observations/<id:observation_id>/edit/",
        views.observation_edit_view,
        name="observation_edit",
    ),
    path(
        "observations/<id:observation_id>/publish/",
        views.observation_publish_view,
        name="observation_publish",
    ),
    path("<id:child_id>/journey/", views.journey_view, name="journey"),
    path("photos/<id:photo_id>/", views.photo_view, name="photo"),
]
