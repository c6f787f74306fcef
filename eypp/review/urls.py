"""EYPP review pages under the setting (settings:eypp:*): the setting's EYPP list."""

from django.urls import path

from eypp.review import views

urlpatterns = [
    path("", views.setting_plans_view, name="plans"),
]
