"""LA-side pages of PEPs: pack."""

urlpatterns: list = []
