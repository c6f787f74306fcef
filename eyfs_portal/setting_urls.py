"""Pages of one care setting, under /settings/<setting_slug>/, gathered from the apps."""

from django.urls import include, path

from accounts import setting_urls as account_pages
from workspace import setting_urls as workspace_pages

app_name = "settings"

urlpatterns = [
    *workspace_pages.urlpatterns,
    *account_pages.urlpatterns,
    path("children/", include("children.urls")),
    path("key-persons/", include("keypersons.urls")),
    path("learning/", include("learning.urls")),
    path("pep/", include("pep.urls")),
    path("eypp/", include("eypp.urls")),
    path("quality/", include("quality.urls")),
    # Its pages are under safeguarding/; it also answers the old learning/worries/ addresses.
    path("", include("safeguarding.urls")),
]
