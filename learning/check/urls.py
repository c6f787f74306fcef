"""URL patterns of the progress check at age two and the leaving summary.

Included by learning/urls.py under /settings/<setting_slug>/learning/.
"""

from django.urls import path

from learning.check import views as views

urlpatterns = [
    path("<id:child_id>/progress-check/", views.check_view, name="check"),
    path("<id:child_id>/progress-check/edit/", views.check_edit_view, name="check_edit"),
    path(
        "<id:child_id>/progress-check/not-done/",
        views.check_not_done_view,
        name="check_not_done",
    ),
    path("<id:child_id>/progress-check/share/", views.check_share_view, name="check_share"),
    path("<id:child_id>/progress-check.pdf", views.check_pdf_view, name="check_pdf"),
    path("<id:child_id>/leaving-summary.pdf", views.leaving_pdf_view, name="leaving_pdf"),
]
