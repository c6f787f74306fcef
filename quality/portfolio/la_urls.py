"""The settings portfolio, under /la/<la_slug>/quality/: the page and its CSV."""

from django.urls import path

from quality.portfolio import views

urlpatterns = [
    path("portfolio/", views.portfolio_view, name="portfolio"),
    path("portfolio/export.csv", views.portfolio_csv_view, name="portfolio_csv"),
]
