"""Safeguarding pages of one setting, under /settings/<setting_slug>/ (settings:safeguarding:*).

Mounted without a prefix so that the learning journey's old addresses of concerns
(``learning/worries/...``) can redirect here; every page of a part is under
``safeguarding/``.
"""

from safeguarding.parts import part_modules

app_name = "safeguarding"

urlpatterns = [pattern for module in part_modules("urls") for pattern in module.urlpatterns]
