# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the key-person, caseload and training pages.

Allocating, ending allocations and caseloads are the manager's; the training matrix is also
the LA administrator's to read. A caseload is open to its own holder: the ``caseload`` row
asks for the key person's own, so the key person gets 200 where other practitioners get 403.
An allocation page is about one child: the LA administrator, who sees no child records,
gets 404 there; advisors who follow the looked-after child get 403.
"""

from typing import Any

from children.models import Child
from tests.factories.accounts import ChildFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, as_rendered, at_child, at_setting, day_parts


def at_key_person(places: Places) -> dict[str, object]:
    """The key person's page at the manager's setting."""
    return {"setting_slug": places.care_setting.slug, "user_id": places.fixture("key_person").pk}


# fmt: off
ROWS = {
    #                                                  anon   mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:keypersons:board":         (at_setting,    (LOGIN, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:allocate":      (at_child,      (LOGIN, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:keypersons:end":           (at_child,      (LOGIN, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:keypersons:caseloads":     (at_setting,    (LOGIN, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:caseload_limit": (at_setting,   (LOGIN, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:caseload":      (at_key_person, (LOGIN, 200, 200, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:staff_leaving": (at_key_person, (LOGIN, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:training":      (at_setting,    (LOGIN, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:keypersons:training_add":  (at_key_person, (LOGIN, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def with_a_new_child(places: Places) -> dict[str, Any]:
    """The manager's setting, with a child on roll who has no key person yet."""
    ChildFactory(care_setting=places.care_setting, first_name="Una", last_name="Unallocated")
    return at_setting(places)


def una_to_the_key_person(places: Places, form: HtmlForm) -> dict[str, Any]:
    una = Child.objects.get(care_setting=places.care_setting, first_name="Una")
    return {
        "children": [una.pk],
        "staff": places.fixture("key_person").pk,
        "reason": "New intake",
    }


def a_buddy(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"kind": "buddy", "staff": places.fixture("practitioner").pk, "is_designated": None}


def key_person_ends(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"kind": "key_person", "reason": "Key person changed rooms"}


def a_lower_limit(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"limit": "6"}


def first_aid(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"course": "paediatric_first_aid", **day_parts("completed_on", ago(10))}


_child = (LOGIN, OK, 403, 403, 403, 403, 404, 403, 404, 404, 404)

_L = LOGIN

# fmt: off
WRITES = {
    #                                                                               anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:keypersons:board":         (with_a_new_child, una_to_the_key_person, (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:allocate":      (at_child,         a_buddy,               (_L,  OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:keypersons:end":           (at_child,         key_person_ends,       (_L,  OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:keypersons:staff_leaving": (at_key_person,    as_rendered,           (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:caseload_limit": (at_setting,      a_lower_limit,         (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:keypersons:training_add":  (at_key_person,    first_aid,             (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on
