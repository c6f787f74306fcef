"""A child's learning pages for an LA advisor, read-only, under /la/<la_slug>/children/.

The same views as the setting's pages (learning/urls.py), reached through the LA: the door
(``child_get_for``) decides, for the out-of-county children an LA is responsible for too.
"""

from django.urls import path

from learning.check import views as check_views
from learning.journey import views as journey_views
from learning.tracker import views as tracker_views

app_name = "la_learning"

urlpatterns = [
    path("<id:child_id>/journey/", journey_views.journey_view, name="journey"),
    path("<id:child_id>/tracker/", tracker_views.tracker_view, name="tracker"),
    path(
        "<id:child_id>/early-assessment/",
        tracker_views.early_assessment_view,
        name="assessment",
    ),
    path("<id:child_id>/progress-check/", check_views.check_view, name="check"),
    path("<id:child_id>/progress-check.pdf", check_views.check_pdf_view, name="check_pdf"),
    path("<id:child_id>/leaving-summary.pdf", check_views.leaving_pdf_view, name="leaving_pdf"),
    path("photos/<id:photo_id>/", journey_views.photo_view, name="photo"),
]
