"""EYPP eligibility pages under the LA (la_eypp:*): the child's EYPP page, read only."""

from django.urls import path

from eypp.eligibility import views

urlpatterns = [
    path("children/<id:child_id>/", views.child_eypp_view, name="child_eypp"),
]
