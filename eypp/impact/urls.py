"""EYPP impact pages under the setting (settings:eypp:*)."""

from django.urls import path

from eypp.impact import views

urlpatterns = [
    path("plans/<id:plan_id>/impact/", views.impact_view, name="impact"),
]
