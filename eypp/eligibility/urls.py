"""EYPP eligibility pages under the setting (settings:eypp:*)."""

urlpatterns: list = []
