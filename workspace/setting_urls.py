"""The setting's dashboards, mounted by eyfs_portal/setting_urls.py in "settings"."""

from django.urls import path

from workspace import views

urlpatterns = [
    path("", views.setting_overview_view, name="overview"),
    path("my-key-children/", views.my_key_children_view, name="my_key_children"),
]
