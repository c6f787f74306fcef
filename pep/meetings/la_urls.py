"""LA-side pages of PEPs: meetings."""

urlpatterns: list = []
