"""EYPP impact pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
