# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the EYPP lists and the roll-up (GET only: nothing here writes).

The setting's EYPP list is for those who read every eligible child's EYPP at the setting
(VIEW_EYPP without a child: the manager, the DSL, and the LA people who reach the setting)
and for a key person, who sees only their own key children; a practitioner with no key
child is refused (403). The LA's list of plans is for its people who read EYPP plans, the
roll-up and its CSV for those with VIEW_EYPP_ROLLUP: every LA role has both. An advisor not
assigned to the setting gets the page with nothing of that setting on it (see the tests of
eypp.review). Setting staff have no role at the LA (404); another setting or LA is 404.
"""

from typing import Any

from tests.matrix.base import LOGIN, Places, at_la, at_setting


def with_key_child(places: Places) -> dict[str, Any]:
    """The manager's setting, where the key person has a key child."""
    places.fixture("key_child")
    return at_setting(places)


_L = LOGIN

# fmt: off
ROWS = {
    #                                              anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:plans":    (with_key_child, (_L, 200, 200, 403, 200, 200, 404, 200, 200, 404, 404)),
    "la_eypp:plans":          (at_la,          (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_eypp:rollup":         (at_la,          (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_eypp:rollup_csv":     (at_la,          (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
}
# fmt: on

WRITES: dict = {}
