"""LA-side pages of PEPs: clock."""

urlpatterns: list = []
