"""EYPP plans pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
