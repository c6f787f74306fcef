"""Pages of a child's chronology at the setting."""

from django.urls import path

from safeguarding.chronology import views

urlpatterns = [
    path(
        "safeguarding/children/<id:child_id>/chronology/",
        views.chronology_view,
        name="chronology",
    ),
    path(
        "safeguarding/children/<id:child_id>/chronology.pdf",
        views.chronology_pdf_view,
        name="chronology_pdf",
    ),
    path(
        "safeguarding/children/<id:child_id>/chronology/new/",
        views.chronology_entry_add_view,
        name="chronology_entry_add",
    ),
    path(
        "safeguarding/chronology/<id:entry_id>/edit/",
        views.chronology_entry_edit_view,
        name="chronology_entry_edit",
    ),
]
