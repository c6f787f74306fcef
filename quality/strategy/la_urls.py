"""The LA's early years strategy action plan, under /la/<la_slug>/quality/strategy/."""

from django.urls import path

from quality.strategy import views

urlpatterns = [
    path("strategy/", views.strategy_view, name="strategy"),
    path("strategy/strategy-action-plan.csv", views.strategy_csv_view, name="strategy_csv"),
    path("strategy/strategy-action-plan.pdf", views.strategy_pdf_view, name="strategy_pdf"),
    path("strategy/chapters/add/", views.chapter_add_view, name="chapter_add"),
    path("strategy/chapters/<id:chapter_id>/edit/", views.chapter_edit_view, name="chapter_edit"),
    path("strategy/commitments/add/", views.commitment_add_view, name="commitment_add"),
    path(
        "strategy/commitments/<id:commitment_id>/",
        views.commitment_detail_view,
        name="commitment_detail",
    ),
    path(
        "strategy/commitments/<id:commitment_id>/edit/",
        views.commitment_edit_view,
        name="commitment_edit",
    ),
    path(
        "strategy/commitments/<id:commitment_id>/updates/add/",
        views.commitment_update_add_view,
        name="commitment_update_add",
    ),
]
