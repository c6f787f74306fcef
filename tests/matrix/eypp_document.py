# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for an EYPP plan's PDF, on both sides.

The plan is the key child's approved plan (``the_approved_plan``): whoever reads the plan
(VIEW_EYPP) downloads its PDF. The practitioner has no EYPP right; another setting or LA
does not reach the plan (404).
"""

from tests.matrix.base import LOGIN
from tests.matrix.eypp_impact import at_la_plan, at_plan

_L = LOGIN

# fmt: off
ROWS = {
    #                                              anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:plan_pdf":  (at_plan,      (_L, 200, 200, 404, 200, 200, 404, 200, 200, 404, 404)),
    "la_eypp:plan_pdf":        (at_la_plan,   (_L, 404, 404, 404, 404, 200, 404, 200, 200, 404, 404)),
}
# fmt: on
