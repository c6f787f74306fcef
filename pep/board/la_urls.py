"""LA-side pages of PEPs: the children in care advisor's board and its CSV (LA only), and
an out-of-county PEP's uploaded document (both sides)."""

from django.urls import path

from pep.board import views

urlpatterns = [
    path("board/", views.board_view, name="board"),
    path("board/export.csv", views.board_csv_view, name="board_csv"),
    path(
        "<id:pep_id>/external/<id:document_id>/",
        views.external_document_view,
        name="external_document",
    ),
]
