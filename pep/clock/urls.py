"""Setting-side pages of PEPs: clock."""

urlpatterns: list = []
