"""LA-side pages of PEPs: paperwork."""

urlpatterns: list = []
