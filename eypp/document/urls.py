"""EYPP document pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
