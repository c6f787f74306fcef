"""LA-side pages of PEPs: quality assurance and corrections (the same views as the setting's)."""

from pep.qa.urls import urlpatterns as urlpatterns
