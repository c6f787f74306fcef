"""Pages of a child's safeguarding status, its tasks, and the child's safeguarding page."""

from django.urls import path

from safeguarding.status import views

urlpatterns = [
    path("safeguarding/children/<id:child_id>/", views.child_view, name="child"),
    path(
        "safeguarding/children/<id:child_id>/status/new/",
        views.status_add_view,
        name="status_add",
    ),
    path("safeguarding/status/<id:status_id>/edit/", views.status_edit_view, name="status_edit"),
    path("safeguarding/status/<id:status_id>/end/", views.status_end_view, name="status_end"),
    path("safeguarding/status/<id:status_id>/tasks/new/", views.task_add_view, name="task_add"),
    path("safeguarding/tasks/<id:task_id>/edit/", views.task_edit_view, name="task_edit"),
    path("safeguarding/tasks/<id:task_id>/done/", views.task_done_view, name="task_done"),
]
