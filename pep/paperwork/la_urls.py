"""LA-side pages of PEPs: the same paperwork views as the setting's (the door decides).

All but the submission: only the setting's staff (EDIT_PEP) submit the paperwork, so that
page is on the setting's side only.
"""

from pep.paperwork.urls import urlpatterns as setting_patterns

urlpatterns = [pattern for pattern in setting_patterns if pattern.name != "submit"]
