"""The LA advisor's home, mounted by eyfs_portal/la_urls.py in "la"."""

from django.urls import path

from workspace import views

urlpatterns = [
    path("my-settings/", views.advisor_home_view, name="my_settings"),
]
