"""Setting-side pages of PEPs: quality assurance and corrections."""

from django.urls import path

from pep.qa import views

urlpatterns = [
    path("<id:pep_id>/quality-assurance/", views.qa_view, name="qa"),
    path("<id:pep_id>/correction/", views.correction_view, name="correction"),
]
