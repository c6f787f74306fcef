"""A setting's action plans and support package (settings:quality:plan_*, support_*)."""

from django.urls import path

from quality.plans import views

urlpatterns = [
    path("plans/", views.plan_list_view, name="plan_list"),
    path("plans/new/", views.plan_open_view, name="plan_open"),
    path("plans/<id:plan_id>/", views.plan_detail_view, name="plan_detail"),
    path("plans/<id:plan_id>/contact/", views.plan_contact_view, name="plan_contact"),
    path("plans/<id:plan_id>/comment/", views.plan_comment_view, name="plan_comment"),
    path("plans/<id:plan_id>/engagement/", views.plan_engagement_view, name="plan_engagement"),
    path("plans/<id:plan_id>/actions/new/", views.action_add_view, name="plan_action_add"),
    path(
        "plans/<id:plan_id>/actions/<id:action_id>/edit/",
        views.action_edit_view,
        name="plan_action_edit",
    ),
    path(
        "plans/<id:plan_id>/actions/<id:action_id>/comment/",
        views.action_comment_view,
        name="plan_action_comment",
    ),
    path("plans/<id:plan_id>/support/new/", views.support_add_view, name="support_add"),
    path(
        "plans/<id:plan_id>/support/<id:item_id>/edit/",
        views.support_edit_view,
        name="support_edit",
    ),
]
