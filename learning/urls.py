"""Learning and progress of a setting's children, under /settings/<setting_slug>/learning/."""

from learning import check_urls, journey_urls, tracker_urls

app_name = "learning"

urlpatterns = [*tracker_urls.urlpatterns, *journey_urls.urlpatterns, *check_urls.urlpatterns]
