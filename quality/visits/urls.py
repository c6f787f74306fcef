"""Notes of visit at a setting (settings:quality:visit_*)."""

from django.urls import path

from quality.visits import views

urlpatterns = [
    path("visits/", views.visit_list_view, name="visit_list"),
    path("visits/new/", views.visit_add_view, name="visit_add"),
    path("visits/<id:visit_id>/", views.visit_detail_view, name="visit_detail"),
    path("visits/<id:visit_id>/edit/", views.visit_edit_view, name="visit_edit"),
    path("visits/<id:visit_id>/share/", views.visit_share_view, name="visit_share"),
    path("visits/<id:visit_id>/reflections/", views.visit_reflect_view, name="visit_reflect"),
    path("visits/<id:visit_id>/notes-of-visit.pdf", views.visit_pdf_view, name="visit_pdf"),
]
