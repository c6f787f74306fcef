"""The LA's landing pages, mounted by eyfs_portal/la_urls.py in "la"."""

from django.urls import path

from workspace import views

urlpatterns = [
    path("", views.la_overview_view, name="overview"),
    path("my-settings/", views.advisor_home_view, name="my_settings"),
]
