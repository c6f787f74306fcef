"""EYPP review pages under the LA (la_eypp:*): the plans sent to the LA and the roll-up."""

from django.urls import path

from eypp.review import views

urlpatterns = [
    path("plans/", views.la_plans_view, name="plans"),
    path("roll-up/", views.rollup_view, name="rollup"),
    path("roll-up/export.csv", views.rollup_csv_view, name="rollup_csv"),
]
