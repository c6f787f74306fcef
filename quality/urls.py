"""A setting's support pages, under /settings/<setting_slug>/quality/ (settings:quality:*).

The setting's manager, the LA administrator and the improvement advisors assigned to the
setting reach them; the door decides what each may do.
"""

from quality.parts import part_modules

app_name = "quality"

urlpatterns = [pattern for module in part_modules("urls") for pattern in module.urlpatterns]
