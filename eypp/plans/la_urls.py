"""EYPP plans pages under the LA (la_eypp:*): reading, the decision and the allocation."""

from django.urls import path

from eypp.plans import views

urlpatterns = [
    path("plans/<id:plan_id>/", views.plan_detail_view, name="plan"),
    path("plans/<id:plan_id>/decision/", views.plan_decide_view, name="plan_decide"),
    path("plans/<id:plan_id>/allocation/", views.plan_allocation_view, name="plan_allocation"),
]
