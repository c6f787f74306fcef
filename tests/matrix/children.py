# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the children pages.

The child is the key person's looked-after key child at the manager's setting. Staff of the
setting read the list and the hub; the manager changes the record, leaves, moves, exports
and reads the child's trail; the key person also keeps their key child's team and consents.
An assigned improvement advisor and the CiC advisor follow a looked-after child: they open
the hub, read-only, but not the list. The LA administrator is not in the DESIGN.md table:
children are outside their scope (404). Another setting or LA is 404 throughout.
"""

from typing import Any

from tests.factories import RoomFactory
from tests.factories_children import ConsentFactory, TeamMemberFactory
from tests.test_permission_matrix import LOGIN, Places, at_child, at_la_child, at_setting


def a_team_member(places: Places) -> dict[str, Any]:
    """A parent in the key child's team."""
    child = places.fixture("key_child")
    member = TeamMemberFactory(child=child)
    return {**at_child(places), "member_id": member.pk}


def a_consent(places: Places) -> dict[str, Any]:
    """Photograph consent given for the key child, still in force."""
    consent = ConsentFactory(child=places.fixture("key_child"))
    return {**at_child(places), "consent_id": consent.pk}


def a_room(places: Places) -> dict[str, Any]:
    """A room of the manager's setting."""
    room = RoomFactory(care_setting=places.care_setting)
    return {**at_setting(places), "room_id": room.pk}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                            anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:children:list":             (at_setting,     (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "settings:children:export":           (at_setting,     (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:add":              (at_setting,     (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:rooms":            (at_setting,     (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:room_add":         (at_setting,     (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:room_edit":        (a_room,         (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:detail":           (at_child,       (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:children:edit":             (at_child,       (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:leave":            (at_child,       (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:move":             (at_child,       (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:audit":            (at_child,       (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:team_add":         (at_child,       (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:team_edit":        (a_team_member,  (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:consent_record":   (at_child,       (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:consent_withdraw": (a_consent,      (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "la_children:detail":                 (at_la_child,    (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
}
# fmt: on
