# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the LA's school terms, under /la/<la_slug>/policy/terms/.

Only the LA administrator edits the terms (the policy's right); the LA's advisors are 403,
setting staff and another LA's people 404.
"""

from datetime import date
from typing import Any

from accounts.models import SchoolTerm
from tests.matrix.base import LOGIN, OK, Places, as_rendered, at_la, day_parts


def at_term(places: Places) -> dict[str, Any]:
    """A term of the home LA (the same one however often the builder runs)."""
    term, _ = SchoolTerm.objects.get_or_create(
        local_authority=places.home_la,
        name="Autumn 2030",
        defaults={"starts_on": date(2030, 9, 2), "ends_on": date(2030, 10, 25)},
    )
    return {**at_la(places), "term_id": term.pk}


def a_new_term(places: Places, form: Any) -> dict[str, Any]:
    return {
        "name": "Spring 2031",
        **day_parts("starts_on", date(2031, 1, 6)),
        **day_parts("ends_on", date(2031, 2, 14)),
    }


def a_longer_term(places: Places, form: Any) -> dict[str, Any]:
    return {"name": "Autumn 2030 first half", **day_parts("ends_on", date(2030, 10, 24))}


_L = LOGIN

# fmt: off
ROWS = {
    #                                        anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la:terms":       (at_la,   (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:term_add":    (at_la,   (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:term_edit":   (at_term, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:term_delete": (at_term, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
}

WRITES = {
    #                                                 anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la:term_add":    (at_la,   a_new_term,    (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:term_edit":   (at_term, a_longer_term, (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:term_delete": (at_term, as_rendered,   (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
}
# fmt: on
