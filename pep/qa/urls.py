"""Setting-side pages of PEPs: qa."""

urlpatterns: list = []
