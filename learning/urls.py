"""Learning and progress of a setting's children, under /settings/<setting_slug>/learning/."""

from learning.check import urls as check_urls
from learning.journey import urls as journey_urls
from learning.tracker import urls as tracker_urls

app_name = "learning"

urlpatterns = [*tracker_urls.urlpatterns, *journey_urls.urlpatterns, *check_urls.urlpatterns]
