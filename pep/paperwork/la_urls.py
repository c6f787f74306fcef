"""LA-side pages of PEPs: the same paperwork views as the setting's (the door decides)."""

from pep.paperwork.urls import urlpatterns as setting_patterns

urlpatterns = list(setting_patterns)
