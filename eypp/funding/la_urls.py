"""EYPP funding pages under the LA (la_eypp:*): the rates per financial year."""

from django.urls import path

from eypp.funding import views

urlpatterns = [
    path("rates/", views.rates_view, name="rates"),
    path("rates/<int:starts_in>/", views.rate_change_view, name="rate_change"),
]
