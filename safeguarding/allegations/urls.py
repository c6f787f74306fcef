"""Allegations against staff: the manager's and the DSL's, never the accused's."""

from django.urls import path

from safeguarding.allegations import views

urlpatterns = [
    path("safeguarding/allegations/", views.allegation_list_view, name="allegation_list"),
    path("safeguarding/allegations/new/", views.allegation_add_view, name="allegation_add"),
    path(
        "safeguarding/allegations/<id:allegation_id>/",
        views.allegation_detail_view,
        name="allegation_detail",
    ),
    path(
        "safeguarding/allegations/<id:allegation_id>/edit/",
        views.allegation_edit_view,
        name="allegation_edit",
    ),
]
