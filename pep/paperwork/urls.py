"""Setting-side pages of PEPs: the PEP page, its paperwork, submission and targets."""

from django.urls import path

from pep.paperwork import views

urlpatterns = [
    path("<id:pep_id>/", views.pep_detail_view, name="detail"),
    path("<id:pep_id>/submit/", views.pep_submit_view, name="submit"),
    path("<id:pep_id>/targets/add/", views.target_add_view, name="target_add"),
    path("<id:pep_id>/targets/<id:target_id>/", views.target_edit_view, name="target_edit"),
    path(
        "<id:pep_id>/targets/<id:target_id>/remove/",
        views.target_delete_view,
        name="target_delete",
    ),
    # Under paperwork/, so that no other part's pep/<id>/<word>/ page is taken for a section.
    path("<id:pep_id>/paperwork/<slug:section>/", views.pep_section_view, name="section"),
]
