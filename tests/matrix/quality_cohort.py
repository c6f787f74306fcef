# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the children in care cohort report (GET only: nothing writes).

The report and its CSV are for the children in care advisor and the LA administrator
(VIEW_COHORT_REPORT). Improvement advisors have a role at the LA but not the right: 403 (a
non-secret action). Setting staff have no role at the LA, and another LA's people none at
this one: 404.
"""

from tests.matrix.base import LOGIN, at_la

_L = LOGIN

# fmt: off
ROWS = {
    #                                              anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_quality:cohort":      (at_la,          (_L, 404, 404, 404, 404, 403, 403, 200, 200, 404, 404)),
    "la_quality:cohort_csv":  (at_la,          (_L, 404, 404, 404, 404, 403, 403, 200, 200, 404, 404)),
}
# fmt: on

WRITES: dict = {}
