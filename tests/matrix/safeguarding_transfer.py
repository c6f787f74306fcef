# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for safeguarding file transfers.

Secret like every safeguarding page: the DSL and the manager of the setting reach them,
everyone else 404. The key child's file is sent from the manager's setting to
``other_setting``: there, ``other_manager`` is the receiving manager, but at the manager's
setting's address they are a stranger (404). The receipt is written by the receiving
setting, so its write row is a file sent to the manager's setting from ``other_setting``.
A file sent off the portal is downloaded through the handover page (the file's address
sends there first).
"""

from typing import Any

from django.utils import timezone

from children.models import Child
from safeguarding.models import Transfer
from safeguarding.transfer import crypto
from tests.factories.accounts import ChildFactory
from tests.factories.safeguarding import ConcernFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, as_rendered, at_setting, first_option

PDF = b"%PDF-1.7 a stand-in for the rendered file"


def _transfer(
    places: Places, *, sent: bool, to_other: bool = True, incoming: bool = False
) -> Transfer:
    """Find or make the transfer (the same one each time: a form's page and its post agree)."""
    other = places.fixture("other_setting")
    if incoming:
        child = Child.objects.filter(
            care_setting=places.care_setting, first_name="Ines"
        ).first() or ChildFactory(care_setting=places.care_setting, first_name="Ines")
        fields: dict[str, Any] = {"from_setting": other, "to_setting": places.care_setting}
    else:
        child = places.fixture("key_child")
        fields = (
            {"from_setting": places.care_setting, "to_setting": other}
            if to_other
            else {
                "from_setting": places.care_setting,
                "destination": "Hill Top Nursery, Northtown",
            }
        )
    found = Transfer.objects.filter(
        child=child, sent_at__isnull=not sent, destination=fields.get("destination", "")
    ).filter(**{key: value for key, value in fields.items() if key != "destination"})
    if found.exists():
        return found.first()
    ConcernFactory(child=child, care_setting=fields["from_setting"])
    if sent:
        fields.update(
            sent_at=timezone.now(),
            sent_by=places.fixture("dsl"),
            pdf=crypto.encrypt(PDF),
            checksum=crypto.checksum(PDF),
        )
    return Transfer.objects.create(child=child, due_on=timezone.localdate(), **fields)


def unsent(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "transfer_id": _transfer(places, sent=False).pk}


def sent(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "transfer_id": _transfer(places, sent=True).pk}


def sent_off_portal(places: Places) -> dict[str, Any]:
    transfer = _transfer(places, sent=True, to_other=False)
    return {**at_setting(places), "transfer_id": transfer.pk}


def incoming(places: Places) -> dict[str, Any]:
    transfer = _transfer(places, sent=True, incoming=True)
    return {**at_setting(places), "transfer_id": transfer.pk}


def handover_data(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"person": "The receiving DSL", "method": first_option(form, "method")}


_L = LOGIN
_R = "302 elsewhere"

# fmt: off
ROWS = {
    #                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:transfer_list":        (at_setting,      (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_detail":      (sent,            (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_send":        (unsent,          (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_acknowledge": (incoming,        (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:safeguarding:transfer_file":        (sent,            (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_handover":    (sent_off_portal, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:transfer_send":        (unsent,          as_rendered,   (_L,  OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_acknowledge": (incoming,        as_rendered,   (_L,  OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:transfer_handover":    (sent_off_portal, handover_data, (_L,  OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:safeguarding:transfer_acknowledge": (
        "settings:safeguarding:transfer_detail",
        incoming,
    ),
}
