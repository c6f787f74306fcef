"""EYPP review pages under the LA (la_eypp:*)."""

urlpatterns: list = []
