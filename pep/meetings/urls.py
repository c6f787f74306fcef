"""Setting-side pages of PEPs: meetings."""

urlpatterns: list = []
