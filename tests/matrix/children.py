# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the children pages.

The child is the key person's looked-after key child at the manager's setting. Staff of the
setting read the list and the hub; the manager changes the record, leaves, moves, exports,
reads the child's trail and keeps the setting's rooms; the key person also keeps their key
child's team and consents.
An assigned improvement advisor and the CiC advisor follow a looked-after child: they open
the hub, read-only, but not the list. The LA administrator is not in the DESIGN.md table:
children are outside their scope (404). Another setting or LA is 404 throughout.
"""

from typing import Any

from accounts.models import CareSetting
from children.models import Room
from tests.factories.accounts import CareSettingFactory, RoomFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_child, at_la_child, at_setting, day_parts


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


# --- The write matrix ------------------------------------------------------------------


def a_new_child(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "first_name": "Nell",
        "last_name": "Newcomer",
        **day_parts("date_of_birth", ago(800)),
        **day_parts("start_date", ago(10)),
        "sen_status": "none",
        "funded_entitlement": "universal_15",
        "looked_after_status": "no",
        "allergies": "Peanuts: adrenaline pen in the office",
        "carer_name": "Nia Newcomer",
        "carer_role": "parent",
        "carer_phone": "01632 960123",
        "carer_emergency_contact": "on",
    }


def with_a_room(places: Places) -> dict[str, Any]:
    """The key child, with a room of the setting to put them in."""
    RoomFactory(care_setting=places.care_setting, name="Owls")
    return at_child(places)


def into_owls(places: Places, form: HtmlForm) -> dict[str, Any]:
    """The record as it is, in the setting's Owls room; funded, as its EYPP needs."""
    owls = Room.objects.get(care_setting=places.care_setting, name="Owls")
    assert str(owls.pk) in form.options["room"]
    return {"room": str(owls.pk), "funded_entitlement": "universal_15"}


def a_new_room(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"name": "Hedgehogs", "min_age_months": "24", "max_age_months": "36"}


def renamed_archived(places: Places, form: HtmlForm) -> dict[str, Any]:
    """The room, nobody in it, renamed and archived."""
    return {"name": "Old hedgehogs", "archived": "on"}


def leaving_next_month(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("leave_date", ago(-30)),
        "leaving_destination": "Reception at Oakfield Primary School",
    }


def with_a_new_home(places: Places) -> dict[str, Any]:
    """The key child, with a setting in the same LA to move to."""
    CareSettingFactory(
        local_authority=places.home_la, name="Bluebell Pre-school", ofsted_urn="EY900001"
    )
    return at_child(places)


def moving_to_bluebell(places: Places, form: HtmlForm) -> dict[str, Any]:
    assert CareSetting.objects.filter(ofsted_urn="EY900001").exists()
    return {"new_setting": "EY900001", **day_parts("moved_on", ago(0)), "reason": "Family moved"}


def a_grandparent(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"role": "other", "name": "Gwen Grandparent", "relationship": "Grandmother"}


def a_new_phone(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"phone": "01632 960999"}


def with_a_parent(places: Places) -> dict[str, Any]:
    """The key child, with a parent in the team to answer for them."""
    TeamMemberFactory(child=places.fixture("key_child"))
    return at_child(places)


def outings_given(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "kind": "outings",
        "granted": "yes",
        "given_by": form.options["given_by"][0],
        **day_parts("given_on", ago(1)),
    }


def withdrawn_today(places: Places, form: HtmlForm) -> dict[str, Any]:
    return day_parts("withdrawn_on", ago(0))


_team = (LOGIN, OK, OK, 403, 403, 403, 404, 403, 404, 404, 404)

# fmt: off
WRITES = {
    #                                                                            anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:children:add":              (at_setting,      a_new_child,        (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:edit":             (with_a_room,     into_owls,          (_L,  OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:leave":            (at_child,        leaving_next_month, (_L,  OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:move":             (with_a_new_home, moving_to_bluebell, (_L,  OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:team_add":         (at_child,        a_grandparent,      (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:team_edit":        (a_team_member,   a_new_phone,        (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:consent_record":   (with_a_parent,   outings_given,      (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:consent_withdraw": (a_consent,       withdrawn_today,    (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:children:room_add":         (at_setting,      a_new_room,         (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:children:room_edit":        (a_room,          renamed_archived,   (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on
