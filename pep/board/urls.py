"""Setting-side pages of PEPs: the setting's PEPs and out-of-county records.

Under /settings/<setting_slug>/pep/. Recording an out-of-county PEP is the setting's only:
no LA person edits a PEP, so upload and record are not mounted on the LA side.
"""

from django.urls import path

from pep.board import views

urlpatterns = [
    path("", views.setting_peps_view, name="setting_peps"),
    path("<id:pep_id>/external/upload/", views.external_upload_view, name="external_upload"),
    path("<id:pep_id>/external/record/", views.external_record_view, name="external_record"),
    path(
        "<id:pep_id>/external/<id:document_id>/",
        views.external_document_view,
        name="external_document",
    ),
]
