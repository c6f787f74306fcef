"""EYPP document pages under the setting (settings:eypp:*)."""

from django.urls import path

from eypp.document import views

urlpatterns = [
    path("plans/<id:plan_id>/plan.pdf", views.plan_pdf_view, name="plan_pdf"),
]
