"""EYPP document pages under the LA (la_eypp:*)."""

urlpatterns: list = []
