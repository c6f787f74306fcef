"""URL patterns of the check pages, included by learning/urls.py."""

urlpatterns: list = []
