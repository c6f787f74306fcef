"""Agency working: the visit log and each child's information sharing."""

from django.urls import path

from safeguarding.agency import views

urlpatterns = [
    path("safeguarding/visits/", views.visit_list_view, name="visit_list"),
    path("safeguarding/visits/new/", views.visit_add_view, name="visit_add"),
    path("safeguarding/visits/<id:visit_id>/edit/", views.visit_edit_view, name="visit_edit"),
    path(
        "safeguarding/visits/<id:visit_id>/sign-out/",
        views.visit_sign_out_view,
        name="visit_sign_out",
    ),
    path("safeguarding/children/<id:child_id>/sharing/", views.share_list_view, name="share_list"),
    path(
        "safeguarding/children/<id:child_id>/sharing/new/",
        views.share_add_view,
        name="share_add",
    ),
    path("safeguarding/sharing/<id:share_id>/edit/", views.share_edit_view, name="share_edit"),
]
