# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the page of who read which child's safeguarding records.

The DSL and the manager only; everyone else who reaches the setting gets 404, as do
people of other settings and LAs. Both the page and its CSV only read.
"""

from tests.matrix.base import LOGIN, at_setting

_L = LOGIN

# fmt: off
ROWS = {
    #                                                 anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:reads":     (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:reads_csv": (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
}
# fmt: on
