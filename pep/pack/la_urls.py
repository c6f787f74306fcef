"""LA-side pages of PEPs: the signed PEP's PDF pack (the same view as the setting's)."""

from pep.pack.urls import urlpatterns as urlpatterns
