"""The setting's Ofsted history and support, under /settings/<setting_slug>/quality/."""

from django.urls import path

from quality.portfolio import views

urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("inspections/new/", views.inspection_add_view, name="inspection_add"),
    path(
        "inspections/<id:inspection_id>/edit/",
        views.inspection_edit_view,
        name="inspection_edit",
    ),
    path("support/", views.setting_support_edit_view, name="setting_support_edit"),
]
