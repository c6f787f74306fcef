"""URL patterns of the journey pages, included by learning/urls.py."""

urlpatterns: list = []
