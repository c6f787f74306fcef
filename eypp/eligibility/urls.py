"""EYPP eligibility pages under the setting (settings:eypp:*)."""

from django.urls import path

from eypp.eligibility import views

urlpatterns = [
    path("children/<id:child_id>/", views.child_eypp_view, name="child_eypp"),
    path("children/<id:child_id>/grounds/add/", views.ground_add_view, name="ground_add"),
    path(
        "children/<id:child_id>/grounds/<id:ground_id>/",
        views.ground_change_view,
        name="ground_change",
    ),
    path(
        "children/<id:child_id>/grounds/<id:ground_id>/end/",
        views.ground_end_view,
        name="ground_end",
    ),
    path("children/<id:child_id>/daf/add/", views.daf_add_view, name="daf_add"),
    path("children/<id:child_id>/daf/<id:daf_id>/", views.daf_change_view, name="daf_change"),
]
