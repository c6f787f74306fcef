"""LA-side pages of PEPs: meetings; the same views and paths as the setting's."""

from pep.meetings.urls import urlpatterns as setting_patterns

urlpatterns = list(setting_patterns)
