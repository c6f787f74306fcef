"""Setting-side pages of PEPs: the signed PEP's PDF pack."""

from django.urls import path

from pep.pack import views

urlpatterns = [
    path("<id:pep_id>/pack.pdf", views.pack_pdf_view, name="pack_pdf"),
]
