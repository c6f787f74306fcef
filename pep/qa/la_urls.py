"""LA-side pages of PEPs: qa."""

urlpatterns: list = []
