"""Who read which child's safeguarding records."""

from django.urls import path

from safeguarding.reads import views

urlpatterns = [
    path("safeguarding/reads/", views.reads_view, name="reads"),
    path("safeguarding/reads.csv", views.reads_csv_view, name="reads_csv"),
]
