"""URL patterns of the tracker pages, included by learning/urls.py."""

urlpatterns: list = []
