# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for concerns passed to the DSL, and their old addresses.

Concerns are secret: only the DSL and the manager see them, everyone else who reaches the
setting gets 404, as do people of other settings and LAs. Acknowledging is POST only, so a
GET answers 405 to anyone who reaches the setting. The old addresses under learning/worries/
(from before concerns moved to safeguarding) answer the same 404s after the same check and
send the DSL and the manager on to the concerns page (302); the old acknowledging address
acts on nothing, so it takes no row in the write matrix.
"""

from typing import Any

from tests.factories.safeguarding import ConcernFactory
from tests.matrix.base import LOGIN, OK, REDIRECT, Places, as_rendered, at_setting


def a_concern(places: Places) -> dict[str, Any]:
    concern = ConcernFactory(child=places.fixture("key_child"))
    return {"setting_slug": places.care_setting.slug, "concern_id": concern.pk}


_L = LOGIN
_R = REDIRECT

# fmt: off
ROWS = {
    #                                                        anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:concern_list":        (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_detail":      (a_concern,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_acknowledge": (a_concern,  (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:safeguarding:worry_list":          (at_setting, (_L, _R,  404, 404, _R,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:worry_acknowledge":   (a_concern,  (_L, _R,  404, 404, _R,  404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                     anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:concern_acknowledge": (a_concern, as_rendered, (_L,  OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:safeguarding:concern_acknowledge": (
        "settings:safeguarding:concern_list",
        at_setting,
    ),
}
