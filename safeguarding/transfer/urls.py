"""Pages of safeguarding file transfers (settings:safeguarding:transfer_*)."""

from django.urls import path

from safeguarding.transfer import views

urlpatterns = [
    path("safeguarding/transfers/", views.transfer_list_view, name="transfer_list"),
    path(
        "safeguarding/transfers/<id:transfer_id>/",
        views.transfer_detail_view,
        name="transfer_detail",
    ),
    path(
        "safeguarding/transfers/<id:transfer_id>/send/",
        views.transfer_send_view,
        name="transfer_send",
    ),
    path(
        "safeguarding/transfers/<id:transfer_id>/acknowledge/",
        views.transfer_acknowledge_view,
        name="transfer_acknowledge",
    ),
    path(
        "safeguarding/transfers/<id:transfer_id>/file.pdf",
        views.transfer_file_view,
        name="transfer_file",
    ),
    path(
        "safeguarding/transfers/<id:transfer_id>/handover/",
        views.transfer_handover_view,
        name="transfer_handover",
    ),
]
