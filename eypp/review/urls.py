"""EYPP review pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
