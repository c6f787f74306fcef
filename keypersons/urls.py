"""Key-person allocation and training pages, under /settings/<setting_slug>/key-persons/."""

from django.urls import path

from keypersons import views

app_name = "keypersons"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("child/<id:child_id>/allocate/", views.allocate_view, name="allocate"),
    path("child/<id:child_id>/end/", views.end_view, name="end"),
    path("caseloads/", views.caseloads_view, name="caseloads"),
    path("caseloads/limit/", views.caseload_limit_view, name="caseload_limit"),
    path("staff/<id:user_id>/", views.caseload_view, name="caseload"),
    path("staff/<id:user_id>/leaving/", views.staff_leaving_view, name="staff_leaving"),
    path("training/", views.training_view, name="training"),
    path("staff/<id:user_id>/training/add/", views.training_add_view, name="training_add"),
]
