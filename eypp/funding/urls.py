"""EYPP funding pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
