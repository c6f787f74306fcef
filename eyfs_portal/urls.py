"""Top-level URL configuration: each app mounts its own patterns."""

from django.contrib import admin
from django.urls import include, path, register_converter

from common import views as common_views
from common.converters import IdConverter
from workspace import views as workspace_views

# Before the apps' patterns are read: every record id in an address is ``<id:…>``.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", workspace_views.home_view, name="home"),
    path("healthz", common_views.health_view, name="health"),
    path("accounts/", include("accounts.urls")),
    path("settings/<slug:setting_slug>/", include("eyfs_portal.setting_urls")),
    path("la/<slug:la_slug>/children/", include("children.la_urls")),
    path("la/<slug:la_slug>/children/", include("learning.la_urls")),
    path("la/<slug:la_slug>/pep/", include("pep.la_urls")),
    path("la/<slug:la_slug>/eypp/", include("eypp.la_urls")),
    path("la/<slug:la_slug>/quality/", include("quality.la_urls")),
    path("la/<slug:la_slug>/", include("eyfs_portal.la_urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "common.views.bad_request_view"
handler403 = "common.views.permission_denied_view"
handler404 = "common.views.page_not_found_view"
handler500 = "common.views.server_error_view"
