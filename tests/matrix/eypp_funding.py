# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the LA's EYPP and DAF rates.

The list is read by the LA's people who see the EYPP roll-up (the improvement advisors,
assigned or not, and the children in care advisor) and by the LA administrator, who alone
changes rates (EDIT_FUNDING_RATES; the advisors are refused, 403). Setting staff have no LA
role (404), nor has another LA's administrator.
"""

from typing import Any

from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la


def at_year(places: Places) -> dict[str, Any]:
    return {**at_la(places), "starts_in": 2026}


def confirmed(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"hourly_rate": "1.92", "rate_confirmed": "on", "daf_amount": "1225.00"}


# The year names no record of the home LA: each LA writes its own rates for it.
NOT_RECORDS = {"la_eypp:rate_change": {"starts_in"}}

_L = LOGIN

# fmt: off
ROWS = {
    #                                           anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_eypp:rates":        (at_la,   (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_eypp:rate_change":  (at_year, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
}

WRITES = {
    #                                                      anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_eypp:rate_change":  (at_year, confirmed, (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
}
# fmt: on
