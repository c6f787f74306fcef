"""Setting-side pages of PEPs: paperwork."""

urlpatterns: list = []
