"""EYPP plans pages under the setting (settings:eypp:*)."""

from django.urls import path

from eypp.plans import views

urlpatterns = [
    path("children/<id:child_id>/plans/new/", views.plan_start_view, name="plan_start"),
    path("plans/<id:plan_id>/", views.plan_detail_view, name="plan"),
    path("plans/<id:plan_id>/needs/new/", views.line_add_view, name="line_add"),
    path("plans/<id:plan_id>/needs/<id:line_id>/", views.line_change_view, name="line_change"),
    path(
        "plans/<id:plan_id>/needs/<id:line_id>/remove/",
        views.line_remove_view,
        name="line_remove",
    ),
    path("plans/<id:plan_id>/submit/", views.plan_submit_view, name="plan_submit"),
    path("plans/<id:plan_id>/decision/", views.plan_decide_view, name="plan_decide"),
    path("plans/<id:plan_id>/allocation/", views.plan_allocation_view, name="plan_allocation"),
    path("plans/<id:plan_id>/new-version/", views.plan_revise_view, name="plan_revise"),
]
