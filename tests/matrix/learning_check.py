# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the progress check at age two and the leaving summary.

Every member of staff, and the advisors who follow the looked-after key child, read the
check, its PDF and the leaving summary (VIEW_PROGRESS). Recording, changing and sharing the
check, or recording why it was not done, is the manager's and the child's key person's
(EDIT_PROGRESS_CHECK). Sharing is a
POST: a GET by someone allowed goes back to the check page. The LA administrator sees no
child records (404); another setting or LA is 404 throughout.
"""

from typing import Any

from tests.factories_learning_check import ProgressCheckFactory
from tests.test_permission_matrix import LOGIN, REDIRECT, Places, at_child


def with_check(places: Places) -> dict[str, Any]:
    """The key child, with a progress check recorded."""
    ProgressCheckFactory(child=places.fixture("key_child"))
    return at_child(places)


_L, _R = LOGIN, REDIRECT

# fmt: off
ROWS = {
    #                                                    anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:check":       (at_child,    (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:check_edit":  (at_child,    (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_not_done": (at_child, (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_share": (with_check,  (_L, _R,  _R,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_pdf":   (with_check,  (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:leaving_pdf": (at_child,    (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
}
# fmt: on
