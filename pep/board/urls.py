"""Setting-side pages of PEPs: board."""

urlpatterns: list = []
