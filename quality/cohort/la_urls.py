"""The children in care cohort report and its CSV (la_quality:cohort, la_quality:cohort_csv)."""

from django.urls import path

from quality.cohort import views

urlpatterns = [
    path("children-in-care/", views.cohort_view, name="cohort"),
    path("children-in-care/export.csv", views.cohort_csv_view, name="cohort_csv"),
]
